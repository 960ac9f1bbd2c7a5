/**
 * Data Access audit logs (ADMIN_READ, DATA_READ, DATA_WRITE) for a project's services: who
 * read or changed which data, as HIPAA 45 CFR 164.312(b) and 21 CFR Part 11 ask. Each
 * `IAMAuditConfig` is authoritative for its service in the project.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";

export const DATA_ACCESS_LOG_TYPES = ["ADMIN_READ", "DATA_READ", "DATA_WRITE"] as const;

export interface DataAccessAuditLogsArgs {
  readonly provider: gcp.Provider;
  readonly project: pulumi.Input<string>;
  /** Services to audit, e.g. "bigtable.googleapis.com". */
  readonly services: readonly string[];
  readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
}

export class DataAccessAuditLogs extends pulumi.ComponentResource {
  readonly configs: readonly gcp.projects.IAMAuditConfig[];

  constructor(name: string, args: DataAccessAuditLogsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:gcp:DataAccessAuditLogs", name, {}, opts);
    this.configs = [...new Set(args.services)].map((service) =>
      new gcp.projects.IAMAuditConfig(`${name}-${service.split(".")[0]}`, {
        project: args.project,
        service,
        auditLogConfigs: DATA_ACCESS_LOG_TYPES.map((logType) => ({ logType })),
      }, { parent: this, provider: args.provider, dependsOn: args.dependsOn }),
    );
    this.registerOutputs({ services: args.services });
  }
}
