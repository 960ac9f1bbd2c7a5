/**
 * One region's VPC for an EKS cluster: private and public subnets across the configured number
 * of availability zones (tagged for EKS load balancer discovery), NAT per AZ or a single one,
 * VPC flow logs to a KMS-encrypted CloudWatch log group, and private endpoints for S3, ECR and
 * STS so nodes reach those AWS APIs without the internet.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { subnetLayout, type SubnetLayout } from "./cidr";
import { policyDocument, serviceTrust } from "./iam/documents";

export interface NetworkArgs {
  /** The region's explicit AWS provider. */
  readonly provider: aws.Provider;
  readonly region: string;
  /** VPC CIDR (a /16 to /22). */
  readonly vpcCidr: string;
  /** Number of availability zones (subnet pairs). */
  readonly availabilityZones: number;
  /** "perAz": one NAT gateway per AZ (no cross-AZ dependency); "single": one NAT for all (cheaper, staging). */
  readonly natGateways: "perAz" | "single";
  /** EKS cluster name the subnets are shared with (`kubernetes.io/cluster/<name>` tag). */
  readonly clusterName: string;
  /** Account id, to pin the flow-log role's trust to this account. */
  readonly accountId: pulumi.Input<string>;
  /** KMS key (ARN) encrypting the flow-log group. */
  readonly logsKeyArn: pulumi.Input<string>;
  /** Flow-log retention in days (a value CloudWatch accepts). */
  readonly logRetentionDays: number;
  /** `protect` for the flow-log group (audit evidence). */
  readonly protect: boolean;
  /** Extra tags on every taggable child. Default: none. */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Interface endpoints nodes need to pull images (ECR) and assume IRSA roles (STS) privately. */
export const INTERFACE_ENDPOINTS = ["ecr.api", "ecr.dkr", "sts"] as const;

export class Network extends pulumi.ComponentResource {
  readonly vpcId: pulumi.Output<string>;
  readonly vpcCidr: string;
  readonly layout: SubnetLayout;
  readonly availabilityZones: pulumi.Output<string[]>;
  readonly privateSubnetIds: pulumi.Output<string>[];
  readonly publicSubnetIds: pulumi.Output<string>[];
  readonly privateRouteTableIds: pulumi.Output<string>[];
  readonly flowLogGroupName: pulumi.Output<string>;

  constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:aws:Network", name, {}, opts);
    const child: pulumi.CustomResourceOptions = { parent: this, provider: args.provider };
    const tags = (extra: Record<string, pulumi.Input<string>> = {}) => ({ ...(args.tags ?? {}), ...extra });
    const n = args.availabilityZones;
    this.vpcCidr = args.vpcCidr;
    this.layout = subnetLayout(args.vpcCidr, n);

