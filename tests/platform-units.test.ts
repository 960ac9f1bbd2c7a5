/**
 * The platform's plain building blocks: subnet layout, log retention rounding, pool labels and
 * AMI types, policy documents, and the schema rules the platform section adds.
 */
import * as k8s from "@pulumi/kubernetes";
import { auditEventSelectors, trailBucketPolicy, trailKeyPolicy } from "../components/aws/audit-trail";
import { subnetCidr, subnetLayout } from "../components/aws/cidr";
import { kubePrometheusStackValues, PROMETHEUS_URL } from "../components/aws/monitoring";
import { auditBucketName } from "../components/aws/regional-platform";
import { eksKubeconfig } from "../components/aws/kubeconfig";
import { clusterAutoscalerPolicy } from "../components/aws/iam/cluster-autoscaler";
import { serviceAccountTrust } from "../components/aws/iam/documents";
import { loadBalancerControllerPolicy } from "../components/aws/iam/load-balancer-controller";
import { ebsKeyPolicy, logsKeyPolicy } from "../components/aws/keys";
import { retentionAtLeast } from "../components/aws/logs";
import { acceleratorLabels, amiType, autoscalerTags, gpuAcceleratorName, GPU_TAINT } from "../components/aws/pools";
import { ConfigError } from "../stacks/errors";
import { loadStackConfig, type RawConfig } from "../stacks/load";
import { readStackFiles } from "../tools/engine/project";
import { PROJECT_DIR, rawConfigOf, runProgram } from "../tools/engine/run";

/** IPv4 dotted quad -> number, to check containment independently of the implementation. */
const ipNum = (ip: string) => ip.split(".").reduce((a, o) => a * 256 + Number(o), 0);
const range = (cidr: string): [number, number] => {
  const [ip, p] = cidr.split("/");
  const start = ipNum(ip);
  return [start, start + 2 ** (32 - Number(p)) - 1];
};

describe("subnet layout", () => {
  test("three AZs of a /16: /19 private and /22 public subnets, disjoint and inside the VPC", () => {
    const layout = subnetLayout("10.32.0.0/16", 3);
    expect(layout.private).toEqual(["10.32.0.0/19", "10.32.32.0/19", "10.32.64.0/19"]);
    expect(layout.public).toEqual(["10.32.192.0/22", "10.32.196.0/22", "10.32.200.0/22"]);
    const all = [...layout.private, ...layout.public].map(range);
    const [vpcStart, vpcEnd] = range("10.32.0.0/16");
    for (const [s, e] of all) expect(s >= vpcStart && e <= vpcEnd).toBe(true);
    for (let i = 0; i < all.length; i++) for (let j = i + 1; j < all.length; j++) expect(all[i][1] < all[j][0] || all[j][1] < all[i][0]).toBe(true);
  });

  test("six AZs still fit, and the layout scales down with the VPC prefix", () => {
    expect(subnetLayout("10.0.0.0/16", 6).public[5]).toBe("10.0.212.0/22");
    expect(subnetLayout("192.168.4.0/22", 3)).toEqual({ private: ["192.168.4.0/25", "192.168.4.128/25", "192.168.5.0/25"], public: ["192.168.7.0/28", "192.168.7.16/28", "192.168.7.32/28"] });
  });

  test("blocks that do not fit are rejected", () => {
    expect(() => subnetCidr("10.0.0.0/16", 19, 8)).toThrow(/only 8 \/19 blocks/);
    expect(() => subnetCidr("10.0.0.0/16", 8, 0)).toThrow(/cannot carve/);
    expect(() => subnetLayout("10.0.0.0/16", 7)).toThrow(/1-6 availability zones/);
  });
});

describe("log retention", () => {
  test.each([
    [1, 1],
    [30, 30],
    [31, 60],
    [90, 90],
    [91, 120],
    [2190, 2192],
  ])("at least %i days -> CloudWatch value %i", (min, expected) => expect(retentionAtLeast(min)).toBe(expected));
  test("beyond ten years is impossible", () => expect(() => retentionAtLeast(4000)).toThrow(/cannot retain/));
});

