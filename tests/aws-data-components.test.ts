/**
 * The reusable AWS data components (PostgresDatabase, RedisCache, DataBucket) in a small
 * two-region fixture program, run through the offline engine's recorder.
 */
import * as aws from "@pulumi/aws";
import * as random from "@pulumi/random";
import { DataBucket } from "../components/aws/data/data-bucket";
import { PostgresDatabase } from "../components/aws/data/postgres-database";
import { RedisCache } from "../components/aws/data/redis-cache";
import { replicaProblems, type ReplicaRequest, type ReplicaSourceFacts } from "../components/aws/data/replica-constraints";
import type { SystemContext } from "../components/context";
import { dataLabels } from "../components/labels";
import { SECRET_SIG, SIG_KEY } from "../tools/engine/wire";
import type { EngineResource } from "../tools/engine/recorder";
import { runFixture, stackConfig, type FixtureRun } from "./fixtures/run-program";

const PG = "aws:rds/instance:Instance";
const RG = "aws:elasticache/replicationGroup:ReplicationGroup";

function fixture(stack: "production" | "staging"): Promise<FixtureRun> {
  const config = stackConfig(stack);
  const context: SystemContext = { config, labels: { system: "fixture", environment: config.environment, owner: "data-team" } };
  return runFixture(stack, () => {
    const eu1 = new aws.Provider("aws-eu-west-1", { region: "eu-west-1" });
    const eu2 = new aws.Provider("aws-eu-central-1", { region: "eu-central-1" });
    const labels = dataLabels(context.labels, { classification: "pii", jurisdiction: "gdpr", purpose: "fixture" });
    const network = (r: string) => ({ vpcId: `vpc-${r}`, subnetIds: [`subnet-${r}-a`, `subnet-${r}-b`], allowedSecurityGroupIds: [`sg-nodes-${r}`], cidrBlock: "10.0.0.0/16" });
    const randomProvider = new random.Provider("random-fixture", {});
    // No replicas: Secrets Manager manages the master password.
    new PostgresDatabase("fx-db-solo", { context, provider: eu1, region: "eu-west-1", network: network("eu-west-1"), dataLabels: labels });
    // A replica source: RDS refuses managed passwords there, so the password is generated and rotated.
    const primary = new PostgresDatabase("fx-db-eu-west-1", { context, provider: eu1, region: "eu-west-1", network: network("eu-west-1"), dataLabels: labels, readReplicaSource: { randomProvider } });
    const replica = new PostgresDatabase("fx-db-eu-central-1", { context, provider: eu2, region: "eu-central-1", network: network("eu-central-1"), dataLabels: labels, replicaOf: primary });
    const cache = new RedisCache("fx-cache-eu-west-1", { context, provider: eu1, network: network("eu-west-1"), dataLabels: labels, globalDatastore: { role: "primary", idSuffix: "fx-cache" }, randomProvider });
    const member = new RedisCache("fx-cache-eu-central-1", {
      context,
      provider: eu2,
      network: network("eu-central-1"),
      dataLabels: labels,
      globalDatastore: { role: "member", globalReplicationGroupId: cache.globalReplicationGroupId, authToken: cache.authToken, primaryRegion: "eu-west-1" },
    });
    const target = new DataBucket("fx-lake-eu-central-1", { context, provider: eu2, dataLabels: labels });
    const source = new DataBucket("fx-lake-eu-west-1", {
      context,
      provider: eu1,
      dataLabels: labels,
      lifecycle: { transitionToInfrequentAccessDays: 30, transitionToGlacierDays: 180 },
      replication: { destinationBucketArn: target.arn, destinationKmsKeyArn: target.kmsKeyArn, destinationRegion: "eu-central-1" },
    });
    const shared = new DataBucket("fx-models-eu-west-1", { context, provider: eu1, dataLabels: labels, accessLogs: { bucket: source.accessLogBucketName, prefix: "models/" } });
    return {
      dbAddress: primary.address,
      dbSecret: primary.masterUserSecretArn,
      replicaRole: replica.role,
      cacheToken: cache.authToken,
      memberToken: member.authToken,
      memberGlobal: member.globalReplicationGroupId,
      sharedLogs: shared.accessLogBucketName,
    };
  });
}

