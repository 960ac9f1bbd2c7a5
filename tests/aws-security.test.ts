/**
 * Issue #19's AWS safeguards in the plans: ALB access logs (a bucket per region that ELB can
 * deliver to), deletion protection and invalid-header dropping, WAF on every internet-facing
 * ALB with logging, ElastiCache snapshot days, AWS Backup plans and vaults kept within the
 * jurisdiction, GuardDuty with EKS protection routed to the alert topics, Security Hub with the
 * foundational standard; and the cloud limits behind them as checks that fail.
 */
import { ConfigError } from "../stacks/errors";
import { loadStackConfig, type RawConfig } from "../stacks/load";
import { readStackFiles } from "../tools/engine/project";
import { rawConfigOf, PROJECT_DIR } from "../tools/engine/run";
import { ELB_LOG_DELIVERY_PRINCIPAL, accessLogAttributes, elbLogPrincipal } from "../components/aws/security/elb-log-bucket";
import { VAULT_LOCK_LIMITS, copyPeers } from "../components/aws/security/backup";
import { foundationalStandardArn } from "../components/aws/security/security-hub";
import { findingPattern } from "../components/aws/security/guard-duty";
import { planStack, resourcesOf, type EngineResource, type Plan } from "./harness";

type Inputs = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const inputs = (r: EngineResource) => r.inputs as Inputs;
const SIX = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-1", "ap-northeast-1"];
const INGRESS = "kubernetes:networking.k8s.io/v1:Ingress";
const ALB = "alb.ingress.kubernetes.io/";

let production: Plan;
let staging: Plan;
beforeAll(async () => {
  [production, staging] = await Promise.all([planStack("production"), planStack("staging")]);
});

function attributes(ingress: EngineResource): Map<string, string> {
  const raw = String(inputs(ingress).metadata?.annotations?.[`${ALB}load-balancer-attributes`] ?? "");
  return new Map(raw.split(",").map((e) => e.split("=") as [string, string]));
}

function problems(edit: (values: Record<string, any>) => void): string[] { // eslint-disable-line @typescript-eslint/no-explicit-any
  const base = rawConfigOf(readStackFiles(PROJECT_DIR, "production"));
  const values = structuredClone(base.values) as Record<string, unknown>;
  edit(values);
  try {
    loadStackConfig({ ...base, values } as RawConfig);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.map((p) => `${p.key}: ${p.rule}`);
    throw e;
  }
  return [];
}

