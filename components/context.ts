/** What every system component receives from the composition root. */
import type * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../stacks/schema";
import type { SystemLabels } from "./labels";

export interface SystemContext {
  readonly config: StackConfig;
  readonly labels: SystemLabels;
}

/**
 * Options for a stateful resource: `protect` in production (DESIGN principle 5), merged with
 * the caller's options.
 */
export function stateful(config: StackConfig, opts: pulumi.CustomResourceOptions): pulumi.CustomResourceOptions {
  return { ...opts, protect: config.protection.protectResources };
}
