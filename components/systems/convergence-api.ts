import * as pulumi from "@pulumi/pulumi";
import type { SystemContext } from "../context";
import type { ConvergenceConfig } from "../../stacks/sections/convergence";

export interface ConvergenceApiArgs {
  readonly context: SystemContext;
  readonly settings: ConvergenceConfig;
}

/** Scaffold: replaced by the system's issue. */
export class ConvergenceApi extends pulumi.ComponentResource {
  /** Stack outputs of the system (no secret values). */
  readonly exports: Record<string, pulumi.Input<unknown>>;

  constructor(name: string, args: ConvergenceApiArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:systems:ConvergenceApi", name, {}, opts);
    void args;
    this.exports = {};
    this.registerOutputs({});
  }
}