describe("pools", () => {
  test("AMI types follow architecture and GPU", () => {
    expect(amiType("t3.large", false)).toBe("AL2023_x86_64_STANDARD");
    expect(amiType("p3.2xlarge", true)).toBe("AL2023_x86_64_NVIDIA");
    expect(amiType("m7g.large", false)).toBe("AL2023_ARM_64_STANDARD");
    expect(amiType("g5g.xlarge", true)).toBe("AL2023_ARM_64_NVIDIA");
    expect(amiType("g5.xlarge", true)).toBe("AL2023_x86_64_NVIDIA");
  });

  test("GPU families map to their accelerator label", () => {
    expect(gpuAcceleratorName("p3.2xlarge")).toBe("nvidia-tesla-v100");
    expect(gpuAcceleratorName("g4dn.xlarge")).toBe("nvidia-tesla-t4");
    expect(gpuAcceleratorName("p4d.24xlarge")).toBe("nvidia-tesla-a100");
    expect(gpuAcceleratorName("x9.large")).toBe("nvidia");
  });

  test("neuromorphic labels name the accelerator and whether it is simulated", () => {
    expect(acceleratorLabels("loihi2", false)).toEqual({ "neurastack.io/pool": "neuromorphic", "neuromorphic.neurastack.io/accelerator": "loihi2", "neuromorphic.neurastack.io/simulated": "false" });
    expect(acceleratorLabels("akida", true)["neuromorphic.neurastack.io/simulated"]).toBe("true");
  });

  test("autoscaler tags include ownership and node-template hints for labels and taints", () => {
    expect(autoscalerTags("c1", { a: "b" }, [GPU_TAINT])).toEqual({
      "k8s.io/cluster-autoscaler/enabled": "true",
      "k8s.io/cluster-autoscaler/c1": "owned",
      "k8s.io/cluster-autoscaler/node-template/label/a": "b",
      "k8s.io/cluster-autoscaler/node-template/taint/nvidia.com/gpu": "true:NoSchedule",
    });
  });
});

describe("IAM documents", () => {
  test("IRSA trust is scoped to one service account and the STS audience", async () => {
    const doc = await new Promise<string>((resolve) => serviceAccountTrust("arn:aws:iam::1:oidc-provider/oidc.eks.x/id/A", "oidc.eks.x/id/A", "kube-system", "sa").apply(resolve));
    const s = JSON.parse(doc).Statement[0];
    expect(s).toMatchObject({ Effect: "Allow", Action: "sts:AssumeRoleWithWebIdentity", Principal: { Federated: "arn:aws:iam::1:oidc-provider/oidc.eks.x/id/A" } });
    expect(s.Condition.StringEquals).toEqual({ "oidc.eks.x/id/A:sub": "system:serviceaccount:kube-system:sa", "oidc.eks.x/id/A:aud": "sts.amazonaws.com" });
  });

  test("the autoscaler may only resize groups its cluster owns", () => {
    const statements = JSON.parse(clusterAutoscalerPolicy("c1")).Statement as { Action: string[]; Condition?: Record<string, Record<string, string>> }[];
    const mutate = statements.find((s) => s.Action.includes("autoscaling:SetDesiredCapacity"))!;
    expect(mutate.Condition).toEqual({ StringEquals: { "aws:ResourceTag/k8s.io/cluster-autoscaler/c1": "owned" } });
  });

  test("the load balancer controller deletes only what it tagged", () => {
    const statements = JSON.parse(loadBalancerControllerPolicy).Statement as { Action: string | string[]; Condition?: Record<string, Record<string, string>> }[];
    const deletes = statements.filter((s) => [s.Action].flat().some((a) => /Delete(LoadBalancer|TargetGroup|SecurityGroup)$/.test(a)));
    expect(deletes.length).toBeGreaterThan(0);
    for (const s of deletes) expect(s.Condition?.Null?.["aws:ResourceTag/elbv2.k8s.aws/cluster"]).toBe("false");
  });

  test("key policies: CloudWatch Logs limited to the region and account; Auto Scaling may attach EBS volumes", () => {
    const logs = JSON.parse(logsKeyPolicy("111122223333", "eu-west-1")).Statement;
    expect(logs[1].Principal.Service).toBe("logs.eu-west-1.amazonaws.com");
    expect(logs[1].Condition.ArnLike["kms:EncryptionContext:aws:logs:arn"]).toBe("arn:aws:logs:eu-west-1:111122223333:*");
    const ebs = JSON.parse(ebsKeyPolicy("111122223333")).Statement;
    expect(ebs.find((s: { Sid: string }) => s.Sid === "AutoScalingAttach").Condition).toEqual({ Bool: { "kms:GrantIsForAWSResource": "true" } });
  });
});

