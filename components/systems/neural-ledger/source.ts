/**
 * The processor's deployable source: the esbuild bundle of functions/ledger-processor plus a
 * package.json for the Node.js 22 runtime and a two-line `main.js` that registers the handler
 * with the Functions Framework as a CloudEvent function.
 *
 * Why the registration: the function is invoked by the `neural-ledger-processor` push
 * subscription (dead-letter policy, ordering, bounded retries: things an Eventarc-managed
 * trigger subscription cannot be given), not by an Eventarc trigger. A declared CloudEvent
 * signature makes the Functions Framework convert the Pub/Sub push body into the same
 * CloudEvent (`data.message.{data,attributes,messageId,publishTime}`) the handler expects.
 * (functions-framework-nodejs: loader.ts prefers a registered function's signature over the
 * deployment's; server.ts applies legacyPubSubEventMiddleware + backgroundEventToCloudEvent
 * for the cloudevent signature.) The ordering key is not carried into the CloudEvent; the
 * handler takes the stream from the event itself.
 */
import { createHash } from "crypto";
import type * as pulumi from "@pulumi/pulumi";
import { bundleHandler } from "../../../functions/bundle";
import { ENTRY_POINT } from "../../../functions/ledger-processor/layout";

/** The handler entry, relative to functions/. */
export const PROCESSOR_ENTRY = "ledger-processor/cloud-function.ts";
/** Functions Framework range installed by the build (it provides the HTTP server). */
export const FUNCTIONS_FRAMEWORK = "^5.0.0";

export const PACKAGE_JSON = JSON.stringify({
  name: "neural-ledger-processor",
  private: true,
  main: "main.js",
  engines: { node: "22" },
  dependencies: { "@google-cloud/functions-framework": FUNCTIONS_FRAMEWORK },
}, null, 2);

export const MAIN_JS = [
  `"use strict";`,
  `const functions = require("@google-cloud/functions-framework");`,
  `const handler = require("./index.js");`,
  `functions.cloudEvent(${JSON.stringify(ENTRY_POINT)}, (event) => handler[${JSON.stringify(ENTRY_POINT)}](event));`,
  ``,
].join("\n");

export interface ProcessorSource {
  readonly archive: pulumi.asset.AssetArchive;
  /** Content-addressed object name: a new bundle is a new object, so the function redeploys. */
  readonly objectName: string;
  readonly bytes: number;
}

export function processorSource(): ProcessorSource {
  const bundle = bundleHandler({ entry: PROCESSOR_ENTRY, extraFiles: { "package.json": PACKAGE_JSON, "main.js": MAIN_JS } });
  const hash = createHash("sha256").update(bundle.code).update(PACKAGE_JSON).update(MAIN_JS).digest("hex").slice(0, 16);
  return { archive: bundle.archive, objectName: `ledger-processor-${hash}.zip`, bytes: bundle.bytes };
}
