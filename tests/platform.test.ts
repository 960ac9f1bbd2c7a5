/**
 * The AWS platform in the production plan: six independent regional platforms, each with the
 * guide's network, EKS cluster, node pools, hybrid neuromorphic nodes and cluster software.
 * Expected numbers come from the seed guide (Compute Infrastructure) and the loaded config.
 */
import { descendantsOf, planStack, resourceOf, resourcesOf, type EngineResource, type Plan } from "./harness";

const GUIDE_REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-1", "ap-northeast-1"];

type Inputs = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let plan: Plan;
let byUrn: Map<string, EngineResource>;
/** region -> every resource under that region's RegionalPlatform. */
const regional = new Map<string, EngineResource[]>();

beforeAll(async () => {
  plan = await planStack("production");
  byUrn = new Map(plan.run.resources.map((r) => [r.urn, r]));
  for (const rp of resourcesOf(plan, "neurastack:aws:RegionalPlatform")) regional.set(rp.name.replace(/^platform-/, ""), descendantsOf(plan, rp.urn));
});

const inRegion = (region: string, type: string, name?: RegExp): EngineResource[] => (regional.get(region) ?? []).filter((r) => r.type === type && (name === undefined || name.test(r.name)));
const oneIn = (region: string, type: string, name?: RegExp): EngineResource => {
  const found = inRegion(region, type, name);
  if (found.length !== 1) throw new Error(`expected one ${type} ${name ?? ""} in ${region}, found ${found.map((r) => r.name).join(", ") || "none"}`);
  return found[0];
};
const inputs = (r: EngineResource): Inputs => r.inputs as Inputs;
const idOf = (r: EngineResource): string => String((r.wireOutputs as Inputs).id ?? "");
const arnOf = (r: EngineResource): string => String((r.wireOutputs as Inputs).arn ?? "");

describe("six regional platforms", () => {
  test("one RegionalPlatform per guide region, in config order, under the Platform component", () => {
    const platform = resourceOf(plan, "neurastack:aws:Platform");
    const regionals = resourcesOf(plan, "neurastack:aws:RegionalPlatform");
    expect(regionals.map((r) => r.name)).toEqual(GUIDE_REGIONS.map((r) => `platform-${r}`));
    expect(plan.run.config.regions.map((r) => r.name)).toEqual(GUIDE_REGIONS);
    for (const r of regionals) expect(r.parent).toBe(platform.urn);
  });

  test("each region has its own AWS provider for its region, and every AWS resource in it uses that provider", () => {
    for (const region of GUIDE_REGIONS) {
      const provider = oneIn(region, "pulumi:providers:aws");
      expect(inputs(provider).region).toBe(region);
      const awsResources = (regional.get(region) ?? []).filter((r) => r.type.startsWith("aws:"));
      expect(awsResources.length).toBeGreaterThan(50);
      for (const r of awsResources) expect({ name: r.name, provider: r.provider }).toEqual({ name: r.name, provider: provider.urn });
    }
  });

  test("each region has one Kubernetes provider built from its own cluster's outputs (aws eks get-token)", () => {
    for (const region of GUIDE_REGIONS) {
      const k8s = oneIn(region, "pulumi:providers:kubernetes");
      const cluster = oneIn(region, "aws:eks/cluster:Cluster");
      const kubeconfig = JSON.parse(String(inputs(k8s).kubeconfig));
      expect(kubeconfig.clusters[0].cluster.server).toBe((cluster.wireOutputs as Inputs).endpoint);
      expect(kubeconfig.users[0].user.exec.command).toBe("aws");
      expect(kubeconfig.users[0].user.exec.args).toEqual(["eks", "get-token", "--cluster-name", inputs(cluster).name, "--region", region, "--output", "json"]);
      expect(k8s.dependencies).toContain(cluster.urn);
      const k8sResources = (regional.get(region) ?? []).filter((r) => r.type.startsWith("kubernetes:"));
      expect(k8sResources.length).toBeGreaterThanOrEqual(6);
      for (const r of k8sResources) expect(r.provider).toBe(k8s.urn);
    }
  });

  test("no dependency path crosses regions (regions deploy in parallel)", () => {
    const regionOf = new Map<string, string>();
    for (const [region, resources] of regional) for (const r of resources) regionOf.set(r.urn, region);
    const crossings: string[] = [];
    for (const [region, resources] of regional) {
      const seen = new Set<string>();
      const frontier = resources.map((r) => r.urn);
      while (frontier.length > 0) {
        const urn = frontier.pop()!;
        if (seen.has(urn)) continue;
        seen.add(urn);
        const owner = regionOf.get(urn);
        if (owner !== undefined && owner !== region) crossings.push(`${region} reaches ${urn}`);
        const r = byUrn.get(urn);
        if (!r) continue;
        frontier.push(...r.dependencies, ...(r.parent ? [r.parent] : []), ...(r.provider ? [r.provider] : []));
      }
      // The walk really followed edges: it reached the region's cluster from its node groups.
      expect(seen.size).toBeGreaterThanOrEqual(resources.length);
    }
    expect(crossings).toEqual([]);
  });

  test("regions get distinct, non-overlapping VPC CIDRs", () => {
    const cidrs = GUIDE_REGIONS.map((region) => inputs(oneIn(region, "aws:ec2/vpc:Vpc")).cidrBlock);
    expect(new Set(cidrs).size).toBe(6);
    expect(cidrs).toEqual(plan.run.config.regions.map((r) => r.vpcCidr));
  });
});

