import { z } from "zod";
import { DEFAULT_EKS_VERSION, EKS_VERSIONS, type EksAddonSet, type EksChartSet } from "../dated";
import { awsRegionName, checkScaling, cidr, jurisdiction, nodeScaling, positiveInt } from "./common";
import { ebsVolumeGb, ssmRegistrationLimit } from "../limits";
import { checkPlatformNetworks } from "../networks";

/** The EKS service CIDR: stacks/networks.ts (with every network rule). */
export { SERVICE_CIDR } from "../networks";

/** EKS service quota: public endpoint access CIDR ranges per cluster. */
export const MAX_PUBLIC_ACCESS_CIDRS = 40;

/** Amazon VPC quota "Elastic IP addresses per Region" in a new account. */
export const DEFAULT_ELASTIC_IP_QUOTA = 5;

/** EKS add-on version as `aws eks describe-addon-versions` lists it, e.g. v1.31.10-eksbuild.8. */
export const addonVersion = z.string().regex(/^v\d+\.\d+\.\d+-eksbuild\.\d+$/, { error: (issue) => `${JSON.stringify(issue.input)} is not an EKS add-on version (vX.Y.Z-eksbuild.N)` });

/** Helm chart version pinned exactly (no ranges), so every region installs the same chart. */
const chartVersion = z.string().regex(/^\d+\.\d+\.\d+$/, { error: (issue) => `${JSON.stringify(issue.input)} is not a pinned chart version (X.Y.Z, no ranges)` });

const nodePool = z.strictObject({
  /** EC2 instance type of the managed node group. */
  instanceType: z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, { error: (issue) => `${JSON.stringify(issue.input)} is not an EC2 instance type` }),
  /** Node count bounds for the cluster autoscaler. */
  scaling: nodeScaling,
  /** Root volume size in GiB (encrypted gp3). */
  diskSizeGb: ebsVolumeGb,
});
export type NodePoolConfig = z.infer<typeof nodePool>;

const region = z.strictObject({
  /** AWS region name, e.g. us-east-1. */
  name: awsRegionName,
  /** Data-protection regime; defaults to the seed's table (regions.ts). */
  jurisdiction: jurisdiction.optional(),
  /** VPC CIDR; defaults to 10.<16 * index>.0.0/16 so regions never overlap. */
  vpcCidr: cidr.optional(),
  /** One NAT gateway per AZ (production) or a single one (staging). */
  natGateways: z.enum(["perAz", "single"]).optional(),
});
export type PlatformRegionConfig = z.infer<typeof region>;

