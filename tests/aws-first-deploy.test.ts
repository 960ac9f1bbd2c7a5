/**
 * What a first `pulumi up` on fresh AWS accounts needs beyond a plan that agrees with itself:
 * cluster software ordered after the load balancer controller's webhook, a deploy path to the
 * private EKS endpoints, admin access entries, DNS zones whose certificates can validate, and the
 * constraints of docs/first-deploy.md's AWS rows.
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { ConfigError } from "../stacks/errors";
import { loadStackConfig, type RawConfig } from "../stacks/load";
import { readStackFiles } from "../tools/engine/project";
import { PROJECT_DIR, rawConfigOf } from "../tools/engine/run";
import { HOSTED_RUNNER, deployRunnerLabels } from "../tools/deploy-runner";
import { planStack, resourcesOf, type EngineResource, type Plan } from "./harness";

type Values = Record<string, unknown>;
type Inputs = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function raw(stack: "staging" | "production", edit: (values: Values) => void = () => undefined, operation: "preview" | "update" = "preview"): RawConfig {
  const base = rawConfigOf(readStackFiles(PROJECT_DIR, stack), { planDate: "2026-12-02", operation });
  const values = structuredClone(base.values) as Values;
  edit(values);
  return { ...base, values };
}

function problems(r: RawConfig): string[] {
  try {
    loadStackConfig(r);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.map((p) => `${p.key}: ${p.rule}`);
    throw e;
  }
  return [];
}

const platformOf = (v: Values) => (v.platform ?? (v.platform = {})) as Values;

/** Every resource `urn` waits for, directly or through the resources it waits for. */
function dependencyClosure(plan: Plan): (urn: string) => Set<string> {
  const byUrn = new Map(plan.run.resources.map((r) => [r.urn, r]));
  return (urn) => {
    const seen = new Set<string>();
    const stack = [urn];
    while (stack.length > 0) {
      for (const d of byUrn.get(stack.pop()!)?.dependencies ?? []) {
        if (!seen.has(d)) {
          seen.add(d);
          stack.push(d);
        }
      }
    }
    return seen;
  };
}

