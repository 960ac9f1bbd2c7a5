/**
 * Acceptance: removing a single protective setting from a production component makes the plan
 * fail with that rule's id. Each case clones the recorded production plan, changes one
 * resource (tests/../policies/testing/mutate.ts), re-runs the rule with the production policy
 * config and expects a new mandatory finding on that resource (or the one the rule reports).
 */
import { PACKS } from "../policies/packs";
import { mutate, newFindings, type Mutation, type WireProps } from "../policies/testing/mutate";
import { runPolicies } from "../tools/engine/policy-runner";
import { readPolicyConfig } from "../tools/engine/plan";
import type { EngineResource } from "../tools/engine/recorder";
import { planStack } from "./harness";

const config = readPolicyConfig("production");
const ofType = (type: string, extra: (r: EngineResource) => boolean = () => true) => (r: EngineResource) => r.type === type && extra(r);
const rec = (v: unknown): WireProps => (typeof v === "object" && v !== null ? (v as WireProps) : {});
const primaryDb = (r: EngineResource) => r.wireInputs.replicateSourceDb === undefined;
const hasTransit = (r: EngineResource) => r.wireInputs.transitEncryptionEnabled === true;

interface Case {
  readonly rule: string;
  readonly what: string;
  readonly mutation: Mutation;
  /** The finding lands on another resource than the mutated one (stack rules reporting the consumer). */
  readonly reportedOn?: (target: EngineResource, resources: readonly EngineResource[]) => string;
}