describe.each(GUIDE_REGIONS)("network in %s", (region) => {
  test("three AZs with one private and one public subnet each, tagged for EKS load balancers", () => {
    const cluster = inputs(oneIn(region, "aws:eks/cluster:Cluster")).name;
    const vpc = oneIn(region, "aws:ec2/vpc:Vpc");
    const subnets = inRegion(region, "aws:ec2/subnet:Subnet");
    const priv = subnets.filter((s) => /-private-\d$/.test(s.name));
    const pub = subnets.filter((s) => /-public-\d$/.test(s.name));
    expect(priv).toHaveLength(3);
    expect(pub).toHaveLength(3);
    expect(new Set(priv.map((s) => inputs(s).availabilityZone)).size).toBe(3);
    expect(new Set(pub.map((s) => inputs(s).availabilityZone))).toEqual(new Set(priv.map((s) => inputs(s).availabilityZone)));
    for (const s of priv) {
      expect(s.dependencies).toContain(vpc.urn);
      expect(inputs(s).availabilityZone.startsWith(region)).toBe(true);
      expect(inputs(s).tags).toMatchObject({ "kubernetes.io/role/internal-elb": "1", [`kubernetes.io/cluster/${cluster}`]: "shared" });
      expect(inputs(s).mapPublicIpOnLaunch).toBe(false);
    }
    for (const s of pub) expect(inputs(s).tags).toMatchObject({ "kubernetes.io/role/elb": "1", [`kubernetes.io/cluster/${cluster}`]: "shared" });
    // The EKS control plane and every node group sit in the private subnets only.
    const privateIds = priv.map(idOf).sort();
    expect([...inputs(oneIn(region, "aws:eks/cluster:Cluster")).vpcConfig.subnetIds].sort()).toEqual(privateIds);
    for (const ng of inRegion(region, "aws:eks/nodeGroup:NodeGroup")) expect([...inputs(ng).subnetIds].sort()).toEqual(privateIds);
  });

  test("one NAT gateway per AZ, each private route table egressing through its own AZ's NAT", () => {
    const nats = inRegion(region, "aws:ec2/natGateway:NatGateway");
    expect(nats).toHaveLength(3);
    const subnetAz = new Map(inRegion(region, "aws:ec2/subnet:Subnet").map((s) => [idOf(s), inputs(s).availabilityZone]));
    expect(new Set(nats.map((n) => subnetAz.get(inputs(n).subnetId)))).toEqual(new Set(inRegion(region, "aws:ec2/subnet:Subnet").map((s) => inputs(s).availabilityZone)));
    const natIds = new Set(nats.map(idOf));
    const privateRts = inRegion(region, "aws:ec2/routeTable:RouteTable", /private-rt/);
    expect(privateRts).toHaveLength(3);
    expect(new Set(privateRts.map((rt) => inputs(rt).routes[0].natGatewayId))).toEqual(natIds);
  });

  test("VPC flow logs (all traffic) to a KMS-encrypted log group kept at least the compliance minimum", () => {
    const flow = oneIn(region, "aws:ec2/flowLog:FlowLog");
    const group = oneIn(region, "aws:cloudwatch/logGroup:LogGroup", /flow-logs/);
    expect(inputs(flow)).toMatchObject({ trafficType: "ALL", logDestinationType: "cloud-watch-logs", logDestination: arnOf(group), vpcId: idOf(oneIn(region, "aws:ec2/vpc:Vpc")) });
    expect(inputs(group).retentionInDays).toBeGreaterThanOrEqual(plan.run.config.compliance.minLogRetentionDays);
    const key = inRegion(region, "aws:kms/key:Key").find((k) => arnOf(k) === inputs(group).kmsKeyId);
    expect(key).toBeDefined();
    expect(inputs(key!).enableKeyRotation).toBe(true);
    // The key lets CloudWatch Logs of this region only use it.
    expect(JSON.parse(inputs(key!).policy).Statement.some((s: Inputs) => s.Principal?.Service === `logs.${region}.amazonaws.com`)).toBe(true);
    expect(group.options.protect).toBe(true);
  });

  test("S3 gateway endpoint on the private route tables and ECR api/dkr + STS interface endpoints", () => {
    const endpoints = inRegion(region, "aws:ec2/vpcEndpoint:VpcEndpoint");
    const byService = new Map(endpoints.map((e) => [inputs(e).serviceName, inputs(e)]));
    expect([...byService.keys()].sort()).toEqual([`com.amazonaws.${region}.ecr.api`, `com.amazonaws.${region}.ecr.dkr`, `com.amazonaws.${region}.s3`, `com.amazonaws.${region}.sts`].sort());
    const privateRts = inRegion(region, "aws:ec2/routeTable:RouteTable", /private-rt/).map(idOf).sort();
    expect(byService.get(`com.amazonaws.${region}.s3`)).toMatchObject({ vpcEndpointType: "Gateway" });
    expect([...byService.get(`com.amazonaws.${region}.s3`)!.routeTableIds].sort()).toEqual(privateRts);
    for (const svc of ["ecr.api", "ecr.dkr", "sts"]) {
      const e = byService.get(`com.amazonaws.${region}.${svc}`)!;
      expect(e).toMatchObject({ vpcEndpointType: "Interface", privateDnsEnabled: true });
      expect(e.subnetIds).toHaveLength(3);
    }
  });
});