describe("cluster software waits for the AWS Load Balancer Controller", () => {
  test.each(["staging", "production"])("%s: every Helm release, Service, Ingress and workload of a cluster depends on its controller release", async (stack) => {
    const plan = await planStack(stack);
    const closure = dependencyClosure(plan);
    const controllers = resourcesOf(plan, "kubernetes:helm.sh/v3:Release").filter((r) => (r.inputs as Inputs).chart === "aws-load-balancer-controller");
    expect(controllers.length).toBe(plan.run.config.platform.regions.length);
    const early: string[] = [];
    let checked = 0;
    for (const lbc of controllers) {
      // Same cluster = same Kubernetes provider. The StorageClass is the only object that creates no Service and may go first.
      const inCluster = plan.run.resources.filter((r: EngineResource) => r.provider === lbc.provider && r.urn !== lbc.urn && r.type !== "kubernetes:storage.k8s.io/v1:StorageClass");
      for (const r of inCluster) {
        checked += 1;
        if (!closure(r.urn).has(lbc.urn)) early.push(`${r.type} ${r.name}`);
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(early).toEqual([]);
    for (const kind of ["kubernetes:core/v1:Service", "kubernetes:networking.k8s.io/v1:Ingress"]) expect(resourcesOf(plan, kind).length).toBeGreaterThan(0);
  });

  test("the controller release waits for its pods (atomic implies --wait) and for its IRSA role", async () => {
    const plan = await planStack("staging");
    const lbc = resourcesOf(plan, "kubernetes:helm.sh/v3:Release").find((r) => (r.inputs as Inputs).chart === "aws-load-balancer-controller")!;
    expect((lbc.inputs as Inputs).atomic).toBe(true);
    expect((lbc.inputs as Inputs).skipAwait).toBeFalsy();
    const role = resourcesOf(plan, "aws:iam/role:Role").find((r) => String((r.wireOutputs as Inputs).arn) === (lbc.inputs as Inputs).values.serviceAccount.annotations["eks.amazonaws.com/role-arn"]);
    expect(role).toBeDefined();
    expect(dependencyClosure(plan)(lbc.urn).has(role!.urn)).toBe(true);
  });
});

describe("deploy path to the EKS endpoints and admin access", () => {
  test("production with private endpoints and no deploy runner is a config error; a runner or public CIDRs fix it", () => {
    const noRunner = problems(raw("production", (v) => delete platformOf(v).deployRunner));
    expect(noRunner).toEqual([expect.stringMatching(/^neurastack:platform\.deployRunner: is required in production while platform\.endpointPublicAccessCidrs is empty/)]);
    expect(problems(raw("production", (v) => platformOf(v).deployRunner = "eks-deployer"))).toEqual([]);
    expect(problems(raw("production", (v) => (delete platformOf(v).deployRunner, (platformOf(v).endpointPublicAccessCidrs = ["198.51.100.0/24"]))))).toEqual([]);
    // Staging may stay private without a runner in config; the deploy workflow still refuses it (below).
    expect(problems(raw("staging"))).toEqual([]);
  });

  test("production without an admin access-entry principal is a config error", () => {
    expect(problems(raw("production", (v) => (platformOf(v).adminRoleArns = [])))).toEqual([expect.stringMatching(/^neurastack:platform\.adminRoleArns: is empty; production needs at least one admin principal/)]);
  });

  test("the committed placeholders plan, and an update refuses them", () => {
    expect(problems(raw("production"))).toEqual([]);
    const update = problems(raw("production", () => undefined, "update"));
    expect(update).toEqual(expect.arrayContaining([expect.stringMatching(/^neurastack:platform\.deployRunner: "REPLACE-ME-deploy-runner" is a placeholder/), expect.stringMatching(/^neurastack:platform\.adminRoleArns: .*example account/)]));
  });

  test("the deploy job runs on the runner config names, a hosted runner only for public endpoints, never on a placeholder", () => {
    const cfg = (platform: Values) => ({ platform: { endpointPublicAccessCidrs: [], ...platform } }) as unknown as Parameters<typeof deployRunnerLabels>[0];
    expect(deployRunnerLabels(cfg({ deployRunner: "eks-deployer" }))).toEqual(["self-hosted", "eks-deployer"]);
    expect(deployRunnerLabels(cfg({ endpointPublicAccessCidrs: ["198.51.100.0/24"] }))).toEqual([HOSTED_RUNNER]);
    expect(() => deployRunnerLabels(cfg({}))).toThrow(/no runner can deploy this stack/);
    expect(() => deployRunnerLabels(cfg({ deployRunner: "REPLACE-ME-deploy-runner" }))).toThrow(/placeholder/);
  });

  test("pulumi-up.yml runs `pulumi up` on the labels tools/deploy-runner.ts reads from the stack's config", () => {
    const up = parse(fs.readFileSync(path.join(PROJECT_DIR, ".github", "workflows", "pulumi-up.yml"), "utf8"));
    expect(up.jobs.up.needs).toBe("runner");
    expect(up.jobs.up["runs-on"]).toBe("${{ fromJSON(needs.runner.outputs.labels) }}");
    const step = up.jobs.runner.steps.find((s: { id?: string }) => s.id === "labels");
    expect(step.run).toContain("tools/deploy-runner.ts --stack '${{ inputs.stack }}'");
    expect(up.jobs.runner.outputs.labels).toBe("${{ steps.labels.outputs.labels }}");
  });

  test.each(["staging", "production"])("%s: the admin roles get cluster-admin access entries on every cluster", async (stack) => {
    const plan = await planStack(stack);
    const admins = plan.run.config.platform.adminRoleArns;
    const clusters = resourcesOf(plan, "aws:eks/cluster:Cluster");
    const associations = resourcesOf(plan, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation");
    if (stack === "production") expect(admins.length).toBeGreaterThan(0);
    expect(associations.length).toBe(admins.length * clusters.length);
    for (const a of associations) expect((a.inputs as Inputs).policyArn).toBe("arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy");
  });
});

describe("DNS zones and DNS-validated certificates", () => {
  const AWS_ONLY = ["snnFusion", "nca"];
  const certificates = (plan: Plan) => resourcesOf(plan, "aws:acm/certificate:Certificate");
  const zones = (plan: Plan) => resourcesOf(plan, "aws:route53/zone:Zone");

  test("a new zone, step 1 (delegation pending): the zones only, no certificate, validation, Ingress or record that needs them", async () => {
    const plan = await planStack("staging", { overrides: { systems: AWS_ONLY, snnFusion: { zone: { delegation: "pending" } }, nca: { ingress: { scheme: "internet-facing", delegation: "pending" } } } });
    expect(zones(plan).map((z) => (z.inputs as Inputs).name).sort()).toEqual([plan.run.config.nca!.host, plan.run.config.snnFusion!.domain].sort());
    expect(certificates(plan)).toEqual([]);
    expect(resourcesOf(plan, "aws:acm/certificateValidation:CertificateValidation")).toEqual([]);
    expect(resourcesOf(plan, "kubernetes:networking.k8s.io/v1:Ingress")).toEqual([]);
    expect(resourcesOf(plan, "aws:route53/record:Record")).toEqual([]);
    // The name servers to delegate to are exported.
    expect((plan.run.outputs.nca as Inputs).nameServers.length).toBeGreaterThan(0);
    expect((plan.run.outputs.snnFusion as Inputs).nameServers.length).toBeGreaterThan(0);
  });

  test("a new zone, step 2 (delegation done): certificates validated in the created zones", async () => {
    const plan = await planStack("staging", { overrides: { systems: AWS_ONLY, snnFusion: { zone: { delegation: "done" } }, nca: { ingress: { scheme: "internet-facing", delegation: "done" } } } });
    const zoneIds = new Set(zones(plan).map((z) => String((z.wireOutputs as Inputs).zoneId)));
    expect(zoneIds.size).toBe(2);
    expect(certificates(plan).length).toBeGreaterThan(0);
    const validationRecords = resourcesOf(plan, "aws:route53/record:Record").filter((r) => /cert-validat/.test(r.name));
    expect(validationRecords.length).toBeGreaterThan(0);
    for (const r of validationRecords) expect(zoneIds.has((r.inputs as Inputs).zoneId)).toBe(true);
  });

  test("an existing public zone looked up by domain: no zone created, certificates and records in it", async () => {
    const plan = await planStack("staging", { overrides: { systems: AWS_ONLY, snnFusion: { zone: { zoneDomain: "neurascale.example", delegation: "done" } }, nca: { ingress: { scheme: "internet-facing", zoneDomain: "neurascale.example", delegation: "done" } } } });
    expect(zones(plan)).toEqual([]);
    expect(certificates(plan).length).toBeGreaterThan(0);
    const zoneIds = new Set(resourcesOf(plan, "aws:route53/record:Record").map((r) => (r.inputs as Inputs).zoneId));
    expect(zoneIds.size).toBe(1);
    expect([...zoneIds][0]).toMatch(/^Z[0-9A-F]{20}$/);
  });

  test("zone choices AWS cannot honour are config errors", () => {
    const snn = (zone: Values) => (v: Values) => (v.snnFusion = { zone });
    expect(problems(raw("staging", snn({ zoneId: "Z0ABCDEF1234", zoneDomain: "neurascale.example", delegation: "done" })))).toEqual([expect.stringMatching(/^neurastack:snnFusion\.zone\.zoneDomain: is set together with zoneId/)]);
    expect(problems(raw("staging", snn({ zoneDomain: "neurascale.example", delegation: "pending" })))).toEqual([expect.stringMatching(/^neurastack:snnFusion\.zone\.delegation: is pending, but an existing zone is used/)]);
    expect(problems(raw("staging", snn({ zoneDomain: "other.example", delegation: "done" })))).toEqual([expect.stringMatching(/^neurastack:snnFusion\.zone\.zoneDomain: "other\.example" does not contain "snn-staging\.neurascale\.example"/)]);
  });

  test("a real update refuses an undeclared delegation step and reserved or example domains", () => {
    const update = problems(raw("production", () => undefined, "update"));
    expect(update).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^neurastack:snnFusion\.zone\.delegation: is undeclared/),
        expect.stringMatching(/^neurastack:nca\.ingress\.delegation: is undeclared/),
        expect.stringMatching(/^neurastack:snnFusion\.domain: .*reserved/),
        expect.stringMatching(/^neurastack:nca\.host: .*reserved/),
      ]),
    );
    const lookup = problems(raw("production", (v) => (v.nca = { ingress: { scheme: "internet-facing", zoneDomain: "example.com", delegation: "done" }, host: "nca.example.com" }), "update"));
    expect(lookup).toEqual(expect.arrayContaining([expect.stringMatching(/^neurastack:nca\.ingress\.zoneDomain: .*example\.com/), expect.stringMatching(/^neurastack:nca\.host: .*example\.com/)]));
    for (const tld of ["test", "invalid"]) {
      expect(problems(raw("production", (v) => (v.snnFusion = { domain: `snn.neurascale.${tld}`, zone: { delegation: "pending" } }), "update"))).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^neurastack:snnFusion\\.domain: .*neurascale\\.${tld}`))]));
    }
  });
});

describe("AWS and Kubernetes limits a first up hits", () => {
  test("more than 40 public endpoint CIDRs per cluster is a config error (EKS quota)", () => {
    const cidrs = Array.from({ length: 41 }, (_, i) => `198.51.${i}.0/24`);
    expect(problems(raw("production", (v) => (platformOf(v).endpointPublicAccessCidrs = cidrs)))).toEqual([expect.stringMatching(/^neurastack:platform\.endpointPublicAccessCidrs: has more than 40 CIDRs/)]);
    expect(problems(raw("production", (v) => (platformOf(v).endpointPublicAccessCidrs = cidrs.slice(0, 40))))).toEqual([]);
  });

  test("NAT gateways per region within the Elastic IP quota (default 5): six AZs need a raised quota", () => {
    expect(problems(raw("production", (v) => (platformOf(v).availabilityZones = 6)))).toEqual(
      Array.from({ length: 6 }, (_, i) => expect.stringMatching(new RegExp(`^neurastack:platform\\.regions\\[${i}\\]\\.natGateways: needs 6 Elastic IPs .*elasticIpQuota is 5`))),
    );
    expect(problems(raw("production", (v) => Object.assign(platformOf(v), { availabilityZones: 6, elasticIpQuota: 10 })))).toEqual([]);
    expect(problems(raw("staging", (v) => (platformOf(v).availabilityZones = 6)))).toEqual([]);
  });

  test.each(["staging", "production"])("%s: Elastic IPs per region within the default quota", async (stack) => {
    const plan = await planStack(stack);
    const perRegion = new Map<string, number>();
    for (const eip of resourcesOf(plan, "aws:ec2/eip:Eip")) {
      const region = /platform-([a-z]+-[a-z]+-\d)-/.exec(eip.name)?.[1] ?? "?";
      perRegion.set(region, (perRegion.get(region) ?? 0) + 1);
    }
    expect(perRegion.size).toBe(plan.run.config.platform.regions.length);
    for (const n of perRegion.values()) expect(n).toBeLessThanOrEqual(plan.run.config.platform.elasticIpQuota);
  });

  test.each(["staging", "production"])("%s: Helm release names fit Helm's 53 characters, ALB names the 32 of ELBv2", async (stack) => {
    const plan = await planStack(stack);
    const releases = resourcesOf(plan, "kubernetes:helm.sh/v3:Release");
    expect(releases.length).toBeGreaterThan(0);
    for (const r of releases) expect(String((r.inputs as Inputs).name).length).toBeLessThanOrEqual(53);
    const albNames = resourcesOf(plan, "kubernetes:networking.k8s.io/v1:Ingress").map((i) => (i.inputs as Inputs).metadata.annotations["alb.ingress.kubernetes.io/load-balancer-name"]);
    expect(albNames.length).toBeGreaterThan(0);
    for (const n of albNames) expect(n).toMatch(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/);
  });

  test("the load balancer controller may create the ELB service-linked role a fresh account lacks", async () => {
    const plan = await planStack("staging");
    const lbc = resourcesOf(plan, "kubernetes:helm.sh/v3:Release").find((r) => (r.inputs as Inputs).chart === "aws-load-balancer-controller")!;
    const roleArn = (lbc.inputs as Inputs).values.serviceAccount.annotations["eks.amazonaws.com/role-arn"];
    const role = resourcesOf(plan, "aws:iam/role:Role").find((r) => String((r.wireOutputs as Inputs).arn) === roleArn)!;
    const policies = resourcesOf(plan, "aws:iam/rolePolicy:RolePolicy").filter((p) => String((p.inputs as Inputs).role) === String((role.wireOutputs as Inputs).name ?? (role.wireOutputs as Inputs).id));
    const statements = policies.flatMap((p) => JSON.parse((p.inputs as Inputs).policy).Statement);
    expect(statements).toContainEqual(expect.objectContaining({ Action: "iam:CreateServiceLinkedRole", Condition: { StringEquals: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" } } }));
  });
});

describe("service-linked roles a fresh account lacks", () => {
  const slrs = (plan: Plan) => resourcesOf(plan, "aws:iam/serviceLinkedRole:ServiceLinkedRole");

  test("create: the Auto Scaling service-linked role exists before every EBS key whose policy names it", async () => {
    const plan = await planStack("staging", { overrides: { systems: ["nca"], platform: { regions: [{ name: "us-east-1" }, { name: "eu-west-1" }], autoScalingServiceLinkedRole: "create" } } });
    const [slr] = slrs(plan);
    expect(slrs(plan)).toHaveLength(1);
    expect((slr.inputs as Inputs).awsServiceName).toBe("autoscaling.amazonaws.com");
    const ebsKeys = resourcesOf(plan, "aws:kms/key:Key").filter((k) => /-ebs-key$/.test(k.name));
    expect(ebsKeys).toHaveLength(2);
    for (const key of ebsKeys) {
      expect(JSON.parse((key.inputs as Inputs).policy).Statement.some((st: Inputs) => String(st.Principal?.AWS).endsWith("/AWSServiceRoleForAutoScaling"))).toBe(true);
      expect(key.dependencies).toContain(slr.urn);
    }
  });

  test("exists (or the undeclared preset) creates none; a real update refuses undeclared", async () => {
    expect(slrs(await planStack("staging"))).toEqual([]);
    expect(problems(raw("production", () => undefined, "update"))).toEqual(expect.arrayContaining([expect.stringMatching(/^neurastack:platform\.autoScalingServiceLinkedRole: is undeclared: set create/)]));
  });
});

describe("physical names the program sets fit the AWS limits", () => {
  /** Type -> [input holding the name, longest name the API accepts]. Auto-named resources are truncated by the provider. */
  const LIMITS: Record<string, [string, number]> = {
    "aws:elasticache/replicationGroup:ReplicationGroup": ["replicationGroupId", 40],
    "aws:rds/instance:Instance": ["identifier", 63],
    "aws:rds/proxy:Proxy": ["name", 60],
    "aws:lambda/function:Function": ["name", 64],
    "aws:sqs/queue:Queue": ["name", 80],
    "aws:eks/cluster:Cluster": ["name", 100],
    "aws:s3/bucket:Bucket": ["bucket", 63],
    "aws:wafv2/webAcl:WebAcl": ["name", 128],
    "aws:cloudtrail/trail:Trail": ["name", 128],
    "aws:sns/topic:Topic": ["name", 256],
    "aws:cloudwatch/metricAlarm:MetricAlarm": ["name", 255],
    "aws:rds/parameterGroup:ParameterGroup": ["name", 255],
    "aws:rds/subnetGroup:SubnetGroup": ["name", 255],
    "aws:elasticache/subnetGroup:SubnetGroup": ["name", 255],
  };

  test.each(["staging", "production"])("%s: every explicit name within its service's limit", async (stack) => {
    const plan = await planStack(stack);
    const tooLong: string[] = [];
    let checked = 0;
    for (const [type, [field, max]] of Object.entries(LIMITS)) {
      for (const r of resourcesOf(plan, type)) {
        const value = (r.inputs as Inputs)[field];
        if (typeof value !== "string") continue;
        checked += 1;
        if (value.length > max) tooLong.push(`${type} ${value} (${value.length} > ${max})`);
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(tooLong).toEqual([]);
    // A WAF log group must be named aws-waf-logs-* (AWS WAF developer guide, CloudWatch Logs destination).
    for (const g of resourcesOf(plan, "aws:cloudwatch/logGroup:LogGroup").filter((l) => /waf-logs/.test(l.name))) expect((g.inputs as Inputs).name).toMatch(/^aws-waf-logs-/);
  });
});

describe("access entries EKS accepts", () => {
  test("the same admin principal twice is a config error (a second access entry fails with ResourceInUseException)", () => {
    const arn = "arn:aws:iam::340812773519:role/platform-admin";
    expect(problems(raw("production", (v) => (platformOf(v).adminRoleArns = [arn, arn])))).toEqual([expect.stringMatching(/^neurastack:platform\.adminRoleArns\[1\]: .* is already listed at adminRoleArns\[0\]/)]);
    expect(problems(raw("production", (v) => (platformOf(v).adminRoleArns = [arn, "arn:aws:iam::340812773519:role/break-glass"])))).toEqual([]);
  });
});

describe("account and cluster quotas the production plan stays within", () => {
  test("IAM roles (1000) and OIDC providers (100) per account; node groups per cluster (30); Elastic IPs per region covered above", async () => {
    const plan = await planStack("production");
    expect(resourcesOf(plan, "aws:iam/role:Role").length).toBeLessThanOrEqual(1000);
    expect(resourcesOf(plan, "aws:iam/openIdConnectProvider:OpenIdConnectProvider").length).toBeLessThanOrEqual(100);
    const clusters = resourcesOf(plan, "aws:eks/cluster:Cluster");
    const groups = resourcesOf(plan, "aws:eks/nodeGroup:NodeGroup");
    expect(clusters.length).toBe(6);
    for (const c of clusters) {
      const mine = groups.filter((g) => (g.inputs as Inputs).clusterName === (c.wireOutputs as Inputs).name);
      expect(mine.length).toBeGreaterThan(0);
      expect(mine.length).toBeLessThanOrEqual(30);
      // Nodes per managed node group: 450.
      for (const g of mine) expect((g.inputs as Inputs).scalingConfig.maxSize).toBeLessThanOrEqual(450);
    }
  });
});