describe("audit trail documents", () => {
  const trail = "arn:aws:cloudtrail:eu-west-1:123456789012:trail/t";
  test("event selectors: all management events; S3 object events of every bucket but the excluded ones", () => {
    const [management, data] = auditEventSelectors(["arn:aws:s3:::trail-bucket", "arn:aws:s3:::trail-bucket-access-logs"]);
    expect(management.fieldSelectors).toEqual([{ field: "eventCategory", equals: ["Management"] }]);
    expect(data.fieldSelectors).toEqual([
      { field: "eventCategory", equals: ["Data"] },
      { field: "resources.type", equals: ["AWS::S3::Object"] },
      // The trailing slash limits each exclusion to that bucket's own objects.
      { field: "resources.ARN", notStartsWiths: ["arn:aws:s3:::trail-bucket/", "arn:aws:s3:::trail-bucket-access-logs/"] },
    ]);
  });

  test("the key and bucket policies admit CloudTrail for this trail only, and the bucket refuses plain HTTP", () => {
    const key = JSON.parse(trailKeyPolicy("123456789012", trail)).Statement as Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
    const service = key.filter((st) => st.Principal.Service === "cloudtrail.amazonaws.com");
    expect(service.length).toBeGreaterThan(0);
    for (const st of service) expect(st.Condition).toEqual({ StringEquals: { "aws:SourceArn": trail } });
    expect(key.find((st) => st.Principal.AWS)?.Principal.AWS).toBe("arn:aws:iam::123456789012:root");
    const bucket = JSON.parse(trailBucketPolicy("arn:aws:s3:::b", "123456789012", trail)).Statement as Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(bucket.filter((st) => st.Effect === "Deny").map((st) => st.Sid)).toEqual(["DenyInsecureTransport", "DenyOutdatedTls"]);
    const allows = bucket.filter((st) => st.Effect === "Allow");
    expect(allows.map((st) => [st.Action, st.Resource])).toEqual([
      ["s3:GetBucketAcl", "arn:aws:s3:::b"],
      ["s3:PutObject", "arn:aws:s3:::b/AWSLogs/123456789012/*"],
    ]);
    for (const st of allows) expect(st.Condition.StringEquals["aws:SourceArn"]).toBe(trail);
  });

  test("bucket names fit S3's 63 characters even with the access-log suffix, per region and environment", () => {
    const name = auditBucketName("neurastack", "ap-southeast-1", "production");
    expect(name).toBe("neurastack-audit-ap-southeast-1-prod");
    const long = auditBucketName("a-very-long-project-name-for-testing", "ap-southeast-1", "production");
    expect(`${long}-access-logs`.length).toBeLessThanOrEqual(63);
    expect(long).not.toMatch(/-$/);
    expect(auditBucketName("neurastack", "eu-west-1", "staging")).not.toBe(auditBucketName("neurastack", "eu-west-1", "production"));
  });
});

describe("monitoring stack values", () => {
  test("Prometheus address, selector and volumes follow the arguments", () => {
    const v = kubePrometheusStackValues({ nodeSelector: { pool: "general" }, storageClassName: "sc", retentionDays: 7, prometheusVolumeGb: 100 }) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(PROMETHEUS_URL).toBe("http://kube-prometheus-stack-prometheus.monitoring.svc.cluster.local:9090");
    const spec = v.prometheus.prometheusSpec;
    expect(spec).toMatchObject({ nodeSelector: { pool: "general" }, retention: "7d", retentionSize: "90GB" });
    expect(spec.storageSpec.volumeClaimTemplate.spec).toEqual({ storageClassName: "sc", accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "100Gi" } } });
    // Jobs for control-plane parts EKS does not expose stay off.
    for (const part of ["kubeEtcd", "kubeControllerManager", "kubeScheduler", "kubeProxy"]) expect(v[part]).toEqual({ enabled: false });
    const pods = spec.additionalScrapeConfigs[0];
    expect(pods.relabel_configs[0]).toEqual({ source_labels: ["__meta_kubernetes_pod_annotation_prometheus_io_scrape"], action: "keep", regex: "true" });
  });
});

