import * as pulumi from "@pulumi/pulumi";
import type { SystemContext } from "../context";
import type { RegionalPlatform } from "../aws/platform-contract";
import type { ZkpLedgerConfig } from "../../stacks/sections/zkp-ledger";

export interface ZkpLedgerArgs {
  readonly context: SystemContext;
  readonly settings: ZkpLedgerConfig;
  /** The platform region (cluster) that hosts the system. */
  readonly platform: RegionalPlatform;
}

/** Scaffold: replaced by the system's issue. */
export class ZkpLedger extends pulumi.ComponentResource {
  /** Stack outputs of the system (no secret values). */
  readonly exports: Record<string, pulumi.Input<unknown>>;

  constructor(name: string, args: ZkpLedgerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:systems:ZkpLedger", name, {}, opts);
    void args;
    this.exports = {};
    this.registerOutputs({});
  }
}
