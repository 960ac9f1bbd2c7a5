/** Where the Convergence API's children live: one project, one region, one explicit provider. */
import type * as gcp from "@pulumi/gcp";
import type * as time from "@pulumiverse/time";
import type * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../../../stacks/schema";
import type { SystemLabels } from "../../labels";
import { stateful } from "../../context";

export interface Placement {
  readonly provider: gcp.Provider;
  /** Sleeps for propagation delays (components/gcp/propagation.ts). */
  readonly timeProvider: time.Provider;
  readonly project: string;
  readonly region: string;
  /** Resources every child waits for: the project's required APIs. */
  readonly apis: pulumi.Resource;
  readonly config: StackConfig;
  readonly labels: SystemLabels;
}

/** Options of a child: parent, the explicit provider, and the APIs it needs enabled first. */
export function childOpts(parent: pulumi.Resource, placement: Placement, extra: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions {
  return { ...extra, parent, provider: placement.provider, dependsOn: [placement.apis, ...asArray(extra.dependsOn)] };
}

/** Options of a stateful child: as `childOpts`, plus `protect` in production. */
export function statefulOpts(parent: pulumi.Resource, placement: Placement, extra: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions {
  return stateful(placement.config, childOpts(parent, placement, extra));
}

function asArray(deps: pulumi.CustomResourceOptions["dependsOn"]): pulumi.Input<pulumi.Resource>[] {
  if (deps === undefined) return [];
  return Array.isArray(deps) ? deps : [deps as pulumi.Input<pulumi.Resource>];
}