describe.each(GUIDE_REGIONS)("EKS cluster in %s", (region) => {
  test("configured version, KMS-encrypted secrets with rotation, all control-plane logs, private endpoint only", () => {
    const cluster = oneIn(region, "aws:eks/cluster:Cluster");
    const c = inputs(cluster);
    expect(c.version).toBe(plan.run.config.platform.kubernetesVersion);
    expect(c.encryptionConfig.resources).toEqual(["secrets"]);
    const key = inRegion(region, "aws:kms/key:Key").find((k) => arnOf(k) === c.encryptionConfig.provider.keyArn);
    expect(key).toBeDefined();
    expect(inputs(key!).enableKeyRotation).toBe(true);
    expect(cluster.dependencies).toContain(key!.urn);
    expect([...c.enabledClusterLogTypes].sort()).toEqual(["api", "audit", "authenticator", "controllerManager", "scheduler"]);
    expect(c.vpcConfig).toMatchObject({ endpointPrivateAccess: true, endpointPublicAccess: false });
    expect(c.accessConfig.authenticationMode).toBe("API");
    expect(c.deletionProtection).toBe(true);
    expect(cluster.options.protect).toBe(true);
    // EKS writes control-plane logs into a pre-created encrypted group with compliance retention.
    const logs = oneIn(region, "aws:cloudwatch/logGroup:LogGroup", /control-plane-logs/);
    expect(inputs(logs).name).toBe(`/aws/eks/${c.name}/cluster`);
    expect(inputs(logs).kmsKeyId).toMatch(/^arn:aws:kms:/);
    expect(inputs(logs).retentionInDays).toBeGreaterThanOrEqual(90);
    expect(cluster.dependencies).toContain(logs.urn);
  });

  test("an IAM OIDC provider for IRSA from the cluster's issuer", () => {
    const cluster = oneIn(region, "aws:eks/cluster:Cluster");
    const oidc = oneIn(region, "aws:iam/openIdConnectProvider:OpenIdConnectProvider");
    const issuer = (cluster.wireOutputs as Inputs).identities[0].oidcs[0].issuer;
    expect(inputs(oidc)).toMatchObject({ url: issuer, clientIdLists: ["sts.amazonaws.com"] });
    expect(issuer).toContain(`oidc.eks.${region}.amazonaws.com`);
  });

  test("managed add-ons vpc-cni, kube-proxy, coredns and aws-ebs-csi-driver at the pinned versions, CNI and CSI with their own IRSA roles", () => {
    const versions = plan.run.config.platform.addons;
    const addons = new Map(inRegion(region, "aws:eks/addon:Addon").map((a) => [inputs(a).addonName, a]));
    expect([...addons.keys()].sort()).toEqual(["aws-ebs-csi-driver", "coredns", "kube-proxy", "vpc-cni"]);
    expect(inputs(addons.get("vpc-cni")!).addonVersion).toBe(versions.vpcCni);
    expect(inputs(addons.get("kube-proxy")!).addonVersion).toBe(versions.kubeProxy);
    expect(inputs(addons.get("coredns")!).addonVersion).toBe(versions.coredns);
    expect(inputs(addons.get("aws-ebs-csi-driver")!).addonVersion).toBe(versions.ebsCsiDriver);
    const issuer = String((oneIn(region, "aws:eks/cluster:Cluster").wireOutputs as Inputs).identities[0].oidcs[0].issuer).replace("https://", "");
    for (const [addon, sa] of [["vpc-cni", "system:serviceaccount:kube-system:aws-node"], ["aws-ebs-csi-driver", "system:serviceaccount:kube-system:ebs-csi-controller-sa"]] as const) {
      const role = inRegion(region, "aws:iam/role:Role").find((r) => arnOf(r) === inputs(addons.get(addon)!).serviceAccountRoleArn);
      expect(role).toBeDefined();
      const trust = JSON.parse(inputs(role!).assumeRolePolicy).Statement[0];
      expect(trust.Condition.StringEquals[`${issuer}:sub`]).toBe(sa);
    }
    // Nodes join only after the CNI exists; coredns only after nodes exist.
    const general = oneIn(region, "aws:eks/nodeGroup:NodeGroup", /-general-ng$/);
    expect(general.dependencies).toContain(addons.get("vpc-cni")!.urn);
    expect(addons.get("coredns")!.dependencies).toContain(general.urn);
  });

  test("access entries: the admin roles from config and the hybrid nodes role (HYBRID_LINUX)", () => {
    const entries = inRegion(region, "aws:eks/accessEntry:AccessEntry");
    const hybridRole = oneIn(region, "aws:iam/role:Role", /-hybrid-role$/);
    expect(entries.filter((e) => inputs(e).type === "STANDARD").map((e) => inputs(e).principalArn)).toEqual(plan.run.config.platform.adminRoleArns);
    expect(entries.filter((e) => inputs(e).type === "HYBRID_LINUX").map((e) => inputs(e).principalArn)).toEqual([arnOf(hybridRole)]);
  });
});