describe("platform config rules", () => {
  type Values = Record<string, unknown>;
  function problems(edit: (platform: Values) => void): string[] {
    const base = rawConfigOf(readStackFiles(PROJECT_DIR, "staging"));
    const values = structuredClone(base.values) as Values;
    edit(values.platform as Values);
    try {
      loadStackConfig({ ...base, values } as RawConfig);
    } catch (e) {
      if (e instanceof ConfigError) return e.problems.map((p) => `${p.key}: ${p.rule}`);
      throw e;
    }
    return [];
  }

  test("the stack files load without platform problems", () => expect(problems(() => undefined)).toEqual([]));

  test.each<[string, (p: Values) => void, string]>([
    ["kube-proxy for another Kubernetes minor", (p) => (p.addons = { kubeProxy: "v1.34.6-eksbuild.2" }), 'neurastack:platform.addons.kubeProxy: "v1.34.6-eksbuild.2" does not match kubernetesVersion 1.35'],
    ["malformed add-on version", (p) => (p.addons = { coredns: "latest" }), 'neurastack:platform.addons.coredns: "latest" is not an EKS add-on version'],
    ["chart version range", (p) => (p.charts = { metricsServer: "^3.12.0" }), 'neurastack:platform.charts.metricsServer: "^3.12.0" is not a pinned chart version'],
    ["non-GPU instance type for the GPU pool", (p) => (p.nodePools = { gpu: { instanceType: "c5.2xlarge" } }), 'neurastack:platform.nodePools.gpu.instanceType: "c5.2xlarge" is not an NVIDIA GPU instance type'],
    ["public remote node CIDR", (p) => (p.neuromorphic = { hybridNodes: { enabled: true, remoteNodeCidrs: ["8.8.8.0/24"] } }), 'neurastack:platform.neuromorphic.hybridNodes.remoteNodeCidrs[0]: "8.8.8.0/24" is not a private range'],
    ["remote node and pod CIDRs overlap", (p) => (p.neuromorphic = { hybridNodes: { enabled: true, remoteNodeCidrs: ["192.168.0.0/16"], remotePodCidrs: ["192.168.10.0/24"] } }), 'neurastack:platform.neuromorphic.hybridNodes.remoteNodeCidrs[0]: "192.168.0.0/16" overlaps remote pod CIDR 192.168.10.0/24'],
    ["remote CIDR over the service CIDR", (p) => (p.neuromorphic = { hybridNodes: { enabled: true, remoteNodeCidrs: ["172.20.8.0/24"] } }), 'neurastack:platform.neuromorphic.hybridNodes.remoteNodeCidrs[0]: "172.20.8.0/24" overlaps the cluster service CIDR 172.20.0.0/16'],
    ["VPC too small for the subnet layout", (p) => (p.regions = [{ name: "us-east-1", vpcCidr: "10.9.0.0/24" }]), 'neurastack:platform.regions[0].vpcCidr: "10.9.0.0/24" must be between a /16 and a /22'],
    ["zero registration limit", (p) => (p.neuromorphic = { hybridNodes: { registrationLimit: 0 } }), "neurastack:platform.neuromorphic.hybridNodes.registrationLimit: 0 must be greater than 0"],
    ["monitoring chart version range", (p) => (p.charts = { kubePrometheusStack: "66.x" }), 'neurastack:platform.charts.kubePrometheusStack: "66.x" is not a pinned chart version'],
    ["zero audit retention", (p) => (p.auditTrail = { retentionDays: 0 }), "neurastack:platform.auditTrail.retentionDays: 0 must be greater than 0"],
  ])("%s", (_name, edit, expected) => {
    expect(problems(edit)).toEqual(expect.arrayContaining([expect.stringContaining(expected)]));
  });
});

describe("offline engine: EKS kubeconfig", () => {
  test("a LoadBalancer Service on a platform cluster gets a hostname in the cluster's region", async () => {
    const run = await runProgram(async () => {
      const kubeconfig = eksKubeconfig({ clusterName: "c1", endpoint: "https://X.gr7.eu-west-1.eks.amazonaws.com", certificateAuthorityData: "Q0E=", region: "eu-west-1" });
      const provider = new k8s.Provider("k8s", { kubeconfig });
      new k8s.core.v1.Service("svc", { metadata: { name: "svc", labels: {} }, spec: { type: "LoadBalancer", ports: [{ port: 80 }] } }, { provider });
    });
    const svc = run.resources.find((r) => r.type === "kubernetes:core/v1:Service")!;
    expect(JSON.stringify(svc.wireOutputs)).toMatch(/\.eu-west-1\.elb\.amazonaws\.com/);
    const provider = run.resources.find((r) => r.type === "pulumi:providers:kubernetes")!;
    const exec = JSON.parse(String(provider.inputs.kubeconfig)).users[0].user.exec;
    expect(exec).toMatchObject({ command: "aws", args: ["eks", "get-token", "--cluster-name", "c1", "--region", "eu-west-1", "--output", "json"] });
  });
});
