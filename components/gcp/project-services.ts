/**
 * APIs a system needs, enabled on its project. Never disabled on destroy: other systems or
 * people may use the same API, and disabling one deletes its resources.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";

export interface ProjectServicesArgs {
  readonly provider: gcp.Provider;
  readonly project: pulumi.Input<string>;
  /** Service names, e.g. "pubsub.googleapis.com". Duplicates are ignored. */
  readonly services: readonly string[];
}

export class ProjectServices extends pulumi.ComponentResource {
  readonly services: Readonly<Record<string, gcp.projects.Service>>;

  constructor(name: string, args: ProjectServicesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:gcp:ProjectServices", name, {}, opts);
    const services: Record<string, gcp.projects.Service> = {};
    for (const service of [...new Set(args.services)]) {
      services[service] = new gcp.projects.Service(`${name}-${service.split(".")[0]}`, {
        project: args.project,
        service,
        disableOnDestroy: false,
        disableDependentServices: false,
      }, { parent: this, provider: args.provider });
    }
    this.services = services;
    this.registerOutputs({ services: Object.keys(services) });
  }
}
