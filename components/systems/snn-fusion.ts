import * as pulumi from "@pulumi/pulumi";
import type { SystemContext } from "../context";
import type { PlatformHandle } from "../aws/platform-contract";
import type { SnnFusionConfig } from "../../stacks/sections/snn-fusion";

export interface SnnFusionArgs {
  readonly context: SystemContext;
  readonly settings: SnnFusionConfig;
  /** The AWS platform: SNN-Fusion runs in every region. */
  readonly platform: PlatformHandle;
}

/** Scaffold: replaced by the system's issue. */
export class SnnFusion extends pulumi.ComponentResource {
  /** Stack outputs of the system (no secret values). */
  readonly exports: Record<string, pulumi.Input<unknown>>;

  constructor(name: string, args: SnnFusionArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:systems:SnnFusion", name, {}, opts);
    void args;
    this.exports = {};
    this.registerOutputs({});
  }
}