function regionOf(run: FixtureRun, r: EngineResource): string {
  const provider = run.resources.find((p) => p.urn === r.provider);
  return String(provider?.inputs.region);
}
const named = (run: FixtureRun, type: string, name: string): EngineResource => {
  const found = run.resources.filter((r) => r.type === type && r.name === name);
  if (found.length !== 1) throw new Error(`expected one ${type} ${name}, found ${found.length}: ${run.resources.filter((r) => r.type === type).map((r) => r.name).join(", ")}`);
  return found[0];
};
const parentOf = (run: FixtureRun, r: EngineResource) => run.resources.find((p) => p.urn === r.parent);

/** Every plain string inside a wire value, secrets unwrapped. */
function secretValues(value: unknown, out: string[] = [], inSecret = false): string[] {
  if (typeof value === "string") {
    if (inSecret) out.push(value);
  } else if (Array.isArray(value)) value.forEach((v) => secretValues(v, out, inSecret));
  else if (value && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    if (obj[SIG_KEY] === SECRET_SIG) secretValues(obj.value, out, true);
    else Object.values(obj).forEach((v) => secretValues(v, out, inSecret));
  }
  return out;
}

describe("AWS data components (production fixture)", () => {
  let run: FixtureRun;
  beforeAll(async () => {
    run = await fixture("production");
  });

  test("PostgreSQL 15 primary: guide sizes, gp3 autoscaling, own KMS key, backups, multi-AZ, protection", () => {
    const db = named(run, PG, "fx-db-solo-instance");
    const key = named(run, "aws:kms/key:Key", "fx-db-solo-key");
    expect(db.inputs).toMatchObject({
      engine: "postgres",
      engineVersion: "15",
      instanceClass: "db.r6g.large",
      storageType: "gp3",
      allocatedStorage: 100,
      maxAllocatedStorage: 1000,
      storageEncrypted: true,
      backupRetentionPeriod: 30,
      multiAz: true,
      deletionProtection: true,
      skipFinalSnapshot: false,
      iamDatabaseAuthenticationEnabled: true,
      publiclyAccessible: false,
      manageMasterUserPassword: true,
      performanceInsightsEnabled: true,
    });
    const keyArn = (key.wireOutputs as Record<string, unknown>).arn;
    expect(keyArn).toMatch(/^arn:aws:kms:eu-west-1:/);
    expect(db.inputs.kmsKeyId).toBe(keyArn);
    expect(db.inputs.performanceInsightsKmsKeyId).toBe(keyArn);
    expect(db.inputs.masterUserSecretKmsKeyId).toBe(keyArn);
    expect(db.inputs.password).toBeUndefined();
    expect(db.inputs.monitoringInterval).toBeGreaterThan(0);
    expect(String(db.inputs.monitoringRoleArn)).toMatch(/^arn:aws:iam::/);
    expect(db.options.protect).toBe(true);
    expect(key.options.protect).toBe(true);
    expect(key.inputs.enableKeyRotation).toBe(true);
    expect(db.inputs.tags).toMatchObject({ "data-classification": "pii", jurisdiction: "gdpr" });
  });

  test("the parameter group forces TLS", () => {
    const params = named(run, "aws:rds/parameterGroup:ParameterGroup", "fx-db-eu-west-1-params");
    expect(params.inputs.family).toBe("postgres15");
    expect(params.inputs.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: "rds.force_ssl", value: "1" })]));
    const db = named(run, PG, "fx-db-eu-west-1-instance");
    expect(params.inputs.name).toEqual(expect.any(String));
    expect(db.inputs.parameterGroupName).toBe(params.inputs.name);
  });

  test("a read-replica source: generated password used once, KMS-encrypted secret, rotation by the pinned AWS function", () => {
    const db = named(run, PG, "fx-db-eu-west-1-instance");
    const key = (named(run, "aws:kms/key:Key", "fx-db-eu-west-1-key").wireOutputs as Record<string, unknown>).arn;
    expect(db.inputs.manageMasterUserPassword).toBeUndefined();
    expect(db.inputs.masterUserSecretKmsKeyId).toBeUndefined();
    // The password is a Pulumi secret input (masked in the record), owned by rotation after creation.
    expect(db.inputs.password).toBe("[secret]");
    expect(db.options.ignoreChanges).toContain("password");
    const generated = named(run, "random:index/randomPassword:RandomPassword", "fx-db-eu-west-1-master-password");
    expect(generated.provider).toMatch(/pulumi:providers:random::random-fixture$/);
    expect(db.propertyDependencies.password).toContain(generated.urn);
    const secret = named(run, "aws:secretsmanager/secret:Secret", "fx-db-eu-west-1-master-secret");
    expect(secret.inputs.kmsKeyId).toBe(key);
    expect(secret.options.protect).toBe(true);
    const version = named(run, "aws:secretsmanager/secretVersion:SecretVersion", "fx-db-eu-west-1-master-secret-initial");
    expect(version.inputs.secretString).toBe("[secret]");
    expect(version.inputs.versionStages).toEqual(["AWSCURRENT", "PULUMI_INITIAL"]);
    expect(version.options.ignoreChanges).toEqual(expect.arrayContaining(["secretString", "versionStages"]));
    const rotation = named(run, "aws:secretsmanager/secretRotation:SecretRotation", "fx-db-eu-west-1-master-rotation");
    expect(rotation.inputs).toMatchObject({ rotationRules: { automaticallyAfterDays: 30 }, rotateImmediately: true });
    expect(rotation.dependencies).toContain(db.urn);
    const fn = named(run, "aws:serverlessrepository/cloudFormationStack:CloudFormationStack", "fx-db-eu-west-1-rotation-function");
    expect(fn.inputs).toMatchObject({ applicationId: expect.stringMatching(/SecretsManagerRDSPostgreSQLRotationSingleUser$/), semanticVersion: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
    expect((fn.inputs.parameters as Record<string, string>).endpoint).toBe("https://secretsmanager.eu-west-1.amazonaws.com");
    // The function's security group is the only extra client of the database.
    const sg = named(run, "aws:ec2/securityGroup:SecurityGroup", "fx-db-eu-west-1-sg");
    const fnSg = (named(run, "aws:ec2/securityGroup:SecurityGroup", "fx-db-eu-west-1-rotation-sg").wireOutputs as Record<string, unknown>).id;
    expect((sg.inputs.ingress as { securityGroups: string[] }[]).map((i) => i.securityGroups)).toEqual([["sg-nodes-eu-west-1"], [fnSg]]);
  });

  test("only the allowed security group reaches the database", () => {
    const sg = named(run, "aws:ec2/securityGroup:SecurityGroup", "fx-db-solo-sg");
    const ingress = sg.inputs.ingress as { fromPort: number; securityGroups: string[]; cidrBlocks?: string[] }[];
    expect(ingress).toHaveLength(1);
    expect(ingress[0]).toMatchObject({ fromPort: 5432, securityGroups: ["sg-nodes-eu-west-1"] });
    expect(ingress[0].cidrBlocks ?? []).toEqual([]);
  });

  test("the cross-region replica replicates the primary's ARN under its own regional key", () => {
    const primary = named(run, PG, "fx-db-eu-west-1-instance");
    const replica = named(run, PG, "fx-db-eu-central-1-instance");
    expect(regionOf(run, replica)).toBe("eu-central-1");
    expect(replica.inputs.replicateSourceDb).toBe((primary.wireOutputs as Record<string, unknown>).arn);
    // The ARN names the primary's physical identifier (what RDS resolves), not a generated one.
    expect(String(replica.inputs.replicateSourceDb)).toMatch(new RegExp(`^arn:aws:rds:eu-west-1:\\d{12}:db:${String(primary.inputs.identifier)}$`));
    expect(String(replica.inputs.kmsKeyId)).toMatch(/^arn:aws:kms:eu-central-1:/);
    for (const inherited of ["username", "password", "manageMasterUserPassword", "dbName", "engine", "allocatedStorage", "backupRetentionPeriod", "backupWindow"]) expect(replica.inputs[inherited]).toBeUndefined();
    expect(replica.inputs).toMatchObject({ storageEncrypted: true, multiAz: true, deletionProtection: true, iamDatabaseAuthenticationEnabled: true });
    expect(replica.options.protect).toBe(true);
  });

  test("Redis: r6g.large, failover across AZs, encryption at rest and in transit, AUTH token secret", () => {
    const group = named(run, RG, "fx-cache-eu-west-1-group");
    expect(group.inputs).toMatchObject({
      engine: "redis",
      nodeType: "cache.r6g.large",
      numCacheClusters: 3,
      automaticFailoverEnabled: true,
      multiAzEnabled: true,
      atRestEncryptionEnabled: true,
      transitEncryptionEnabled: true,
      transitEncryptionMode: "required",
      authToken: "[secret]",
    });
    expect(group.inputs.snapshotRetentionLimit).toBeGreaterThan(0);
    expect(String(group.inputs.kmsKeyId)).toMatch(/^arn:aws:kms:eu-west-1:/);
    expect(group.options.protect).toBe(true);
    const secretVersion = named(run, "aws:secretsmanager/secretVersion:SecretVersion", "fx-cache-eu-west-1-auth");
    expect(secretVersion.inputs.secretString).toBe("[secret]");
  });

  test("global datastore: the member joins the primary's datastore and inherits engine and encryption", () => {
    const global = named(run, "aws:elasticache/globalReplicationGroup:GlobalReplicationGroup", "fx-cache-eu-west-1-global");
    const primary = named(run, RG, "fx-cache-eu-west-1-group");
    expect(global.inputs.primaryReplicationGroupId).toBe((primary.wireOutputs as Record<string, unknown>).id ?? primary.inputs.replicationGroupId);
    expect(global.inputs.primaryReplicationGroupId).toBe(primary.inputs.replicationGroupId);
    const member = named(run, RG, "fx-cache-eu-central-1-group");
    expect(member.inputs.globalReplicationGroupId).toBe((global.wireOutputs as Record<string, unknown>).globalReplicationGroupId);
    for (const conflicting of ["engine", "engineVersion", "nodeType", "parameterGroupName", "transitEncryptionEnabled", "atRestEncryptionEnabled", "authToken"]) {
      expect(member.inputs[conflicting]).toBeUndefined();
    }
    expect(String(member.inputs.kmsKeyId)).toMatch(/^arn:aws:kms:eu-central-1:/);
    expect(run.outputs.memberToken).toBe("[secret]");
  });

  test("bucket: SSE-KMS with its own key, public access blocked, ACLs off, TLS-only policy, access logging, lifecycle", () => {
    const bucket = named(run, "aws:s3/bucket:Bucket", "fx-lake-eu-west-1-bucket");
    expect(bucket.options.protect).toBe(true);
    expect(bucket.inputs.tags).toMatchObject({ "data-classification": "pii", jurisdiction: "gdpr", purpose: "fixture" });
    const key = named(run, "aws:kms/key:Key", "fx-lake-eu-west-1-key");
    const sse = named(run, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "fx-lake-eu-west-1-sse");
    expect(sse.inputs.rules).toEqual([expect.objectContaining({ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: (key.wireOutputs as Record<string, unknown>).arn }, bucketKeyEnabled: true })]);
    const pab = named(run, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "fx-lake-eu-west-1-public-access");
    expect(pab.inputs).toMatchObject({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
    expect(named(run, "aws:s3/bucketOwnershipControls:BucketOwnershipControls", "fx-lake-eu-west-1-ownership").inputs.rule).toEqual({ objectOwnership: "BucketOwnerEnforced" });
    const policy = JSON.parse(String(named(run, "aws:s3/bucketPolicy:BucketPolicy", "fx-lake-eu-west-1-policy").inputs.policy)) as { Statement: { Effect: string; Condition: Record<string, Record<string, string>> }[] };
    expect(policy.Statement).toEqual(expect.arrayContaining([expect.objectContaining({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } })]));
    expect(named(run, "aws:s3/bucketVersioning:BucketVersioning", "fx-lake-eu-west-1-versioning").inputs.versioningConfiguration).toEqual({ status: "Enabled" });
    const logging = named(run, "aws:s3/bucketLogging:BucketLogging", "fx-lake-eu-west-1-logging");
    const logBucket = named(run, "aws:s3/bucket:Bucket", "fx-lake-eu-west-1-logs");
    expect(logging.inputs.targetBucket).toBe(logBucket.inputs.bucket);
    const lifecycle = named(run, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "fx-lake-eu-west-1-lifecycle");
    const rules = lifecycle.inputs.rules as { transitions?: { storageClass: string; days: number }[]; noncurrentVersionExpiration?: { noncurrentDays: number } }[];
    expect(rules.flatMap((r) => r.transitions ?? [])).toEqual([expect.objectContaining({ storageClass: "STANDARD_IA", days: 30 }), expect.objectContaining({ storageClass: "GLACIER_IR", days: 180 })]);
    expect(rules.some((r) => r.noncurrentVersionExpiration?.noncurrentDays === 90)).toBe(true);
  });

  test("a bucket can share another bucket's access-log bucket instead of creating its own", () => {
    const logging = named(run, "aws:s3/bucketLogging:BucketLogging", "fx-models-eu-west-1-logging");
    expect(logging.inputs).toMatchObject({ targetBucket: named(run, "aws:s3/bucket:Bucket", "fx-lake-eu-west-1-logs").inputs.bucket, targetPrefix: "models/" });
    expect(run.resources.filter((r) => r.name === "fx-models-eu-west-1-logs")).toHaveLength(0);
  });

  test("replication: to the destination bucket's ARN, re-encrypted under the destination's key, after versioning", () => {
    const rc = named(run, "aws:s3/bucketReplicationConfig:BucketReplicationConfig", "fx-lake-eu-west-1-replication-config");
    const target = named(run, "aws:s3/bucket:Bucket", "fx-lake-eu-central-1-bucket");
    const targetKey = named(run, "aws:kms/key:Key", "fx-lake-eu-central-1-key");
    const rule = (rc.inputs.rules as { destination: { bucket: string; encryptionConfiguration: { replicaKmsKeyId: string } }; sourceSelectionCriteria: unknown }[])[0];
    expect(rule.destination.bucket).toBe((target.wireOutputs as Record<string, unknown>).arn);
    expect(rule.destination.encryptionConfiguration.replicaKmsKeyId).toBe((targetKey.wireOutputs as Record<string, unknown>).arn);
    expect(rule.sourceSelectionCriteria).toMatchObject({ sseKmsEncryptedObjects: { status: "Enabled" } });
    const versioning = named(run, "aws:s3/bucketVersioning:BucketVersioning", "fx-lake-eu-west-1-versioning");
    expect(rc.dependencies).toContain(versioning.urn);
    expect(regionOf(run, rc)).toBe("eu-west-1");
    expect(regionOf(run, target)).toBe("eu-central-1");
  });

  test("every child sits under its component and uses the explicit regional provider", () => {
    const components = run.resources.filter((r) => r.type.startsWith("neurastack:aws:"));
    expect(components.map((c) => c.type).sort()).toEqual(
      ["BucketReplication", "DataBucket", "DataBucket", "DataBucket", "PostgresDatabase", "PostgresDatabase", "PostgresDatabase", "RedisCache", "RedisCache"].map((t) => `neurastack:aws:${t}`),
    );
    for (const r of run.resources.filter((x) => x.custom && x.type.startsWith("aws:"))) {
      const parent = parentOf(run, r);
      expect(parent?.type).toMatch(/^neurastack:aws:/);
      expect(r.name.startsWith(parent!.name)).toBe(true);
      expect(r.provider).toMatch(/pulumi:providers:aws::aws-eu-(west|central)-1$/);
    }
  });

  test("the AUTH token is generated through the explicit @pulumi/random provider passed in", () => {
    const password = named(run, "random:index/randomPassword:RandomPassword", "fx-cache-eu-west-1-auth");
    expect(password.provider).toMatch(/pulumi:providers:random::random-fixture$/);
    // Members inherit the datastore's token: nothing generated for them.
    expect(run.resources.filter((r) => r.type.startsWith("random:") && r.name.startsWith("fx-cache-eu-central-1"))).toEqual([]);
  });

  test("no generated secret appears in plain text in any recorded input or output", () => {
    // The generated values, read from the (wire-form) outputs where they are wrapped as secrets.
    const secrets = run.resources.flatMap((r) => secretValues(r.wireOutputs)).filter((s) => s.length >= 16);
    expect(secrets.length).toBeGreaterThan(0);
    const recorded = JSON.stringify([run.resources.map((r) => r.inputs), run.outputs]);
    for (const s of secrets) expect(recorded).not.toContain(s);
    expect(run.outputs.cacheToken).toBe("[secret]");
  });
});

