import * as pulumi from "@pulumi/pulumi";
import type { SystemContext } from "../context";
import type { RegionalPlatform } from "../aws/platform-contract";
import type { NcaConfig } from "../../stacks/sections/nca";

export interface NeuroCognitiveArgs {
  readonly context: SystemContext;
  readonly settings: NcaConfig;
  /** The platform region (cluster) that hosts the system. */
  readonly platform: RegionalPlatform;
}

/** Scaffold: replaced by the system's issue. */
export class NeuroCognitive extends pulumi.ComponentResource {
  /** Stack outputs of the system (no secret values). */
  readonly exports: Record<string, pulumi.Input<unknown>>;

  constructor(name: string, args: NeuroCognitiveArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:systems:NeuroCognitive", name, {}, opts);
    void args;
    this.exports = {};
    this.registerOutputs({});
  }
}