describe("ALB access logs, deletion protection and invalid headers", () => {
  test("every ALB Ingress of the production plan logs to its region's ELB log bucket, drops invalid headers and is deletion-protected", () => {
    const albs = resourcesOf(production, INGRESS).filter((r) => inputs(r).spec?.ingressClassName === "alb");
    expect(albs.length).toBeGreaterThanOrEqual(7);
    for (const ingress of albs) {
      const a = attributes(ingress);
      expect(a.get("access_logs.s3.enabled")).toBe("true");
      expect(a.get("access_logs.s3.bucket")).toMatch(/-elb-logs-[a-z0-9-]+-production$/);
      expect(a.get("access_logs.s3.prefix")).not.toMatch(/AWSLogs/);
      expect(a.get("routing.http.drop_invalid_header_fields.enabled")).toBe("true");
      expect(a.get("deletion_protection.enabled")).toBe("true");
    }
  });

  test("staging ALBs may be deleted (deletion protection off)", () => {
    const albs = resourcesOf(staging, INGRESS).filter((r) => inputs(r).spec?.ingressClassName === "alb");
    expect(albs.length).toBeGreaterThan(0);
    for (const ingress of albs) expect(attributes(ingress).get("deletion_protection.enabled")).toBe("false");
  });

  test("each region's ELB log bucket is SSE-S3 (ELB log delivery supports no SSE-KMS) and its policy admits only the region's ELB principal", () => {
    const buckets = resourcesOf(production, "aws:s3/bucket:Bucket", /-elb-logs$/);
    expect(buckets.map((b) => b.name.replace(/^platform-|-elb-logs$/g, "")).sort()).toEqual([...SIX].sort());
    for (const sse of resourcesOf(production, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", /-elb-logs-sse$/)) {
      expect(inputs(sse).rules[0].applyServerSideEncryptionByDefault.sseAlgorithm).toBe("AES256");
    }
    const policy = resourcesOf(production, "aws:s3/bucketPolicy:BucketPolicy", "platform-eu-west-1-elb-logs-policy")[0];
    const doc = JSON.parse(String(inputs(policy).policy));
    const delivery = doc.Statement.find((s: Inputs) => s.Sid === "ElbLogDelivery");
    expect(delivery.Principal).toEqual({ AWS: "arn:aws:iam::156460612806:root" });
    expect(delivery.Resource).toMatch(/\/\*\/AWSLogs\/\d{12}\/\*$/);
  });

  test("regions opened since August 2022 use the log-delivery service principal instead of an ELB account", () => {
    expect(elbLogPrincipal("us-east-1")).toEqual({ AWS: "arn:aws:iam::127311923021:root" });
    expect(elbLogPrincipal("eu-south-2")).toEqual({ Service: ELB_LOG_DELIVERY_PRINCIPAL });
    expect(elbLogPrincipal("eu-central-2")).toEqual({ Service: ELB_LOG_DELIVERY_PRINCIPAL });
  });

  test("an access-log prefix containing AWSLogs is refused (ELB adds it)", () => {
    expect(() => accessLogAttributes("bucket", "nca/AWSLogs")).toThrow(/must not contain AWSLogs/);
    expect(accessLogAttributes("bucket", "nca/api")).toContain("access_logs.s3.prefix=nca/api");
  });

  test("the ZKP NLB keeps deletion protection in production", () => {
    const services = resourcesOf(production, "kubernetes:core/v1:Service").filter((s) => inputs(s).spec?.type === "LoadBalancer");
    expect(services.length).toBeGreaterThan(0);
    for (const s of services) expect(String(inputs(s).metadata.annotations["service.beta.kubernetes.io/aws-load-balancer-attributes"])).toContain("deletion_protection.enabled=true");
  });
});

describe("WAF", () => {
  test("every internet-facing ALB Ingress carries a web ACL, NCA's included", () => {
    const publicAlbs = resourcesOf(production, INGRESS).filter((r) => inputs(r).metadata?.annotations?.[`${ALB}scheme`] === "internet-facing");
    expect(publicAlbs.some((r) => r.urn.includes("NeuroCognitive"))).toBe(true);
    for (const ingress of publicAlbs) expect(inputs(ingress).metadata.annotations[`${ALB}wafv2-acl-arn`]).toBeTruthy();
  });

  test("every web ACL logs to an aws-waf-logs- log group under a KMS key", () => {
    const acls = resourcesOf(production, "aws:wafv2/webAcl:WebAcl");
    const logging = resourcesOf(production, "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration");
    expect(logging.length).toBe(acls.length);
    const groups = resourcesOf(production, "aws:cloudwatch/logGroup:LogGroup").filter((g) => String(inputs(g).name).startsWith("aws-waf-logs-"));
    expect(groups.length).toBe(acls.length);
    for (const g of groups) expect(inputs(g).kmsKeyId).toBeTruthy();
  });

  test("a WAF rate limit outside WAF's 10-2000000000 is a config error", () => {
    expect(problems((v) => (v.nca = { ...(v.nca as Inputs | undefined), ingress: { scheme: "internet-facing", wafRateLimitPer5Minutes: 5 } }))).toEqual([expect.stringMatching(/^neurastack:nca\.ingress\.wafRateLimitPer5Minutes: 5 /)]);
  });
});

describe("ElastiCache snapshots", () => {
  test("production replication groups keep at least 15 days of snapshots, staging 7", () => {
    const prod = resourcesOf(production, "aws:elasticache/replicationGroup:ReplicationGroup");
    expect(prod.length).toBeGreaterThan(0);
    for (const g of prod) expect(inputs(g).snapshotRetentionLimit).toBe(15);
    for (const g of resourcesOf(staging, "aws:elasticache/replicationGroup:ReplicationGroup")) expect(inputs(g).snapshotRetentionLimit).toBe(7);
  });

  test("more than ElastiCache's 35 snapshot days is a config error", () => {
    expect(problems((v) => (v.security = { elasticacheSnapshotRetentionDays: 36 }))).toEqual(["neurastack:security.elasticacheSnapshotRetentionDays: 36 is above the maximum of 35"]);
  });
});

describe("AWS Backup", () => {
  test("copies stay within the jurisdiction: the US and EU pairs copy to each other, single-region jurisdictions do not copy", () => {
    const peers = copyPeers([
      { name: "us-east-1", jurisdiction: "ccpa" },
      { name: "us-west-2", jurisdiction: "ccpa" },
      { name: "eu-west-1", jurisdiction: "gdpr" },
      { name: "eu-central-1", jurisdiction: "gdpr" },
      { name: "ap-southeast-1", jurisdiction: "pdpa" },
      { name: "ap-northeast-1", jurisdiction: "none" },
      { name: "ap-south-1", jurisdiction: "none" },
    ]);
    expect(Object.fromEntries(peers)).toEqual({ "us-east-1": "us-west-2", "us-west-2": "us-east-1", "eu-west-1": "eu-central-1", "eu-central-1": "eu-west-1" });
  });

  test("every production region has a KMS-encrypted, locked vault and a daily plan covering RDS, EBS and S3", () => {
    const vaults = resourcesOf(production, "aws:backup/vault:Vault");
    expect(vaults.length).toBe(SIX.length);
    for (const v of vaults) expect(inputs(v).kmsKeyArn).toMatch(/^arn:aws:kms:/);
    const locks = resourcesOf(production, "aws:backup/vaultLockConfiguration:VaultLockConfiguration");
    expect(locks.length).toBe(SIX.length);
    for (const l of locks) {
      expect(inputs(l).minRetentionDays).toBeGreaterThanOrEqual(VAULT_LOCK_LIMITS.minRetentionDays);
      expect(inputs(l).maxRetentionDays).toBeLessThanOrEqual(VAULT_LOCK_LIMITS.maxRetentionDays);
      expect(inputs(l).changeableForDays).toBeUndefined();
    }
    for (const s of resourcesOf(production, "aws:backup/selection:Selection")) {
      expect(inputs(s).resources).toEqual(["arn:aws:rds:*:*:db:*", "arn:aws:ec2:*:*:volume/*", "arn:aws:s3:::*"]);
    }
    const plans = resourcesOf(production, "aws:backup/plan:Plan");
    const copies = plans.filter((p) => (inputs(p).rules[0].copyActions ?? []).length > 0).map((p) => p.name.replace(/^security-backup-|-plan$/g, ""));
    expect(copies.sort()).toEqual(["eu-central-1", "eu-west-1", "us-east-1", "us-west-2"]);
  });

  test("every PHI/PII bucket the plans select is versioned (AWS Backup backs up only versioned S3 buckets)", () => {
    const versioned = new Set(resourcesOf(production, "aws:s3/bucketVersioning:BucketVersioning").filter((v) => inputs(v).versioningConfiguration?.status === "Enabled").map((v) => String(inputs(v).bucket)));
    const selected = resourcesOf(production, "aws:s3/bucket:Bucket").filter((b) => ["phi", "pii"].includes(String(inputs(b).tags?.["data-classification"])));
    expect(selected.length).toBeGreaterThan(0);
    for (const b of selected) expect([b.name, versioned.has(String(inputs(b).bucket))]).toEqual([b.name, true]);
  });

  test("staging vaults are not locked", () => {
    expect(resourcesOf(staging, "aws:backup/vault:Vault").length).toBeGreaterThan(0);
    expect(resourcesOf(staging, "aws:backup/vaultLockConfiguration:VaultLockConfiguration")).toEqual([]);
  });
});

describe("GuardDuty and Security Hub", () => {
  test("one GuardDuty detector per production region with EKS audit logs and one runtime monitoring feature managing the EKS add-on", () => {
    const detectors = resourcesOf(production, "aws:guardduty/detector:Detector");
    expect(detectors.map((d) => d.name.replace(/^security-|-guardduty$/g, "")).sort()).toEqual([...SIX].sort());
    const features = resourcesOf(production, "aws:guardduty/detectorFeature:DetectorFeature");
    for (const region of SIX) {
      const names = features.filter((f) => f.name.startsWith(`security-${region}-guardduty-`)).map((f) => String(inputs(f).name));
      expect(names).toContain("EKS_AUDIT_LOGS");
      // A detector carries RUNTIME_MONITORING or EKS_RUNTIME_MONITORING, never both.
      expect(names.filter((n) => n === "RUNTIME_MONITORING" || n === "EKS_RUNTIME_MONITORING")).toEqual(["RUNTIME_MONITORING"]);
    }
    const runtime = features.find((f) => inputs(f).name === "RUNTIME_MONITORING")!;
    expect(inputs(runtime).additionalConfigurations).toEqual([{ name: "EKS_ADDON_MANAGEMENT", status: "ENABLED" }]);
  });

  test("GuardDuty findings go to the region's critical and warning alert topics, which admit EventBridge", () => {
    const targets = resourcesOf(production, "aws:cloudwatch/eventTarget:EventTarget").filter((t) => t.name.includes("-guardduty-findings-"));
    expect(targets.length).toBe(SIX.length * 2);
    for (const t of targets) expect(String(inputs(t).arn)).toMatch(/^arn:aws:sns:[a-z0-9-]+:\d{12}:neurastack-production-alerts-(critical|warning)$/);
    expect(JSON.parse(findingPattern(7)).detail.severity).toEqual([{ numeric: [">=", 7] }]);
    const policies = resourcesOf(production, "aws:sns/topicPolicy:TopicPolicy");
    expect(policies.length).toBe(SIX.length * 2);
    for (const p of policies) expect(JSON.parse(String(inputs(p).policy)).Statement.map((s: Inputs) => s.Sid)).toContain("EventBridgeRules");
  });

  test("Security Hub subscribes its own region's AWS Foundational Security Best Practices standard in production and is off in staging by default", () => {
    const subs = resourcesOf(production, "aws:securityhub/standardsSubscription:StandardsSubscription");
    expect(subs.length).toBe(SIX.length);
    // Each subscription (named after its region's provider) names that region's standard ARN.
    for (const s of subs) expect(inputs(s).standardsArn).toBe(foundationalStandardArn(s.name.replace(/^security-|-securityhub-fsbp$/g, "")));
    expect(foundationalStandardArn("eu-west-1")).toBe("arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0");
    expect(resourcesOf(staging, "aws:securityhub/account:Account")).toEqual([]);
  });
});