describe("RedisCache without a random provider", () => {
  test("creates its own explicit @pulumi/random provider rather than using the default one", async () => {
    const config = stackConfig("staging");
    const context: SystemContext = { config, labels: { system: "fixture", environment: config.environment, owner: "data-team" } };
    const run = await runFixture("staging", () => {
      const provider = new aws.Provider("aws-us-east-1", { region: "us-east-1" });
      const labels = dataLabels(context.labels, { classification: "pii", jurisdiction: "ccpa", purpose: "fixture" });
      const cache = new RedisCache("fx-solo", { context, provider, network: { vpcId: "vpc-1", subnetIds: ["subnet-a"], allowedSecurityGroupIds: ["sg-1"] }, dataLabels: labels });
      return { token: cache.authToken };
    });
    const password = named(run, "random:index/randomPassword:RandomPassword", "fx-solo-auth");
    const provider = named(run, "pulumi:providers:random", "fx-solo-random");
    expect(password.provider).toBe(provider.urn);
    expect(parentOf(run, provider)?.name).toBe("fx-solo");
    expect(password.provider).not.toMatch(/::default/);
  });
});

describe("AWS data components (staging fixture)", () => {
  test("staging: single-AZ database, no deletion protection, nothing protected", async () => {
    const run = await fixture("staging");
    const db = named(run, PG, "fx-db-solo-instance");
    expect(db.inputs).toMatchObject({ multiAz: false, deletionProtection: false, skipFinalSnapshot: true });
    expect(db.options.protect).toBe(false);
    expect(named(run, "aws:s3/bucket:Bucket", "fx-lake-eu-west-1-bucket").options.protect).toBe(false);
  });
});

