/**
 * Private egress for serverless workloads (Cloud Functions / Cloud Run): a custom-mode VPC,
 * a /28 subnet reserved for a Serverless VPC Access connector with Private Google Access and
 * optional VPC flow logs, and the connector itself. Workloads use it with egress
 * PRIVATE_RANGES_ONLY so private traffic stays on the VPC.
 *
 * Firewall (guide: "VPC firewall rules"): a custom network has only the implied rules (deny
 * ingress, allow egress), which log nothing. An explicit deny-all ingress at the lowest usable
 * priority logs what it drops; the connector's own rules, which Serverless VPC Access creates
 * with the connector when the network is in the same project ("aet-*": serverless
 * infrastructure and health checks), have higher priority and keep working (Serverless VPC
 * Access, "Firewall rules for connectors").
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";

export interface ServerlessNetworkArgs {
  readonly provider: gcp.Provider;
  readonly project: pulumi.Input<string>;
  readonly region: string;
  /** VPC network name. */
  readonly networkName: string;
  /** Connector name (<= 25 characters, lowercase letters, digits, hyphens). */
  readonly connectorName: string;
  /** The connector subnet's /28 range. */
  readonly connectorCidr: string;
  /** VPC flow logs on the subnet (5 s aggregation, 50% sampling, all metadata). Default true. */
  readonly flowLogs?: boolean;
  /** Connector instances (e2-micro). Default 2..10. */
  readonly minInstances?: number;
  readonly maxInstances?: number;
  readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
}

export class ServerlessNetwork extends pulumi.ComponentResource {
  readonly network: gcp.compute.Network;
  readonly subnet: gcp.compute.Subnetwork;
  readonly connector: gcp.vpcaccess.Connector;
  readonly denyIngress: gcp.compute.Firewall;
  /** Connector id (projects/../locations/../connectors/..), for serviceConfig.vpcConnector. */
  readonly connectorId: pulumi.Output<string>;

  constructor(name: string, args: ServerlessNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:gcp:ServerlessNetwork", name, {}, opts);
    if (!/^[a-z][-a-z0-9]{0,23}[a-z0-9]$/.test(args.connectorName)) {
      throw new Error(`${name}: connector name ${JSON.stringify(args.connectorName)} must match ^[a-z][-a-z0-9]{0,23}[a-z0-9]$`);
    }
    if (!args.connectorCidr.endsWith("/28")) throw new Error(`${name}: connector subnet ${args.connectorCidr} must be a /28`);
    const child: pulumi.CustomResourceOptions = { parent: this, provider: args.provider };
    this.network = new gcp.compute.Network(`${name}-vpc`, {
      project: args.project,
      name: args.networkName,
      autoCreateSubnetworks: false,
      routingMode: "REGIONAL",
      description: "Private egress of the serverless workloads",
    }, { ...child, dependsOn: args.dependsOn });
    this.subnet = new gcp.compute.Subnetwork(`${name}-subnet`, {
      project: args.project,
      name: args.connectorName,
      region: args.region,
      network: this.network.id,
      ipCidrRange: args.connectorCidr,
      privateIpGoogleAccess: true,
      logConfig: (args.flowLogs ?? true)
        ? { aggregationInterval: "INTERVAL_5_SEC", flowSampling: 0.5, metadata: "INCLUDE_ALL_METADATA" }
        : undefined,
    }, child);
    this.connector = new gcp.vpcaccess.Connector(`${name}-connector`, {
      project: args.project,
      name: args.connectorName,
      region: args.region,
      subnet: { name: this.subnet.name },
      machineType: "e2-micro",
      minInstances: args.minInstances ?? 2,
      maxInstances: args.maxInstances ?? 10,
    }, child);
    this.denyIngress = new gcp.compute.Firewall(`${name}-deny-ingress`, {
      project: args.project,
      name: `${args.networkName}-deny-ingress`,
      network: this.network.id,
      description: "Deny (and log) every ingress the connector's own rules do not allow",
      direction: "INGRESS",
      // 65535 is the implied rules' priority; 65534 is the lowest a rule can take and still apply first.
      priority: 65534,
      sourceRanges: ["0.0.0.0/0"],
      denies: [{ protocol: "all" }],
      logConfig: { metadata: "INCLUDE_ALL_METADATA" },
    }, child);
    this.connectorId = this.connector.id;
    this.registerOutputs({ network: this.network.id, subnet: this.subnet.id, connector: this.connectorId });
  }
}
