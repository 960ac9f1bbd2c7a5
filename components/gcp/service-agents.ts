/**
 * Google-managed service agents of a project: the identities that encrypt data at rest with
 * a customer-managed key (CMEK) and that Pub/Sub uses to forward dead letters or write to
 * BigQuery. Agents created lazily by Google are provisioned with `gcp.projects.ServiceIdentity`
 * so IAM grants to them cannot fail on a fresh project; Storage and BigQuery agents are read
 * through their data sources. Member strings are derived from the project number in the
 * documented formats, and depend on the identity resource.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";

/** Service agents this block knows, with their documented email formats. */
export const SERVICE_AGENTS = {
  pubsub: { service: "pubsub.googleapis.com", email: (n: string) => `service-${n}@gcp-sa-pubsub.iam.gserviceaccount.com` },
  firestore: { service: "firestore.googleapis.com", email: (n: string) => `service-${n}@gcp-sa-firestore.iam.gserviceaccount.com` },
  bigtable: { service: "bigtableadmin.googleapis.com", email: (n: string) => `service-${n}@gcp-sa-bigtable.iam.gserviceaccount.com` },
  cloudFunctions: { service: "cloudfunctions.googleapis.com", email: (n: string) => `service-${n}@gcf-admin-robot.iam.gserviceaccount.com` },
  cloudRun: { service: "run.googleapis.com", email: (n: string) => `service-${n}@serverless-robot-prod.iam.gserviceaccount.com` },
  artifactRegistry: { service: "artifactregistry.googleapis.com", email: (n: string) => `service-${n}@gcp-sa-artifactregistry.iam.gserviceaccount.com` },
  /** Mints tokens for the service account a scheduled query runs as (BigQuery Data Transfer docs, "Use service accounts"). */
  bigqueryDataTransfer: { service: "bigquerydatatransfer.googleapis.com", email: (n: string) => `service-${n}@gcp-sa-bigquerydatatransfer.iam.gserviceaccount.com` },
  /** Read with gcp.storage.getProjectServiceAccount (creates the agent on first read). */
  storage: { service: "storage.googleapis.com", email: (n: string) => `service-${n}@gs-project-accounts.iam.gserviceaccount.com` },
  /** Read with gcp.bigquery.getDefaultServiceAccount (creates the agent on first read). */
  bigquery: { service: "bigquery.googleapis.com", email: (n: string) => `bq-${n}@bigquery-encryption.iam.gserviceaccount.com` },
} as const;
export type ServiceAgentName = keyof typeof SERVICE_AGENTS;

export interface ServiceAgentsArgs {
  readonly provider: gcp.Provider;
  readonly project: pulumi.Input<string>;
  /** The agents to provision and expose. */
  readonly agents: readonly ServiceAgentName[];
  /** Resources the agents wait for (typically the enabled APIs). Default: none. */
  readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
}

export class ServiceAgents extends pulumi.ComponentResource {
  /** Project number (string), from gcp.organizations.getProject. */
  readonly projectNumber: pulumi.Output<string>;
  private readonly members = new Map<ServiceAgentName, pulumi.Output<string>>();

  constructor(name: string, args: ServiceAgentsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:gcp:ServiceAgents", name, {}, opts);
    const invokeOpts: pulumi.InvokeOutputOptions = { parent: this, provider: args.provider, dependsOn: args.dependsOn };
    const child: pulumi.CustomResourceOptions = { parent: this, provider: args.provider, dependsOn: args.dependsOn };
    const project = gcp.organizations.getProjectOutput({ projectId: args.project }, invokeOpts);
    this.projectNumber = project.number;
    for (const agent of args.agents) {
      let member: pulumi.Output<string>;
      if (agent === "storage") {
        member = gcp.storage.getProjectServiceAccountOutput({ project: args.project }, invokeOpts).member;
      } else if (agent === "bigquery") {
        member = gcp.bigquery.getDefaultServiceAccountOutput({ project: args.project }, invokeOpts).member;
      } else {
        const spec = SERVICE_AGENTS[agent];
        const identity = new gcp.projects.ServiceIdentity(`${name}-${agent.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, { project: args.project, service: spec.service }, child);
        // The documented email, ordered after the identity exists.
        member = pulumi.all([this.projectNumber, identity.id]).apply(([n]) => `serviceAccount:${spec.email(n)}`);
      }
      this.members.set(agent, member);
    }
    this.registerOutputs({ projectNumber: this.projectNumber });
  }

  /** `serviceAccount:<agent email>` of an agent listed in the Args. */
  member(agent: ServiceAgentName): pulumi.Output<string> {
    const m = this.members.get(agent);
    if (!m) throw new Error(`service agent ${agent} was not requested; add it to ServiceAgentsArgs.agents`);
    return m;
  }
}
