/**
 * Cloud Functions gen2 entry point for the Pub/Sub trigger (Eventarc). The Functions Framework
 * is provided by the runtime and calls the exported `processLedgerEvent` (layout.ts ENTRY_POINT)
 * with the CloudEvent. Resolving acks the message; throwing makes Pub/Sub redeliver it (the
 * trigger is deployed with retry), and after max delivery attempts the subscription's
 * dead-letter policy moves it. Malformed events are dead-lettered by the handler itself and
 * acked, so they never block their ordering key.
 */
import { createCloudEventHandler, type PubSubCloudEvent } from "./handler";
import { processorFromEnv } from "./runtime";

export type { PubSubCloudEvent } from "./handler";

const handle = createCloudEventHandler(processorFromEnv);

export async function processLedgerEvent(cloudEvent: PubSubCloudEvent): Promise<void> {
  await handle(cloudEvent);
}
