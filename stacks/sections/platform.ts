import { z } from "zod";
import { awsRegionName, checkScaling, cidr, jurisdiction, nodeScaling, positiveInt } from "./common";
import { ebsVolumeGb, ssmRegistrationLimit } from "../limits";
import { checkPlatformNetworks } from "../networks";

/** The EKS service CIDR: stacks/networks.ts (with every network rule). */
export { SERVICE_CIDR } from "../networks";

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
    /** EKS Kubernetes version, >= 1.28 (seed prerequisite). */
    kubernetesVersion: z.string().refine((v) => /^1\.\d+$/.test(v) && Number(v.split(".")[1]) >= 28, {
      error: (issue) => `${JSON.stringify(issue.input)} is not a supported EKS version; use 1.28 or newer (e.g. "1.31")`,
    }),
    /** Regions, each an independent platform. */
    regions: z.array(region).min(1, { error: "needs at least one region" }),
    /** Availability zones per region. */
    availabilityZones: z.number().int().min(2).max(6),
    /** CIDRs allowed to reach the public EKS endpoint; empty = public endpoint off. */
    endpointPublicAccessCidrs: z.array(cidr),
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
    /** Chart versions of the cluster software (pinned). */
    charts: z.strictObject({
      clusterAutoscaler: chartVersion,
      nvidiaDevicePlugin: chartVersion,
      metricsServer: chartVersion,
      verticalPodAutoscaler: chartVersion,
      awsLoadBalancerController: chartVersion,
      /** prometheus-community/kube-prometheus-stack: the Prometheus Operator (PrometheusRule CRDs), Prometheus, Alertmanager. */
      kubePrometheusStack: chartVersion,
    }),
    /** Per-region CloudTrail trail (management events and S3 data events). */
    auditTrail: z.strictObject({
      /** Days log files are kept in the trail's S3 bucket (raised to compliance.minLogRetentionDays when lower). */
      retentionDays: positiveInt,
    }),
    /** EKS managed add-on versions (pinned; each must be offered for kubernetesVersion). */
    addons: z.strictObject({
      vpcCni: addonVersion,
      coredns: addonVersion,
      kubeProxy: addonVersion,
      ebsCsiDriver: addonVersion,
    }),
  })
  .superRefine((value, ctx) => {
    for (const pool of ["general", "compute", "gpu"] as const) {
      checkScaling(value.nodePools[pool].scaling, ctx, ["nodePools", pool, "scaling"]);
    }
    checkScaling(value.neuromorphic.simulationPool.scaling, ctx, ["neuromorphic", "simulationPool", "scaling"]);
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
    if (!value.addons.kubeProxy.startsWith(`v1.${minor}.`)) {
      ctx.addIssue({ code: "custom", path: ["addons", "kubeProxy"], input: value.addons.kubeProxy, message: `${JSON.stringify(value.addons.kubeProxy)} does not match kubernetesVersion ${value.kubernetesVersion}; kube-proxy must be v1.${minor}.x` });
    }
    if (!/^[pg]\d/.test(value.nodePools.gpu.instanceType)) {
      ctx.addIssue({ code: "custom", path: ["nodePools", "gpu", "instanceType"], input: value.nodePools.gpu.instanceType, message: `${JSON.stringify(value.nodePools.gpu.instanceType)} is not an NVIDIA GPU instance type (p* or g* families)` });
    }
  });
export type PlatformConfig = z.infer<typeof platform>;

type PlatformInput = z.input<typeof platform>;

const SIX_REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-1", "ap-northeast-1"];

const charts = {
  clusterAutoscaler: "9.43.2",
  nvidiaDevicePlugin: "0.17.0",
  metricsServer: "3.12.2",
  verticalPodAutoscaler: "4.7.1",
  awsLoadBalancerController: "1.11.0",
  kubePrometheusStack: "66.3.1",
};

/** Add-on versions EKS offers for Kubernetes 1.31 (change them with kubernetesVersion). */
const addons = {
  vpcCni: "v1.20.0-eksbuild.1",
  coredns: "v1.11.4-eksbuild.24",
  kubeProxy: "v1.31.10-eksbuild.8",
  ebsCsiDriver: "v1.38.1-eksbuild.1",
};

const staging: PlatformInput = {
  kubernetesVersion: "1.31",
  regions: [{ name: "us-east-1", natGateways: "single" }],
  availabilityZones: 3,
  endpointPublicAccessCidrs: [],
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
  charts,
  addons,
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