describe.each(GUIDE_REGIONS)("node pools in %s", (region) => {
  const pool = (name: string) => inputs(oneIn(region, "aws:eks/nodeGroup:NodeGroup", new RegExp(`-${name}-ng$`)));

  test("general t3.large 2-10, compute c5.2xlarge 1-5, GPU p3.2xlarge 0-3 (the guide's numbers)", () => {
    expect(pool("general")).toMatchObject({ instanceTypes: ["t3.large"], scalingConfig: { minSize: 2, maxSize: 10 }, amiType: "AL2023_x86_64_STANDARD" });
    expect(pool("compute")).toMatchObject({ instanceTypes: ["c5.2xlarge"], scalingConfig: { minSize: 1, maxSize: 5 }, amiType: "AL2023_x86_64_STANDARD" });
    expect(pool("gpu")).toMatchObject({ instanceTypes: ["p3.2xlarge"], scalingConfig: { minSize: 0, maxSize: 3 }, amiType: "AL2023_x86_64_NVIDIA" });
    expect(pool("general").taints).toEqual([]);
    expect(pool("compute").taints).toEqual([]);
  });

  test("the GPU pool is tainted nvidia.com/gpu=true:NoSchedule and labelled for its GPU", () => {
    expect(pool("gpu").taints).toEqual([{ key: "nvidia.com/gpu", value: "true", effect: "NO_SCHEDULE" }]);
    expect(pool("gpu").labels).toMatchObject({ "neurastack.io/pool": "gpu", "nvidia.com/gpu.present": "true", "k8s.amazonaws.com/accelerator": "nvidia-tesla-v100" });
  });

  test("cluster-autoscaler discovery and scale-from-zero tags on every pool", () => {
    const cluster = inputs(oneIn(region, "aws:eks/cluster:Cluster")).name;
    for (const ng of inRegion(region, "aws:eks/nodeGroup:NodeGroup")) {
      const t = inputs(ng).tags;
      expect(t).toMatchObject({ "k8s.io/cluster-autoscaler/enabled": "true", [`k8s.io/cluster-autoscaler/${cluster}`]: "owned" });
      for (const [k, v] of Object.entries(inputs(ng).labels)) expect(t[`k8s.io/cluster-autoscaler/node-template/label/${k}`]).toBe(v);
      for (const taint of inputs(ng).taints) expect(t[`k8s.io/cluster-autoscaler/node-template/taint/${taint.key}`]).toBe(`${taint.value}:NoSchedule`);
    }
    expect(oneIn(region, "aws:eks/nodeGroup:NodeGroup", /-gpu-ng$/).options.ignoreChanges).toContain("scalingConfig.desiredSize");
  });

  test("every node group uses its own launch template: IMDSv2 required, hop limit 2, encrypted gp3 root volume", () => {
    const templates = new Map(inRegion(region, "aws:ec2/launchTemplate:LaunchTemplate").map((lt) => [idOf(lt), inputs(lt)]));
    const groups = inRegion(region, "aws:eks/nodeGroup:NodeGroup");
    expect(groups.length).toBeGreaterThanOrEqual(3);
    expect(new Set(groups.map((g) => inputs(g).launchTemplate.id)).size).toBe(groups.length);
    for (const g of groups) {
      const lt = templates.get(inputs(g).launchTemplate.id);
      expect(lt).toBeDefined();
      expect(lt!.metadataOptions).toMatchObject({ httpTokens: "required", httpPutResponseHopLimit: 2, httpEndpoint: "enabled" });
      expect(lt!.blockDeviceMappings).toHaveLength(1);
      expect(lt!.blockDeviceMappings[0].ebs).toMatchObject({ volumeType: "gp3", encrypted: "true" });
      expect(lt!.imageId).toBeUndefined();
    }
    expect(templates.get(pool("gpu").launchTemplate.id)!.blockDeviceMappings[0].ebs.volumeSize).toBe(plan.run.config.platform.nodePools.gpu.diskSizeGb);
  });

  test("root volumes and PersistentVolumes use the region's own rotating EBS key, which Auto Scaling and the CSI driver may use", () => {
    const ebsKey = oneIn(region, "aws:kms/key:Key", /-ebs-key$/);
    expect(inputs(ebsKey)).toMatchObject({ enableKeyRotation: true, rotationPeriodInDays: 90 });
    expect(arnOf(ebsKey)).toContain(`:${region}:`);
    for (const lt of inRegion(region, "aws:ec2/launchTemplate:LaunchTemplate")) expect(inputs(lt).blockDeviceMappings[0].ebs.kmsKeyId).toBe(arnOf(ebsKey));
    expect(inputs(oneIn(region, "kubernetes:storage.k8s.io/v1:StorageClass")).parameters.kmsKeyId).toBe(arnOf(ebsKey));
    const keyPolicy = JSON.parse(inputs(ebsKey).policy).Statement as Inputs[];
    expect(keyPolicy.some((st) => String(st.Principal?.AWS).endsWith("AWSServiceRoleForAutoScaling") && st.Action === "kms:CreateGrant")).toBe(true);
    const csiPolicy = JSON.parse(inputs(oneIn(region, "aws:iam/rolePolicy:RolePolicy", /ebs-csi/)).policy).Statement as Inputs[];
    expect(csiPolicy.every((st) => st.Resource === arnOf(ebsKey))).toBe(true);
  });

  test("neuromorphic: hybrid nodes with the config CIDRs and an SSM activation; a simulation pool per accelerator", () => {
    const hybrid = plan.run.config.platform.neuromorphic.hybridNodes;
    const c = inputs(oneIn(region, "aws:eks/cluster:Cluster"));
    expect(c.remoteNetworkConfig).toEqual({ remoteNodeNetworks: { cidrs: hybrid.remoteNodeCidrs }, remotePodNetworks: { cidrs: hybrid.remotePodCidrs } });
    const role = oneIn(region, "aws:iam/role:Role", /-hybrid-role$/);
    const trust = JSON.parse(inputs(role).assumeRolePolicy).Statement[0];
    expect(trust.Principal.Service).toBe("ssm.amazonaws.com");
    expect(trust.Condition.ArnEquals["aws:SourceArn"]).toMatch(new RegExp(`^arn:aws:ssm:${region}:`));
    const activation = oneIn(region, "aws:ssm/activation:Activation");
    expect(inputs(activation)).toMatchObject({ iamRole: (role.wireOutputs as Inputs).name, registrationLimit: hybrid.registrationLimit });
    expect(activation.options.additionalSecretOutputs).toContain("activationCode");

    const sim = plan.run.config.platform.neuromorphic.simulationPool;
    for (const accelerator of ["loihi2", "akida"]) {
      const p = pool(`sim-${accelerator}`);
      expect(p).toMatchObject({ instanceTypes: [sim.instanceType], scalingConfig: { minSize: sim.scaling.min, maxSize: sim.scaling.max } });
      expect(p.labels).toEqual({ "neurastack.io/pool": "neuromorphic", "neuromorphic.neurastack.io/accelerator": accelerator, "neuromorphic.neurastack.io/simulated": "true" });
      expect(p.taints).toEqual([{ key: "neuromorphic.neurastack.io/accelerator", value: "true", effect: "NO_SCHEDULE" }]);
    }
  });
});

