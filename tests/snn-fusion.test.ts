/**
 * SNN-Fusion in the real production plan (index.ts + the AWS platform), through the same
 * offline engine as `npm run plan`.
 */
import { planStack, type EngineResource, type Plan } from "./harness";
import { BuildIndex, describeSnnFusionProduction } from "./fixtures/snn-fusion-expectations";

describeSnnFusionProduction("SNN-Fusion in the production plan", async () => {
  const plan = await planStack("production");
  const config = plan.run.config;
  return { resources: plan.run.resources, outputs: plan.run.outputs, regions: config.regions, domain: config.snnFusion!.domain, emails: config.alerting.emails };
});

describe("SNN-Fusion residency in the program", () => {
  test("a cross-jurisdiction replication layout stops the plan before any resource, naming both regions", async () => {
    const attempt = planStack("production", { overrides: { snnFusion: { replication: { groups: [["us-east-1", "us-west-2", "eu-central-1"]] } } } });
    await expect(attempt).rejects.toThrow(/snnFusion\.replication\.groups\[0\]\[2\]: eu-central-1 \(gdpr\) cannot replicate with us-east-1 \(ccpa\)/);
  });
});

describe("SNN-Fusion on the platform: scheduling, protection, pinning, providers", () => {
  type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  let plan: Plan;
  let ix: BuildIndex;
  let byUrn: Map<string, EngineResource>;
  beforeAll(async () => {
    plan = await planStack("production");
    const config = plan.run.config;
    ix = new BuildIndex({ resources: plan.run.resources, outputs: plan.run.outputs, regions: config.regions, domain: config.snnFusion!.domain, emails: config.alerting.emails });
    byUrn = new Map(plan.run.resources.map((r) => [r.urn, r]));
  });
  const inputs = (r: EngineResource): Obj => r.inputs as Obj;
  const out = (r: EngineResource): Obj => r.wireOutputs as Obj;
  const perRegion = (type: string, region: string) => ix.snn(type).filter((r) => ix.ancestorRegion(r) === region);
  /** The RegionalPlatform a platform resource belongs to, by name (`platform-<region>`). */
  const platformRegion = (r: EngineResource): string | undefined => {
    let cur: EngineResource | undefined = r;
    while (cur) {
      if (cur.type === "neurastack:aws:RegionalPlatform") return cur.name.replace(/^platform-/, "");
      cur = cur.parent ? byUrn.get(cur.parent) : undefined;
    }
    return undefined;
  };

  test("the neuromorphic worker (EBS volumes) runs on the cloud simulation pool only, never on hybrid boards", () => {
    for (const { name: region } of plan.run.config.regions) {
      const worker = perRegion("kubernetes:apps/v1:Deployment", region).find((d) => inputs(d).metadata.name === "snn-fusion-neuromorphic-worker")!;
      const spec = inputs(worker).spec.template.spec;
      expect(spec.volumes.filter((v: Obj) => v.persistentVolumeClaim).length).toBe(2);
      expect(spec.nodeSelector).toMatchObject({ "neurastack.io/pool": "neuromorphic", "neuromorphic.neurastack.io/simulated": "true" });
      const terms = spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms as Obj[];
      for (const term of terms) expect(term.matchExpressions).toContainEqual({ key: "eks.amazonaws.com/compute-type", operator: "NotIn", values: ["hybrid"] });
      // The platform's simulation pools carry the selected labels; the hybrid boards' nodeadm labels do not.
      const simPools = plan.run.resources.filter((r) => r.type === "aws:eks/nodeGroup:NodeGroup" && platformRegion(r) === region && inputs(r).labels["neuromorphic.neurastack.io/simulated"] !== undefined);
      expect(simPools.length).toBeGreaterThan(0);
      for (const pool of simPools) for (const [k, v] of Object.entries(spec.nodeSelector)) expect(inputs(pool).labels[k]).toBe(v);
    }
  });

  test("production protection: the namespace (its deletion deletes the PVCs) and the WAF log groups, like the volumes and other log groups", () => {
    for (const { name: region } of plan.run.config.regions) {
      const [ns] = perRegion("kubernetes:core/v1:Namespace", region);
      expect(ns.options.protect).toBe(true);
      for (const pvc of perRegion("kubernetes:core/v1:PersistentVolumeClaim", region)) expect(pvc.options.protect).toBe(true);
      const waf = perRegion("aws:cloudwatch/logGroup:LogGroup", region).filter((g) => String(inputs(g).name).startsWith("aws-waf-logs-"));
      expect(waf).toHaveLength(1);
      expect(waf[0].options.protect).toBe(true);
      for (const g of perRegion("aws:cloudwatch/logGroup:LogGroup", region)) expect({ group: g.name, protect: g.options.protect }).toEqual({ group: g.name, protect: true });
    }
  });

  test("the namespace waits for the region's platform (nodes, StorageClass, load balancer controller, monitoring stack)", () => {
    for (const { name: region } of plan.run.config.regions) {
      const [ns] = perRegion("kubernetes:core/v1:Namespace", region);
      const deps = ns.dependencies.map((u) => byUrn.get(u)!).filter((r) => platformRegion(r) === region);
      const kinds = deps.map((r) => (r.type === "kubernetes:helm.sh/v3:Release" ? inputs(r).name : r.type));
      expect(kinds).toEqual(expect.arrayContaining(["kubernetes:storage.k8s.io/v1:StorageClass", "aws-load-balancer-controller", "kube-prometheus-stack", "aws:eks/nodeGroup:NodeGroup"]));
      expect(ns.dependencies.every((u) => [region, undefined].includes(platformRegion(byUrn.get(u)!)))).toBe(true);
    }
  });

  test("the Container Insights add-on is pinned to the configured version (no data-source lookup of the latest)", () => {
    const version = plan.run.config.snnFusion!.observabilityAddonVersion;
    const addons = ix.snn("aws:eks/addon:Addon");
    expect(addons).toHaveLength(plan.run.config.regions.length);
    for (const addon of addons) expect(inputs(addon)).toMatchObject({ addonName: "amazon-cloudwatch-observability", addonVersion: version });
  });

  test("the cache AUTH tokens come from an explicit @pulumi/random provider per region", () => {
    const passwords = ix.snn("random:index/randomPassword:RandomPassword");
    expect(passwords.length).toBeGreaterThan(0);
    for (const p of passwords) {
      const provider = byUrn.get(String(p.provider));
      expect({ password: p.name, provider: provider?.type }).toEqual({ password: p.name, provider: "pulumi:providers:random" });
      expect(p.provider).not.toMatch(/::default/);
      expect(ix.ancestorRegion(provider!)).toBe(ix.ancestorRegion(p));
    }
  });

  test("the Prometheus of the platform may scrape SNN-Fusion's metrics port through the default-deny policies", () => {
    for (const { name: region } of plan.run.config.regions) {
      const specs = perRegion("kubernetes:networking.k8s.io/v1:NetworkPolicy", region).map((p) => inputs(p).spec);
      const fromMonitoring = specs.filter((s) => JSON.stringify(s.ingress ?? []).includes('"kubernetes.io/metadata.name":"monitoring"'));
      expect(fromMonitoring.length).toBe(1);
      expect(JSON.stringify(fromMonitoring[0].ingress)).toContain('"port":8080');
    }
  });

  test("replication edges name the real physical ids: RDS replicas their source's identifier, the global datastore its primary's group id", () => {
    const instances = ix.snn("aws:rds/instance:Instance");
    for (const replica of instances.filter((i) => inputs(i).replicateSourceDb !== undefined)) {
      const source = instances.find((i) => out(i).arn === inputs(replica).replicateSourceDb)!;
      expect(inputs(replica).replicateSourceDb).toMatch(new RegExp(`:db:${inputs(source).identifier}$`));
    }
    const groups = ix.snn("aws:elasticache/replicationGroup:ReplicationGroup");
    const globals = ix.snn("aws:elasticache/globalReplicationGroup:GlobalReplicationGroup");
    expect(globals.length).toBeGreaterThan(0);
    for (const g of globals) expect(groups.map((rg) => inputs(rg).replicationGroupId)).toContain(inputs(g).primaryReplicationGroupId);
  });
});
