import * as pulumi from "@pulumi/pulumi";
import type { SystemContext } from "../context";
import type { PlatformConfig } from "../../stacks/sections/platform";
import type { ResolvedRegion } from "../../stacks/schema";
import type { PlatformHandle, RegionalPlatform } from "./platform-contract";

export interface AwsPlatformArgs {
  readonly context: SystemContext;
  readonly settings: PlatformConfig;
  readonly regions: readonly ResolvedRegion[];
}

/** Scaffold: replaced by the AWS platform issue. */
export class AwsPlatform extends pulumi.ComponentResource implements PlatformHandle {
  readonly regions: ReadonlyMap<string, RegionalPlatform>;
  readonly exports: Record<string, pulumi.Input<unknown>>;

  constructor(name: string, args: AwsPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:aws:Platform", name, {}, opts);
    void args;
    this.regions = new Map();
    this.exports = {};
    this.registerOutputs({});
  }
}
