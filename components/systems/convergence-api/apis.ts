/**
 * The Google APIs the Convergence API needs, enabled on its project (the guide's
 * "Prerequisites: BigQuery API enabled, Cloud KMS API enabled" and what the rest implies).
 * Disabling an API on destroy would break anything else in the project, so it never happens.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";

export interface RequiredApisArgs {
  readonly project: string;
  readonly provider: gcp.Provider;
  /** Service names, e.g. "run.googleapis.com". */
  readonly services: readonly string[];
}

export class RequiredApis extends pulumi.ComponentResource {
  readonly services: readonly gcp.projects.Service[];

  constructor(name: string, args: RequiredApisArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:convergence:RequiredApis", name, {}, opts);
    this.services = [...new Set(args.services)].sort().map(
      (service) =>
        new gcp.projects.Service(
          `${name}-${service.replace(".googleapis.com", "")}`,
          { project: args.project, service, disableOnDestroy: false, disableDependentServices: false },
          { parent: this, provider: args.provider },
        ),
    );
    this.registerOutputs({ services: this.services.map((s) => s.service) });
  }
}

/** The APIs for a configuration: always the core set, compute with the load balancer, ACM with a perimeter. */
export function requiredServices(options: { readonly loadBalancer: boolean; readonly perimeter: boolean }): string[] {
  return [
    "run.googleapis.com",
    "cloudkms.googleapis.com",
    "secretmanager.googleapis.com",
    "bigquery.googleapis.com",
    "pubsub.googleapis.com",
    "iam.googleapis.com",
    "cloudresourcemanager.googleapis.com",
    "monitoring.googleapis.com",
    "logging.googleapis.com",
    ...(options.loadBalancer ? ["compute.googleapis.com"] : []),
    ...(options.perimeter ? ["accesscontextmanager.googleapis.com"] : []),
  ];
}