describe.each(GUIDE_REGIONS)("cluster software in %s", (region) => {
  test("six Helm releases at the pinned chart versions from config", () => {
    const charts = plan.run.config.platform.charts;
    const releases = new Map(inRegion(region, "kubernetes:helm.sh/v3:Release").map((r) => [inputs(r).chart, inputs(r)]));
    expect(Object.fromEntries([...releases].map(([chart, r]) => [chart, r.version]))).toEqual({
      "cluster-autoscaler": charts.clusterAutoscaler,
      "nvidia-device-plugin": charts.nvidiaDevicePlugin,
      "metrics-server": charts.metricsServer,
      vpa: charts.verticalPodAutoscaler,
      "aws-load-balancer-controller": charts.awsLoadBalancerController,
      "kube-prometheus-stack": charts.kubePrometheusStack,
    });
    for (const r of releases.values()) {
      expect(r.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(r.repositoryOpts.repo).toMatch(/^https:\/\//);
    }
  });

  test("the NVIDIA device plugin runs on GPU nodes only", () => {
    const plugin = inputs(oneIn(region, "kubernetes:helm.sh/v3:Release", /nvidia-device-plugin/));
    const gpu = inputs(oneIn(region, "aws:eks/nodeGroup:NodeGroup", /-gpu-ng$/));
    expect(plugin.values.nodeSelector).toEqual(gpu.labels);
    expect(plugin.values.tolerations).toEqual([{ key: "nvidia.com/gpu", operator: "Equal", value: "true", effect: "NoSchedule" }]);
    // No other pool carries the selected labels.
    for (const ng of inRegion(region, "aws:eks/nodeGroup:NodeGroup").filter((g) => !/-gpu-ng$/.test(g.name))) expect(inputs(ng).labels["nvidia.com/gpu.present"]).toBeUndefined();
  });

  test("cluster-autoscaler and the load balancer controller use IRSA roles of this cluster", () => {
    const cluster = inputs(oneIn(region, "aws:eks/cluster:Cluster")).name;
    const roles = new Map(inRegion(region, "aws:iam/role:Role").map((r) => [arnOf(r), inputs(r)]));
    const autoscaler = inputs(oneIn(region, "kubernetes:helm.sh/v3:Release", /cluster-autoscaler/));
    expect(autoscaler.values).toMatchObject({ awsRegion: region, autoDiscovery: { clusterName: cluster } });
    const caRole = roles.get(autoscaler.values.rbac.serviceAccount.annotations["eks.amazonaws.com/role-arn"]);
    expect(caRole).toBeDefined();
    expect(JSON.stringify(JSON.parse(caRole!.assumeRolePolicy))).toContain("system:serviceaccount:kube-system:cluster-autoscaler");
    const caPolicy = inRegion(region, "aws:iam/rolePolicy:RolePolicy", /cluster-autoscaler/).map((p) => JSON.parse(inputs(p).policy));
    expect(JSON.stringify(caPolicy)).toContain(`aws:ResourceTag/k8s.io/cluster-autoscaler/${cluster}`);
    const lbc = inputs(oneIn(region, "kubernetes:helm.sh/v3:Release", /aws-load-balancer-controller/));
    expect(lbc.values).toMatchObject({ clusterName: cluster, region, vpcId: idOf(oneIn(region, "aws:ec2/vpc:Vpc")) });
    expect(roles.get(lbc.values.serviceAccount.annotations["eks.amazonaws.com/role-arn"])).toBeDefined();
  });

  test("a default encrypted gp3 StorageClass on the EBS CSI driver", () => {
    const sc = inputs(oneIn(region, "kubernetes:storage.k8s.io/v1:StorageClass"));
    expect(sc).toMatchObject({ provisioner: "ebs.csi.aws.com", parameters: { type: "gp3", encrypted: "true" }, volumeBindingMode: "WaitForFirstConsumer" });
    expect(sc.metadata.annotations["storageclass.kubernetes.io/is-default-class"]).toBe("true");
    expect(sc.metadata.labels).toMatchObject({ system: "platform", environment: "production" });
  });
});

describe.each(GUIDE_REGIONS)("network policy enforcement and node placement in %s", (region) => {
  const addon = (name: string) => inputs(inRegion(region, "aws:eks/addon:Addon").find((a) => inputs(a).addonName === name)!);

  test("the vpc-cni add-on runs the network policy agent, so NetworkPolicies are enforced", () => {
    expect(JSON.parse(addon("vpc-cni").configurationValues)).toEqual({ enableNetworkPolicy: "true" });
  });

  test("the EBS CSI node DaemonSet tolerates the pools' taints but is kept off hybrid (on-premises) nodes", () => {
    const values = JSON.parse(addon("aws-ebs-csi-driver").configurationValues);
    expect(values.node.tolerateAllTaints).toBe(true);
    const terms = values.node.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms as Inputs[];
    expect(terms.length).toBeGreaterThan(0);
    // Every term (terms are ORed) must exclude compute-type hybrid, or a board could match one.
    for (const term of terms) {
      expect(term.matchExpressions).toContainEqual(expect.objectContaining({ key: "eks.amazonaws.com/compute-type", operator: "NotIn", values: expect.arrayContaining(["hybrid", "fargate"]) }));
    }
  });
});

describe.each(GUIDE_REGIONS)("monitoring stack in %s", (region) => {
  const release = () => oneIn(region, "kubernetes:helm.sh/v3:Release", /kube-prometheus-stack/);

  test("kube-prometheus-stack at the pinned version, named so its Service is the Prometheus address the systems use", () => {
    const r = inputs(release());
    expect(r).toMatchObject({ name: "kube-prometheus-stack", chart: "kube-prometheus-stack", namespace: "monitoring", createNamespace: true, version: plan.run.config.platform.charts.kubePrometheusStack });
    expect(r.repositoryOpts.repo).toBe("https://prometheus-community.github.io/helm-charts");
    expect(r.version).toMatch(/^\d+\.\d+\.\d+$/);
    // The chart names the Prometheus Service `<release>-prometheus` in the release namespace.
    const zkp = plan.run.config.zkpLedger!.monitoring;
    expect(zkp.prometheusUrl).toContain(`//${r.name}-prometheus.${r.namespace}.svc`);
    expect(zkp.prometheusNamespace).toBe(r.namespace);
    // The operator selects rules labelled `release: <release name>`: the systems' rule labels.
    expect(r.values.prometheus.prometheusSpec.ruleSelectorNilUsesHelmValues).toBe(true);
    expect(zkp.ruleLabels).toEqual({ release: r.name });
  });

  test("hardened values: CRDs installed, chart Grafana on for the dashboard sidecar (issue #20 overlay), requests and limits, general pool, encrypted volumes", () => {
    const v = inputs(release()).values;
    const general = inputs(oneIn(region, "aws:eks/nodeGroup:NodeGroup", /-general-ng$/)).labels;
    expect(v.crds.enabled).toBe(true);
    expect(v.grafana.enabled).toBe(true);
    for (const part of [v.prometheusOperator, v.prometheus.prometheusSpec, v.alertmanager.alertmanagerSpec, v["kube-state-metrics"]]) {
      expect(part.nodeSelector).toEqual(general);
      expect(part.resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
      expect(part.resources.limits.memory).toEqual(expect.any(String));
    }
    const sc = inputs(oneIn(region, "kubernetes:storage.k8s.io/v1:StorageClass"));
    expect(v.prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec.storageClassName).toBe(sc.metadata.name);
    expect(v.alertmanager.alertmanagerSpec.storage.volumeClaimTemplate.spec.storageClassName).toBe(sc.metadata.name);
    expect(release().dependencies).toContain(oneIn(region, "kubernetes:storage.k8s.io/v1:StorageClass").urn);
    // Pods annotated prometheus.io/scrape (the systems' scrapeAnnotations) are scraped.
    expect(v.prometheus.prometheusSpec.additionalScrapeConfigs.map((c: Inputs) => c.job_name)).toContain("kubernetes-pods");
  });
});

describe("the platform's ready list covers the monitoring stack", () => {
  /** Every URN a resource waits for, directly or through its dependencies. */
  const waitsFor = (start: EngineResource): Set<string> => {
    const seen = new Set<string>();
    const frontier = [...start.dependencies];
    while (frontier.length > 0) {
      const urn = frontier.pop()!;
      if (seen.has(urn)) continue;
      seen.add(urn);
      frontier.push(...(byUrn.get(urn)?.dependencies ?? []));
    }
    return seen;
  };

  test("every PrometheusRule waits for the kube-prometheus-stack release (its CRD) of its own cluster", () => {
    const rules = plan.run.resources.filter((r) => r.type === "kubernetes:monitoring.coreos.com/v1:PrometheusRule");
    expect(rules.length).toBeGreaterThan(0);
    const releases = resourcesOf(plan, "kubernetes:helm.sh/v3:Release").filter((r) => inputs(r).name === "kube-prometheus-stack");
    for (const rule of rules) {
      const own = releases.filter((rel) => rel.provider === rule.provider);
      expect({ rule: rule.name, releases: own.length }).toEqual({ rule: rule.name, releases: 1 });
      expect({ rule: rule.name, waits: waitsFor(rule).has(own[0].urn) }).toEqual({ rule: rule.name, waits: true });
    }
  });
});

describe.each(GUIDE_REGIONS)("audit trail in %s", (region) => {
  const trail = () => oneIn(region, "aws:cloudtrail/trail:Trail");
  const bucketNamed = (name: string) => inRegion(region, "aws:s3/bucket:Bucket").find((b) => inputs(b).bucket === name)!;
  const forBucket = (type: string, bucket: EngineResource) => inRegion(region, type).filter((r) => inputs(r).bucket === idOf(bucket));
  const minDays = () => plan.run.config.compliance.minLogRetentionDays;

  test("a single-region trail with log file validation, management events and S3 object data events", () => {
    const t = inputs(trail());
    expect(t).toMatchObject({ isMultiRegionTrail: false, enableLogFileValidation: true, enableLogging: true });
    expect(arnOf(trail())).toMatch(new RegExp(`^arn:aws:cloudtrail:${region}:\\d{12}:trail/${t.name}$`));
    const selectors = t.advancedEventSelectors as { fieldSelectors: Inputs[] }[];
    const field = (sel: { fieldSelectors: Inputs[] }, name: string) => sel.fieldSelectors.find((f) => f.field === name);
    expect(selectors.some((sel) => field(sel, "eventCategory")?.equals?.includes("Management") && sel.fieldSelectors.length === 1)).toBe(true);
    const data = selectors.find((sel) => field(sel, "eventCategory")?.equals?.includes("Data"));
    expect(field(data!, "resources.type")?.equals).toEqual(["AWS::S3::Object"]);
    // All S3 objects of the region except the trail's own buckets (which would log their own writes).
    const excluded = field(data!, "resources.ARN")?.notStartsWiths ?? [];
    expect(excluded).toContain(`arn:aws:s3:::${t.s3BucketName}/`);
    expect(field(data!, "resources.ARN")?.startsWiths).toBeUndefined();
  });

  test("KMS-encrypted under its own rotating key whose policy lets CloudTrail encrypt for this trail only", () => {
    const t = inputs(trail());
    const key = inRegion(region, "aws:kms/key:Key").find((k) => arnOf(k) === t.kmsKeyId);
    expect(key).toBeDefined();
    expect(inputs(key!)).toMatchObject({ enableKeyRotation: true, rotationPeriodInDays: 90 });
    const statements = JSON.parse(inputs(key!).policy).Statement as Inputs[];
    const cloudtrail = statements.filter((st) => st.Principal?.Service === "cloudtrail.amazonaws.com");
    expect(cloudtrail.map((st) => st.Action).flat()).toEqual(expect.arrayContaining(["kms:GenerateDataKey*", "kms:DescribeKey"]));
    for (const st of cloudtrail) expect(st.Condition.StringEquals["aws:SourceArn"]).toBe(arnOf(trail()));
    expect(key!.options.protect).toBe(true);
  });

  test("delivered to a dedicated bucket: SSE-KMS, versioned, public access blocked, TLS only, CloudTrail write, retention >= the compliance minimum", () => {
    const t = inputs(trail());
    const bucket = bucketNamed(t.s3BucketName);
    expect(bucket).toBeDefined();
    expect(bucket.options.protect).toBe(true);
    expect(inputs(bucket).forceDestroy).toBe(false);
    expect(forBucket("aws:s3/bucketVersioning:BucketVersioning", bucket).map((v) => inputs(v).versioningConfiguration.status)).toEqual(["Enabled"]);
    const [sse] = forBucket("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", bucket);
    expect(inputs(sse).rules[0].applyServerSideEncryptionByDefault).toEqual({ sseAlgorithm: "aws:kms", kmsMasterKeyId: t.kmsKeyId });
    expect(inputs(forBucket("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", bucket)[0])).toMatchObject({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
    const policy = JSON.parse(inputs(forBucket("aws:s3/bucketPolicy:BucketPolicy", bucket)[0]).policy).Statement as Inputs[];
    expect(policy).toContainEqual(expect.objectContaining({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }));
    const write = policy.find((st) => st.Action === "s3:PutObject" && st.Principal?.Service === "cloudtrail.amazonaws.com");
    expect(write?.Resource).toBe(`${arnOf(bucket)}/AWSLogs/${arnOf(trail()).split(":")[4]}/*`);
    expect(write?.Condition.StringEquals["aws:SourceArn"]).toBe(arnOf(trail()));
    expect(policy.some((st) => st.Action === "s3:GetBucketAcl" && st.Principal?.Service === "cloudtrail.amazonaws.com")).toBe(true);
    const rules = inputs(forBucket("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", bucket)[0]).rules as Inputs[];
    const expiring = rules.filter((rule) => rule.expiration?.days !== undefined);
    expect(expiring.length).toBeGreaterThan(0);
    for (const rule of expiring) expect(rule.expiration.days).toBeGreaterThanOrEqual(Math.max(minDays(), plan.run.config.platform.auditTrail.retentionDays));
    // Who read the audit trail: server access logs to a separate private bucket.
    const [logging] = forBucket("aws:s3/bucketLogging:BucketLogging", bucket);
    const logTarget = bucketNamed(inputs(logging).targetBucket);
    expect(logTarget).toBeDefined();
    expect(logTarget.name).not.toBe(bucket.name);
    expect(forBucket("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", logTarget)).toHaveLength(1);
    // The trail is created once CloudTrail may write (the API checks the bucket policy).
    expect(trail().dependencies).toContain(forBucket("aws:s3/bucketPolicy:BucketPolicy", bucket)[0].urn);
  });

  test("also delivered to a KMS-encrypted CloudWatch log group with retention, through a role only CloudTrail assumes", () => {
    const t = inputs(trail());
    const group = inRegion(region, "aws:cloudwatch/logGroup:LogGroup").find((g) => `${arnOf(g)}:*` === t.cloudWatchLogsGroupArn);
    expect(group).toBeDefined();
    expect(inputs(group!).retentionInDays).toBeGreaterThanOrEqual(minDays());
    expect(inputs(group!).kmsKeyId).toMatch(new RegExp(`^arn:aws:kms:${region}:`));
    expect(group!.options.protect).toBe(true);
    const role = inRegion(region, "aws:iam/role:Role").find((r) => arnOf(r) === t.cloudWatchLogsRoleArn);
    expect(JSON.parse(inputs(role!).assumeRolePolicy).Statement[0].Principal).toEqual({ Service: "cloudtrail.amazonaws.com" });
    const rolePolicy = inRegion(region, "aws:iam/rolePolicy:RolePolicy").find((p) => inputs(p).role === idOf(role!));
    expect(JSON.parse(inputs(rolePolicy!).policy).Statement).toEqual([expect.objectContaining({ Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${arnOf(group!)}:log-stream:*` })]);
  });

  test("protected in production", () => {
    expect(trail().options.protect).toBe(true);
  });
});

describe("platform outputs", () => {
  test("per-region handles are exported and the hybrid activation code stays secret", () => {
    const out = (plan.run.outputs.platform as Inputs).regions;
    expect(Object.keys(out).sort()).toEqual([...GUIDE_REGIONS].sort());
    for (const region of GUIDE_REGIONS) {
      expect(out[region].clusterName).toBe(inputs(oneIn(region, "aws:eks/cluster:Cluster")).name);
      expect(out[region].storageClassName).toBe("gp3-encrypted");
      expect(out[region].hybridNodes.nodeConfigs).toBe("[secret]");
    }
  });

  test("every taggable platform resource carries the system, environment and managed-by tags", () => {
    const all = [...regional.values()].flat().filter((r) => r.type.startsWith("aws:") && inputs(r).tags !== undefined);
    expect(all.length).toBeGreaterThan(300);
    for (const r of all) expect({ name: r.name, tags: inputs(r).tags }).toMatchObject({ name: r.name, tags: { system: "platform", environment: "production", "managed-by": "pulumi" } });
  });
});