export const platform = z
  .strictObject({
    /**
     * EKS Kubernetes minor, one of stacks/dated.ts EKS_VERSIONS: its compatibility set gives the
     * add-on and chart versions (override single ones under addons / charts). Default: the newest
     * (DEFAULT_EKS_VERSION). Its support on the plan date is checked in stacks/load.ts.
     */
    kubernetesVersion: z.string().refine((v) => v in EKS_VERSIONS, {
      error: (issue) => `${JSON.stringify(issue.input)} is not an EKS minor of stacks/dated.ts EKS_VERSIONS (${Object.keys(EKS_VERSIONS).join(", ")})`,
    }),
    /** Regions, each an independent platform. */
    regions: z.array(region).min(1, { error: "needs at least one region" }),
    /** Availability zones per region. */
    availabilityZones: z.number().int().min(2).max(6),
    /**
     * CIDRs allowed to reach the public EKS endpoint; empty = public endpoint off. At most 40
     * (EKS service quota "Public endpoint access CIDR ranges per cluster", not adjustable).
     */
    endpointPublicAccessCidrs: z.array(cidr).max(MAX_PUBLIC_ACCESS_CIDRS, { error: `has more than ${MAX_PUBLIC_ACCESS_CIDRS} CIDRs; EKS accepts at most ${MAX_PUBLIC_ACCESS_CIDRS} public access CIDR ranges per cluster` }),
    /**
     * Elastic IP addresses the accounts may hold per region (Amazon VPC quota, default 5; raise it
     * with Service Quotas first). Each NAT gateway takes one.
     */
    elasticIpQuota: positiveInt,
    /**
     * AWSServiceRoleForAutoScaling: the EBS key policy names it, and KMS refuses a key policy whose
     * principal does not exist (MalformedPolicyDocumentException), while a fresh account gets the
     * role only with its first Auto Scaling group, after the keys. `create`: the program creates it
     * before the keys; `exists`: the account has it (`npm run preflight` checks). The preset
     * `undeclared` plans like `exists`; a real update refuses it.
     */
    autoScalingServiceLinkedRole: z.enum(["undeclared", "create", "exists"]),
    /**
     * Deploy path to private endpoints: the label of a self-hosted GitHub Actions runner inside the
     * VPCs that `pulumi up` runs on (.github/workflows/pulumi-up.yml reads it through
     * tools/deploy-runner.ts). Production needs it unless endpointPublicAccessCidrs is set.
     */
    deployRunner: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._\-]{0,99}$/, { error: (issue) => `${JSON.stringify(issue.input)} is not a runner label (letters, digits, . _ -)` }).optional(),
    /** IAM role ARNs given cluster-admin access entries. */
    adminRoleArns: z.array(z.string().regex(/^arn:aws:iam::\d{12}:role\/.+$/, { error: (issue) => `${JSON.stringify(issue.input)} is not an IAM role ARN` })),
    nodePools: z.strictObject({ general: nodePool, compute: nodePool, gpu: nodePool }),
    neuromorphic: z.strictObject({
      /** Accelerators offered (labels `neuromorphic.neurastack.io/accelerator=<name>`). */
      accelerators: z.array(z.enum(["loihi2", "akida"])),
      /** EKS Hybrid Nodes for on-premises / edge boards. */
      hybridNodes: z.strictObject({
        enabled: z.boolean(),
        remoteNodeCidrs: z.array(cidr),
        remotePodCidrs: z.array(cidr),
        /** How many boards one SSM hybrid activation may register. */
        registrationLimit: ssmRegistrationLimit,
      }),
      /** Cloud CPU pool labelled like the boards plus simulated=true. */
      simulationPool: z.strictObject({
        enabled: z.boolean(),
        instanceType: nodePool.shape.instanceType,
        scaling: nodeScaling,
        /** Root volume size in GiB (encrypted gp3). */
        diskSizeGb: ebsVolumeGb,
      }),
    }),
    /** Chart versions of the cluster software (pinned); each unset one comes from the minor's compatibility set. */
    charts: z
      .strictObject({
        clusterAutoscaler: chartVersion.optional(),
        nvidiaDevicePlugin: chartVersion.optional(),
        metricsServer: chartVersion.optional(),
        verticalPodAutoscaler: chartVersion.optional(),
        awsLoadBalancerController: chartVersion.optional(),
        /** prometheus-community/kube-prometheus-stack: the Prometheus Operator (PrometheusRule CRDs), Prometheus, Alertmanager. */
        kubePrometheusStack: chartVersion.optional(),
      })
      .optional(),
    /** Per-region CloudTrail trail (management events and S3 data events). */
    auditTrail: z.strictObject({
      /** Days log files are kept in the trail's S3 bucket (raised to compliance.minLogRetentionDays when lower). */
      retentionDays: positiveInt,
    }),
    /** EKS managed add-on versions (pinned; each must be offered for kubernetesVersion); each unset one comes from the compatibility set. */
    addons: z
      .strictObject({
        vpcCni: addonVersion.optional(),
        coredns: addonVersion.optional(),
        kubeProxy: addonVersion.optional(),
        ebsCsiDriver: addonVersion.optional(),
        cloudwatchObservability: addonVersion.optional(),
      })
      .optional(),
  })
  .superRefine((value, ctx) => {
    for (const pool of ["general", "compute", "gpu"] as const) {
      checkScaling(value.nodePools[pool].scaling, ctx, ["nodePools", pool, "scaling"]);
    }
    checkScaling(value.neuromorphic.simulationPool.scaling, ctx, ["neuromorphic", "simulationPool", "scaling"]);
    // One access entry per principal and cluster: a second entry for the same ARN fails with
    // ResourceInUseException (EKS API CreateAccessEntry). The role running `pulumi up` already has
    // one (bootstrapClusterCreatorAdminPermissions), so it must not be listed either.
    const admins = new Map<string, number>();
    value.adminRoleArns.forEach((arn, i) => {
      const first = admins.get(arn);
      if (first !== undefined) ctx.addIssue({ code: "custom", path: ["adminRoleArns", i], input: arn, message: `${JSON.stringify(arn)} is already listed at adminRoleArns[${first}]; EKS refuses a second access entry for the same principal` });
      admins.set(arn, i);
    });
    const seen = new Map<string, number>();
    value.regions.forEach((r, i) => {
      const first = seen.get(r.name);
      if (first !== undefined) {
        ctx.addIssue({ code: "custom", path: ["regions", i, "name"], input: r.name, message: `${JSON.stringify(r.name)} is already listed at regions[${first}]; each region once` });
      }
      seen.set(r.name, i);
    });
    if (value.neuromorphic.hybridNodes.enabled && value.neuromorphic.hybridNodes.remoteNodeCidrs.length === 0) {
      ctx.addIssue({ code: "custom", path: ["neuromorphic", "hybridNodes", "remoteNodeCidrs"], input: [], message: "is empty; hybrid nodes need the on-premises node CIDRs" });
    }
    checkPlatformNetworks(value, ctx);
    const minor = value.kubernetesVersion.split(".")[1];
    const kubeProxy = value.addons?.kubeProxy;
    // kube-proxy must run the cluster's minor (EKS user guide, "Manage kube-proxy": version skew).
    if (kubeProxy !== undefined && !kubeProxy.startsWith(`v1.${minor}.`)) {
      ctx.addIssue({ code: "custom", path: ["addons", "kubeProxy"], input: kubeProxy, message: `${JSON.stringify(kubeProxy)} does not match kubernetesVersion ${value.kubernetesVersion}; kube-proxy must be v1.${minor}.x` });
    }
    if (!/^[pg]\d/.test(value.nodePools.gpu.instanceType)) {
      ctx.addIssue({ code: "custom", path: ["nodePools", "gpu", "instanceType"], input: value.nodePools.gpu.instanceType, message: `${JSON.stringify(value.nodePools.gpu.instanceType)} is not an NVIDIA GPU instance type (p* or g* families)` });
    }
  })
  // The compatibility set of the chosen minor fills every version config leaves unset.
  .transform((value) => {
    const set = EKS_VERSIONS[value.kubernetesVersion] ?? EKS_VERSIONS[DEFAULT_EKS_VERSION];
    const addons: EksAddonSet = { ...set.addons, ...definedOnly(value.addons ?? {}) };
    const charts: EksChartSet = { ...set.charts, ...definedOnly(value.charts ?? {}) };
    return { ...value, addons, charts, clusterAutoscalerImageTag: set.clusterAutoscalerImageTag };
  });