describe("PostgresDatabase parameters", () => {
  const build = (parameters: ConstructorParameters<typeof PostgresDatabase>[1]["parameters"]) => {
    const config = stackConfig("staging");
    const context: SystemContext = { config, labels: { system: "fixture", environment: config.environment, owner: "data-team" } };
    return runFixture("staging", () => {
      const provider = new aws.Provider("aws-us-east-1", { region: "us-east-1" });
      const labels = dataLabels(context.labels, { classification: "pii", jurisdiction: "ccpa", purpose: "fixture" });
      new PostgresDatabase("fx-db", { context, provider, region: "us-east-1", network: { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"], allowedSecurityGroupIds: ["sg-1"] }, dataLabels: labels, parameters });
    });
  };

  test("extra parameters are appended after the enforced TLS and logging ones", async () => {
    const run = await build([{ name: "work_mem", value: "262144", applyMethod: "immediate" }]);
    const group = run.resources.find((r) => r.type === "aws:rds/parameterGroup:ParameterGroup")!;
    const names = (group.inputs.parameters as { name: string }[]).map((p) => p.name);
    expect(names).toEqual(["rds.force_ssl", "ssl_min_protocol_version", "log_connections", "log_disconnections", "work_mem"]);
  });

  test("a parameter that would weaken an enforced one is refused before anything is registered", () => {
    const config = stackConfig("staging");
    const context: SystemContext = { config, labels: { system: "fixture", environment: config.environment, owner: "data-team" } };
    const labels = dataLabels(context.labels, { classification: "pii", jurisdiction: "ccpa", purpose: "fixture" });
    // No Pulumi runtime here: the constructor must throw before it registers anything.
    const provider = undefined as unknown as aws.Provider;
    const network = { vpcId: "vpc-1", subnetIds: ["subnet-a"], allowedSecurityGroupIds: ["sg-1"] };
    expect(() => new PostgresDatabase("fx-db", { context, provider, region: "us-east-1", network, dataLabels: labels, parameters: [{ name: "rds.force_ssl", value: "0", applyMethod: "immediate" }] })).toThrow(
      /fx-db: parameters may not redefine rds\.force_ssl/,
    );
  });
});

describe("read replica arguments RDS accepts", () => {
  const source: ReplicaSourceFacts = {
    name: "src",
    role: "primary",
    region: "eu-west-1",
    engineMajor: "16",
    credentials: "rotated-secret",
    backupRetentionDays: 30,
    parameters: { max_connections: "100" },
    replicaCount: 0,
  };
  const request: ReplicaRequest = { name: "rep", region: "eu-central-1", engineMajor: "16", parameters: { max_connections: "100" }, primaryOnlyArguments: [], hasRegionalKmsKey: true, hasSubnetGroup: true };

  test("a complete cross-region replica of a rotated-secret source is accepted", () => {
    expect(replicaProblems(source, request)).toEqual([]);
  });

  const problemsOf = (sourceEdit: Partial<ReplicaSourceFacts>, requestEdit: Partial<ReplicaRequest>) => replicaProblems({ ...source, ...sourceEdit }, { ...request, ...requestEdit }).join("\n");
  test("refuses managed-password source (RDS: no read replica of a Secrets Manager-managed source)", () => expect(problemsOf({ credentials: "secrets-manager-managed" }, {})).toMatch(/Secrets Manager manages/));
  test("refuses source without automated backups", () => expect(problemsOf({ backupRetentionDays: 0 }, {})).toMatch(/automated backups off/));
  test("refuses cascading below PostgreSQL 14.1", () => expect(problemsOf({ role: "replica", engineMajor: "13" }, { engineMajor: "13" })).toMatch(/cascading read replicas need RDS for PostgreSQL 14\.1/));
  test("refuses engine major differing from the source", () => expect(problemsOf({}, { engineMajor: "15" })).toMatch(/parameter group family \(postgres15\)/));
  test("refuses a 16th replica", () => expect(problemsOf({ replicaCount: 15 }, {})).toMatch(/maximum is 15/));
  test("refuses cross-region without a regional KMS key", () => expect(problemsOf({}, { hasRegionalKmsKey: false })).toMatch(/needs a KMS key in eu-central-1/));
  test("refuses cross-region without a subnet group", () => expect(problemsOf({}, { hasSubnetGroup: false })).toMatch(/needs a DB subnet group in eu-central-1/));
  test("refuses dbName on a replica", () => expect(problemsOf({}, { primaryOnlyArguments: ["databaseName"] })).toMatch(/dbName cannot be specified for a replica/));
  test("refuses allocated storage on a replica", () => expect(problemsOf({}, { primaryOnlyArguments: ["allocatedStorageGb"] })).toMatch(/ignored when a replica is created/));
  test("refuses automated backups on a PostgreSQL replica", () => expect(problemsOf({}, { primaryOnlyArguments: ["backupRetentionDays"] })).toMatch(/not supported on RDS for PostgreSQL read replicas/));
  test("refuses max_connections below the source's (hot standby)", () => expect(problemsOf({}, { parameters: { max_connections: "50" } })).toMatch(/max_connections 50 is below the source's 100/));
  test("refuses max_connections left at the default under a tuned source", () => expect(problemsOf({}, { parameters: {} })).toMatch(/max_connections \(engine default\) is below/));

  test("PostgresDatabase refuses a replica of a managed-password source before registering anything", () => {
    const config = stackConfig("staging");
    const context: SystemContext = { config, labels: { system: "fixture", environment: config.environment, owner: "data-team" } };
    const labels = dataLabels(context.labels, { classification: "pii", jurisdiction: "ccpa", purpose: "fixture" });
    const managed = { replicaFacts: { ...source, credentials: "secrets-manager-managed" } } as unknown as PostgresDatabase;
    const provider = undefined as unknown as aws.Provider;
    const network = { vpcId: "vpc-1", subnetIds: ["subnet-a"], allowedSecurityGroupIds: ["sg-1"] };
    expect(() => new PostgresDatabase("fx-replica", { context, provider, region: "eu-west-1", network, dataLabels: labels, engineVersion: "16", replicaOf: managed })).toThrow(/Secrets Manager manages/);
  });
});