    // Opt-in zones (Local Zones) are excluded: EKS and NAT gateways need standard AZs.
    const zones = aws.getAvailabilityZonesOutput({ state: "available", filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }] }, child);
    this.availabilityZones = zones.names.apply((names) => {
      if (names.length < n) throw new Error(`${args.region} offers ${names.length} availability zones to this account; platform.availabilityZones asks for ${n}`);
      return names.slice(0, n);
    });
    const az = (i: number) => this.availabilityZones.apply((names) => names[i]);

    const vpc = new aws.ec2.Vpc(`${name}-vpc`, { cidrBlock: args.vpcCidr, enableDnsSupport: true, enableDnsHostnames: true, tags: tags({ Name: args.clusterName }) }, child);
    this.vpcId = vpc.id;
    // The default security group allows all traffic between its members; strip its rules (CIS AWS 5.4).
    new aws.ec2.DefaultSecurityGroup(`${name}-default-sg`, { vpcId: vpc.id, tags: tags({ Name: `${args.clusterName}-default-deny` }) }, child);
    const igw = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: tags({ Name: args.clusterName }) }, child);

    const shared = { [`kubernetes.io/cluster/${args.clusterName}`]: "shared" };
    const publicSubnets = this.layout.public.map(
      (cidrBlock, i) =>
        new aws.ec2.Subnet(
          `${name}-public-${i}`,
          { vpcId: vpc.id, cidrBlock, availabilityZone: az(i), mapPublicIpOnLaunch: false, tags: tags({ Name: pulumi.interpolate`${args.clusterName}-public-${az(i)}`, "kubernetes.io/role/elb": "1", ...shared }) },
          child,
        ),
    );
    const privateSubnets = this.layout.private.map(
      (cidrBlock, i) =>
        new aws.ec2.Subnet(
          `${name}-private-${i}`,
          { vpcId: vpc.id, cidrBlock, availabilityZone: az(i), mapPublicIpOnLaunch: false, tags: tags({ Name: pulumi.interpolate`${args.clusterName}-private-${az(i)}`, "kubernetes.io/role/internal-elb": "1", ...shared }) },
          child,
        ),
    );
    this.publicSubnetIds = publicSubnets.map((s) => s.id);
    this.privateSubnetIds = privateSubnets.map((s) => s.id);

    const publicRoutes = new aws.ec2.RouteTable(`${name}-public-rt`, { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }], tags: tags({ Name: `${args.clusterName}-public` }) }, child);
    publicSubnets.forEach((s, i) => new aws.ec2.RouteTableAssociation(`${name}-public-rta-${i}`, { subnetId: s.id, routeTableId: publicRoutes.id }, child));

    const natCount = args.natGateways === "perAz" ? n : 1;
    const nats = [...Array(natCount).keys()].map((i) => {
      const eip = new aws.ec2.Eip(`${name}-nat-eip-${i}`, { domain: "vpc", tags: tags({ Name: `${args.clusterName}-nat-${i}` }) }, child);
      return new aws.ec2.NatGateway(`${name}-nat-${i}`, { allocationId: eip.allocationId, subnetId: publicSubnets[i].id, connectivityType: "public", tags: tags({ Name: `${args.clusterName}-nat-${i}` }) }, { ...child, dependsOn: [igw] });
    });
    // One route table per AZ so each AZ egresses through its own NAT (perAz) and losing an AZ
    // never cuts the others off; with a single NAT they all point at it.
    const privateRoutes = privateSubnets.map((s, i) => {
      const rt = new aws.ec2.RouteTable(`${name}-private-rt-${i}`, { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: nats[args.natGateways === "perAz" ? i : 0].id }], tags: tags({ Name: pulumi.interpolate`${args.clusterName}-private-${az(i)}` }) }, child);
      new aws.ec2.RouteTableAssociation(`${name}-private-rta-${i}`, { subnetId: s.id, routeTableId: rt.id }, child);
      return rt;
    });
    this.privateRouteTableIds = privateRoutes.map((rt) => rt.id);

    // Flow logs: every accepted and rejected flow, to an encrypted group kept >= the compliance minimum.
    const flowLogGroup = new aws.cloudwatch.LogGroup(
      `${name}-flow-logs`,
      { name: `/aws/vpc/${args.clusterName}/flow-logs`, retentionInDays: args.logRetentionDays, kmsKeyId: args.logsKeyArn, tags: tags() },
      { ...child, protect: args.protect },
    );
    this.flowLogGroupName = flowLogGroup.name;
    const flowLogRole = new aws.iam.Role(`${name}-flow-logs-role`, { description: `VPC flow logs of ${args.clusterName}`, assumeRolePolicy: pulumi.output(args.accountId).apply((account) => serviceTrust("vpc-flow-logs.amazonaws.com", account)), tags: tags() }, child);
    const flowLogPolicy = new aws.iam.RolePolicy(
      `${name}-flow-logs-policy`,
      {
        role: flowLogRole.id,
        policy: flowLogGroup.arn.apply((arn) =>
          policyDocument([{ Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams"], Resource: [arn, `${arn}:*`] }]),
        ),
      },
      child,
    );
    new aws.ec2.FlowLog(
      `${name}-flow-log`,
      { vpcId: vpc.id, trafficType: "ALL", logDestinationType: "cloud-watch-logs", logDestination: flowLogGroup.arn, iamRoleArn: flowLogRole.arn, maxAggregationInterval: 60, tags: tags({ Name: args.clusterName }) },
      { ...child, dependsOn: [flowLogPolicy] },
    );

    // Private endpoints: S3 (gateway, on the private route tables) for ECR image layers, and
    // interface endpoints reachable on 443 from inside the VPC only.
    new aws.ec2.VpcEndpoint(`${name}-s3`, { vpcId: vpc.id, serviceName: `com.amazonaws.${args.region}.s3`, vpcEndpointType: "Gateway", routeTableIds: this.privateRouteTableIds, tags: tags({ Name: `${args.clusterName}-s3` }) }, child);
    const endpointSg = new aws.ec2.SecurityGroup(
      `${name}-endpoints-sg`,
      {
        vpcId: vpc.id,
        description: "HTTPS from inside the VPC to the AWS interface endpoints",
        ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [args.vpcCidr], description: "HTTPS from the VPC" }],
        tags: tags({ Name: `${args.clusterName}-endpoints` }),
      },
      child,
    );
    for (const service of INTERFACE_ENDPOINTS) {
      new aws.ec2.VpcEndpoint(
        `${name}-${service.replace(".", "-")}`,
        { vpcId: vpc.id, serviceName: `com.amazonaws.${args.region}.${service}`, vpcEndpointType: "Interface", privateDnsEnabled: true, subnetIds: this.privateSubnetIds, securityGroupIds: [endpointSg.id], tags: tags({ Name: `${args.clusterName}-${service}` }) },
        child,
      );
    }

    this.registerOutputs({ vpcId: this.vpcId, privateSubnetIds: this.privateSubnetIds, publicSubnetIds: this.publicSubnetIds, availabilityZones: this.availabilityZones });
  }
}