const CASES: readonly Case[] = [
  { rule: "hipaa-bigtable-deletion-protection", what: "Bigtable deletionProtection removed", mutation: { select: ofType("gcp:bigtable/instance:Instance"), edit: (p) => void delete p.deletionProtection } },
  { rule: "hipaa-rds-encryption", what: "RDS storageEncrypted false", mutation: { select: ofType("aws:rds/instance:Instance", primaryDb), edit: (p) => void (p.storageEncrypted = false) } },
  { rule: "hipaa-eks-secrets-encryption", what: "EKS secrets encryption key removed", mutation: { select: ofType("aws:eks/cluster:Cluster"), edit: (p) => void delete p.encryptionConfig } },
  { rule: "hipaa-eks-control-plane-logs", what: "EKS audit log type removed", mutation: { select: ofType("aws:eks/cluster:Cluster"), edit: (p) => void (p.enabledClusterLogTypes = ["api"]) } },
  { rule: "baseline-imdsv2", what: "launch template IMDSv1 allowed", mutation: { select: ofType("aws:ec2/launchTemplate:LaunchTemplate"), edit: (p) => void (rec(p.metadataOptions).httpTokens = "optional") } },
  { rule: "hipaa-ebs-encryption", what: "launch template disk unencrypted", mutation: { select: ofType("aws:ec2/launchTemplate:LaunchTemplate"), edit: (p) => void delete p.blockDeviceMappings } },
  { rule: "hipaa-firestore-pitr", what: "Firestore point-in-time recovery off", mutation: { select: ofType("gcp:firestore/database:Database"), edit: (p) => void (p.pointInTimeRecoveryEnablement = "POINT_IN_TIME_RECOVERY_DISABLED") } },
  { rule: "hipaa-gcp-kms-rotation", what: "Cloud KMS key rotation removed", mutation: { select: ofType("gcp:kms/cryptoKey:CryptoKey", (r) => r.wireInputs.rotationPeriod !== undefined), edit: (p) => void delete p.rotationPeriod } },
  { rule: "hipaa-aws-kms-rotation", what: "AWS KMS key rotation off", mutation: { select: ofType("aws:kms/key:Key", (r) => r.wireInputs.enableKeyRotation === true), edit: (p) => void (p.enableKeyRotation = false) } },
  { rule: "hipaa-elasticache-transit-encryption", what: "Redis transit encryption off", mutation: { select: ofType("aws:elasticache/replicationGroup:ReplicationGroup", hasTransit), edit: (p) => void (p.transitEncryptionEnabled = false) } },
  { rule: "hipaa-rds-backup", what: "RDS backups shortened to one day", mutation: { select: ofType("aws:rds/instance:Instance", primaryDb), edit: (p) => void (p.backupRetentionPeriod = 1) } },
  { rule: "hipaa-rds-deletion-protection", what: "RDS deletion protection off", mutation: { select: ofType("aws:rds/instance:Instance"), edit: (p) => void (p.deletionProtection = false) } },
  { rule: "hipaa-protect-stateful", what: "Bigtable instance without protect", mutation: { select: ofType("gcp:bigtable/instance:Instance"), protect: false } },
  { rule: "hipaa-cloudwatch-logs-kms", what: "log group without KMS", mutation: { select: ofType("aws:cloudwatch/logGroup:LogGroup"), edit: (p) => void delete p.kmsKeyId } },
  { rule: "baseline-eks-endpoint-restricted", what: "EKS public endpoint opened to the internet", mutation: { select: ofType("aws:eks/cluster:Cluster"), edit: (p) => void Object.assign(rec(p.vpcConfig), { endpointPublicAccess: true, publicAccessCidrs: ["0.0.0.0/0"] }) } },
  { rule: "baseline-no-public-ips", what: "RDS publicly accessible", mutation: { select: ofType("aws:rds/instance:Instance"), edit: (p) => void (p.publiclyAccessible = true) } },
  {
    rule: "baseline-k8s-run-as-non-root",
    what: "Deployment may run as root",
    mutation: {
      select: ofType("kubernetes:apps/v1:Deployment"),
      edit: (p) => {
        const pod = rec(rec(rec(p.spec).template).spec);
        delete rec(pod.securityContext).runAsNonRoot;
        delete rec(pod.securityContext).runAsUser;
        for (const c of (pod.containers as WireProps[] | undefined) ?? []) {
          delete rec(c.securityContext).runAsNonRoot;
          delete rec(c.securityContext).runAsUser;
        }
      },
    },
  },
  {
    rule: "baseline-s3-public-access-block",
    what: "S3 public access block removed",
    mutation: { select: ofType("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"), remove: true },
    reportedOn: (target, resources) => resources.find((r) => r.type.startsWith("aws:s3/bucket") && (r.wireOutputs.bucket === target.wireInputs.bucket))!.urn,
  },
  {
    rule: "hipaa-rds-force-ssl",
    what: "rds.force_ssl turned off",
    mutation: { select: ofType("aws:rds/parameterGroup:ParameterGroup"), edit: (p) => void (p.parameters = ((p.parameters as WireProps[] | undefined) ?? []).map((x) => (x.name === "rds.force_ssl" ? { ...x, value: "0" } : x))) },
    reportedOn: (target, resources) => resources.find((r) => r.type === "aws:rds/instance:Instance" && r.wireInputs.parameterGroupName === target.wireOutputs.name)!.urn,
  },
  {
    rule: "gdpr-residency-aws",
    what: "a US store relabelled as GDPR data",
    mutation: { select: ofType("aws:rds/instance:Instance", (r) => r.urn.includes("us-east-1")), edit: (p) => void (rec(p.tags).jurisdiction = "gdpr") },
  },
];

describe("mutation: one protective setting removed from the production plan fails with that rule", () => {
  test.each(CASES.map((c) => [c.rule, c.what, c] as const))("%s (%s)", async (_rule, _what, c) => {
    const plan = await planStack("production");
    const resources = plan.run.resources;
    const { before, added, target } = await newFindings(resources, c.mutation, c.rule, config);
    expect(before.errors).toEqual([]);
    const urn = c.reportedOn ? c.reportedOn(target, resources) : target.urn;
    expect(before.violations.filter((v) => v.urn === urn && v.enforcementLevel === "mandatory")).toEqual([]);
    expect(added.filter((v) => v.urn === urn).map((v) => [v.policy, v.enforcementLevel])).toContainEqual([c.rule, "mandatory"]);
  });
});

describe("mutation: the whole plan (every pack) turns from clean to failing", () => {
  test.each(CASES.map((c) => [c.rule, c.what, c] as const))("%s (%s)", async (_rule, _what, c) => {
    const plan = await planStack("production");
    expect(plan.json.summary.violations.mandatory).toBe(0);
    const { resources } = mutate(plan.run.resources, c.mutation);
    const result = await runPolicies(resources, PACKS, config);
    const mandatory = result.violations.filter((v) => v.enforcementLevel === "mandatory");
    // `npm run plan` exits 1 on any mandatory violation; this one names the rule.
    expect(mandatory.map((v) => v.policy)).toContain(c.rule);
  });
});