export type PlatformConfig = z.output<typeof platform>;

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Production deploy path and cluster access (stacks/schema.ts calls it with the whole config, which
 * may be partly invalid). A private endpoint with no runner inside the VPCs leaves the Kubernetes
 * provider of `pulumi up` hanging on every cluster; with no admin access entry nobody but the
 * deploying role can reach the clusters (EKS user guide, "Cluster API server endpoint", "Grant IAM
 * users access to Kubernetes with EKS access entries").
 */
export function platformCrossCheck(environment: unknown, input: unknown, ctx: z.RefinementCtx): void {
  if (typeof input !== "object" || input === null) return;
  const p = input as Record<string, unknown>;
  // One NAT gateway per AZ takes one Elastic IP each (Amazon VPC quotas; NAT gateways, "Create a NAT gateway").
  const azs = typeof p.availabilityZones === "number" ? p.availabilityZones : 0;
  const quota = typeof p.elasticIpQuota === "number" ? p.elasticIpQuota : DEFAULT_ELASTIC_IP_QUOTA;
  (Array.isArray(p.regions) ? p.regions : []).forEach((r: unknown, i: number) => {
    const mode = (r as { natGateways?: unknown } | null)?.natGateways ?? (environment === "production" ? "perAz" : "single");
    const needed = mode === "perAz" ? azs : 1;
    if (needed > quota) {
      ctx.addIssue({ code: "custom", path: ["platform", "regions", i, "natGateways"], input: mode, message: `needs ${needed} Elastic IPs (one NAT gateway per AZ) but platform.elasticIpQuota is ${quota}; raise the quota "Elastic IP addresses per Region" and set elasticIpQuota, or use fewer AZs` });
    }
  });
  if (environment !== "production") return;
  const cidrs = Array.isArray(p.endpointPublicAccessCidrs) ? p.endpointPublicAccessCidrs : [];
  if (cidrs.length === 0 && (p.deployRunner === undefined || p.deployRunner === "")) {
    ctx.addIssue({
      code: "custom",
      path: ["platform", "deployRunner"],
      input: p.deployRunner,
      message: "is required in production while platform.endpointPublicAccessCidrs is empty: the EKS endpoints are private, so `pulumi up` must run on a runner inside the VPCs (name its label here) or the public endpoint must allow the runners' CIDRs",
    });
  }
  if (!Array.isArray(p.adminRoleArns) || p.adminRoleArns.length === 0) {
    ctx.addIssue({ code: "custom", path: ["platform", "adminRoleArns"], input: p.adminRoleArns, message: "is empty; production needs at least one admin principal (an EKS access entry with AmazonEKSClusterAdminPolicy) besides the deploying role" });
  }
}

type PlatformInput = z.input<typeof platform>;

const SIX_REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-1", "ap-northeast-1"];

const staging: PlatformInput = {
  kubernetesVersion: DEFAULT_EKS_VERSION,
  regions: [{ name: "us-east-1", natGateways: "single" }],
  availabilityZones: 3,
  endpointPublicAccessCidrs: [],
  elasticIpQuota: DEFAULT_ELASTIC_IP_QUOTA,
  autoScalingServiceLinkedRole: "undeclared",
  adminRoleArns: [],
  nodePools: {
    general: { instanceType: "t3.large", scaling: { min: 1, max: 3, desired: 1 }, diskSizeGb: 50 },
    compute: { instanceType: "c5.2xlarge", scaling: { min: 0, max: 2, desired: 0 }, diskSizeGb: 100 },
    gpu: { instanceType: "p3.2xlarge", scaling: { min: 0, max: 1, desired: 0 }, diskSizeGb: 200 },
  },
  neuromorphic: {
    accelerators: ["loihi2", "akida"],
    hybridNodes: { enabled: false, remoteNodeCidrs: [], remotePodCidrs: [], registrationLimit: 4 },
    simulationPool: { enabled: true, instanceType: "c5.xlarge", scaling: { min: 0, max: 2, desired: 0 }, diskSizeGb: 50 },
  },
  auditTrail: { retentionDays: 365 },
};

/** Guide numbers: production = the six regions of the Supported Regions table, pools 2-10 / 1-5 / 0-3. */
export const platformPresets = {
  staging,
  production: {
  ...staging,
  regions: SIX_REGIONS.map((name) => ({ name, natGateways: "perAz" as const })),
  nodePools: {
    general: { instanceType: "t3.large", scaling: { min: 2, max: 10, desired: 2 }, diskSizeGb: 100 },
    compute: { instanceType: "c5.2xlarge", scaling: { min: 1, max: 5, desired: 1 }, diskSizeGb: 200 },
    gpu: { instanceType: "p3.2xlarge", scaling: { min: 0, max: 3, desired: 0 }, diskSizeGb: 200 },
  },
  // HIPAA keeps audit documentation six years; the trail's log files follow.
  auditTrail: { retentionDays: 2192 },
  neuromorphic: {
    accelerators: ["loihi2", "akida"],
    hybridNodes: { enabled: true, remoteNodeCidrs: ["172.16.0.0/18"], remotePodCidrs: ["172.16.64.0/18"], registrationLimit: 16 },
    simulationPool: { enabled: true, instanceType: "c5.2xlarge", scaling: { min: 0, max: 4, desired: 0 }, diskSizeGb: 100 },
  },
},
} satisfies Record<"staging" | "production", PlatformInput>;
