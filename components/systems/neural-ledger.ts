import * as pulumi from "@pulumi/pulumi";
import type { SystemContext } from "../context";
import type { NeuralLedgerConfig } from "../../stacks/sections/neural-ledger";

export interface NeuralLedgerArgs {
  readonly context: SystemContext;
  readonly settings: NeuralLedgerConfig;
}

/** Scaffold: replaced by the system's issue. */
export class NeuralLedger extends pulumi.ComponentResource {
  /** Stack outputs of the system (no secret values). */
  readonly exports: Record<string, pulumi.Input<unknown>>;

  constructor(name: string, args: NeuralLedgerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:systems:NeuralLedger", name, {}, opts);
    void args;
    this.exports = {};
    this.registerOutputs({});
  }
}
