/**
 * Every RDS read replica both stacks plan, judged against what RDS accepts (the known failure
 * of the first deploy: RDS refuses a read replica of a source whose master password Secrets
 * Manager manages), and the guide's "Read replicas in each region" for SNN-Fusion.
 */
import { planStack, resourcesOf, type EngineResource, type Plan } from "./harness";

const INSTANCE = "aws:rds/instance:Instance";
const STACKS = ["staging", "production"] as const;
const plans = new Map<string, Plan>();
beforeAll(async () => {
  for (const stack of STACKS) plans.set(stack, await planStack(stack));
});

const outputs = (r: EngineResource) => r.wireOutputs as Record<string, unknown>;
const regionOf = (p: Plan, r: EngineResource) => String(p.run.resources.find((x) => x.urn === r.provider)?.inputs.region);

function replicasWithSources(p: Plan): { replica: EngineResource; source: EngineResource }[] {
  const instances = resourcesOf(p, INSTANCE);
  const byArn = new Map(instances.map((i) => [String(outputs(i).arn), i]));
  return instances.filter((i) => i.inputs.replicateSourceDb !== undefined).map((replica) => ({ replica, source: byArn.get(String(replica.inputs.replicateSourceDb))! }));
}

describe.each(STACKS)("%s", (stack) => {
  const p = () => plans.get(stack)!;

  test("RDS read replicas: no replica's source manages its master password with Secrets Manager", () => {
    const pairs = replicasWithSources(p());
    expect(pairs.length).toBeGreaterThan(0);
    const refused = pairs.filter(({ source }) => source === undefined || source.inputs.manageMasterUserPassword === true).map(({ replica }) => replica.name);
    expect(refused).toEqual([]);
  });

  test("RDS read replicas: every source keeps its generated password in a KMS-encrypted, rotated secret", () => {
    for (const { source } of replicasWithSources(p())) {
      const component = source.parent!;
      const children = p().run.resources.filter((r) => r.parent === component);
      const secret = children.find((r) => r.type === "aws:secretsmanager/secret:Secret");
      const rotation = children.find((r) => r.type === "aws:secretsmanager/secretRotation:SecretRotation");
      expect(source.inputs.password).toBe("[secret]");
      expect(String(secret?.inputs.kmsKeyId)).toMatch(/^arn:aws:kms:/);
      expect(rotation?.inputs.rotationRules).toEqual({ automaticallyAfterDays: 30 });
      expect(Number(source.inputs.backupRetentionPeriod)).toBeGreaterThan(0);
    }
  });

  test("RDS read replicas: only arguments a replica takes, encrypted under a key of the replica's region", () => {
    for (const { replica, source } of replicasWithSources(p())) {
      for (const key of ["username", "password", "manageMasterUserPassword", "dbName", "engine", "engineVersion", "allocatedStorage", "backupRetentionPeriod", "backupWindow", "finalSnapshotIdentifier"]) {
        expect([replica.name, key, replica.inputs[key]]).toEqual([replica.name, key, undefined]);
      }
      expect(String(replica.inputs.replicateSourceDb)).toMatch(/^arn:aws:rds:/);
      expect(String(replica.inputs.kmsKeyId)).toContain(`:kms:${regionOf(p(), replica)}:`);
      expect(replica.inputs.dbSubnetGroupName).toEqual(expect.any(String));
      expect(replica.inputs.skipFinalSnapshot).toBe(true);
      // Same engine major: the replica's parameter group family is the source's.
      const family = (r: EngineResource) => p().run.resources.find((x) => x.type === "aws:rds/parameterGroup:ParameterGroup" && x.inputs.name === r.inputs.parameterGroupName)?.inputs.family;
      expect(family(replica)).toBe(family(source));
    }
  });
});

describe("production: SNN-Fusion reads from a replica in each of the six regions", () => {
  test("every region has a read replica, each replicating a primary of its own jurisdiction", () => {
    const p = plans.get("production")!;
    const pairs = replicasWithSources(p).filter(({ replica }) => replica.name.startsWith("snn-fusion-"));
    const regions = new Set(pairs.map(({ replica }) => regionOf(p, replica)));
    expect([...regions].sort()).toEqual(["ap-northeast-1", "ap-southeast-1", "eu-central-1", "eu-west-1", "us-east-1", "us-west-2"]);
    for (const { replica, source } of pairs) expect(replica.inputs.tags).toMatchObject({ jurisdiction: (source.inputs.tags as Record<string, string>).jurisdiction });
    // PDPA data stays in Singapore and Tokyo has no partner region: regional primaries there.
    const primaries = resourcesOf(p, INSTANCE).filter((i) => i.name.startsWith("snn-fusion-") && i.inputs.replicateSourceDb === undefined);
    expect(primaries.map((i) => regionOf(p, i)).sort()).toEqual(["ap-northeast-1", "ap-southeast-1", "eu-west-1", "us-east-1"]);
  });
});
