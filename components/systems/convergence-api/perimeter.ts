/**
 * VPC Service Controls perimeter around the Convergence project (guide, Security Best
 * Practices: "Enable VPC Service Controls in production"). It restricts the data APIs so the
 * dataset, keys and secrets cannot be read from outside the perimeter. A perimeter also
 * blocks the deployer unless an access level lets it in, so it starts as a dry-run spec
 * (violations are only logged) until `perimeter.dryRun` is set to false.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { childOpts, type Placement } from "./placement";

export const RESTRICTED_SERVICES = [
  "bigquery.googleapis.com",
  "bigquerystorage.googleapis.com",
  "cloudkms.googleapis.com",
  "secretmanager.googleapis.com",
  "pubsub.googleapis.com",
  "run.googleapis.com",
] as const;

export interface ApiPerimeterArgs {
  readonly placement: Placement;
  readonly accessPolicyId: string;
  /** Perimeter short name (letters, digits, underscores). */
  readonly perimeterName: string;
  readonly title: string;
  readonly accessLevels: readonly string[];
  readonly dryRun: boolean;
}

export class ApiPerimeter extends pulumi.ComponentResource {
  readonly perimeter: gcp.accesscontextmanager.ServicePerimeter;

  constructor(name: string, args: ApiPerimeterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:convergence:ApiPerimeter", name, {}, opts);
    const { placement } = args;
    const project = gcp.organizations.getProjectOutput({ projectId: placement.project }, { parent: this, provider: placement.provider });
    const config = {
      resources: [pulumi.interpolate`projects/${project.number}`],
      restrictedServices: [...RESTRICTED_SERVICES],
      accessLevels: [...args.accessLevels],
      vpcAccessibleServices: { enableRestriction: true, allowedServices: ["RESTRICTED-SERVICES"] },
    };
    const policy = `accessPolicies/${args.accessPolicyId}`;
    this.perimeter = new gcp.accesscontextmanager.ServicePerimeter(
      name,
      {
        parent: policy,
        name: `${policy}/servicePerimeters/${args.perimeterName}`,
        title: args.title,
        perimeterType: "PERIMETER_TYPE_REGULAR",
        ...(args.dryRun ? { useExplicitDryRunSpec: true, spec: config } : { status: config }),
      },
      childOpts(this, placement),
    );
    this.registerOutputs({ perimeter: this.perimeter.name });
  }
}
