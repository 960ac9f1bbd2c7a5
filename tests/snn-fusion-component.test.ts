/**
 * SnnFusion on a stand-in platform (tests/fixtures/fake-platform.ts): the system's behaviour
 * independent of the real platform component, plus layouts the stack files do not use.
 */
import { AlertRouting } from "../components/aws/alerting/routing";
import { complianceTransformation } from "../components/labels";
import { crossJurisdictionPairs, SnnFusion } from "../components/systems/snn-fusion";
import type { StackConfig } from "../stacks/schema";
import { fakePlatform } from "./fixtures/fake-platform";
import { runFixture, stackConfig } from "./fixtures/run-program";
import { BuildIndex, describeSnnFusionProduction, type RecordedBuild } from "./fixtures/snn-fusion-expectations";

async function build(config: StackConfig, regionNames?: readonly string[]): Promise<RecordedBuild> {
  const regions = regionNames ? config.regions.filter((r) => regionNames.includes(r.name)) : config.regions;
  const scoped: StackConfig = { ...config, regions };
  const labels = { system: "snn-fusion", environment: config.environment, owner: config.compliance.owner };
  const run = await runFixture(config.environment, () => {
    const alerts = new AlertRouting("alerting", { context: { config: scoped, labels: { ...labels, system: "alerting" } } });
    const system = new SnnFusion("snn-fusion", { context: { config: scoped, labels }, settings: config.snnFusion!, platform: fakePlatform(regions), alerts }, { transformations: [complianceTransformation(labels)] });
    alerts.finish();
    return { snnFusion: system.exports };
  });
  return { resources: run.resources, outputs: run.outputs, regions, domain: config.snnFusion!.domain, emails: config.alerting.emails };
}

describeSnnFusionProduction("SnnFusion on a stand-in platform (production config)", () => build(stackConfig("production")));

describe("SnnFusion layouts", () => {
  test("a replication override moves the primary: eu-central-1 first makes eu-west-1 its replica", async () => {
    const base = stackConfig("production");
    const config: StackConfig = { ...base, snnFusion: { ...base.snnFusion!, replication: { groups: [["eu-central-1", "eu-west-1"]] } } };
    const ix = new BuildIndex(await build(config, ["eu-west-1", "eu-central-1", "us-east-1"]));
    const edges = ix.replicationEdges().filter((e) => e.kind !== "s3-replication");
    expect(edges.map((e) => `${e.kind}:${e.from}->${e.to}`).sort()).toEqual(["rds-replica:eu-central-1->eu-west-1", "redis-global-datastore:eu-central-1->eu-west-1"]);
  });

  test("a region alone in its jurisdiction gets a standalone cache and no replication", async () => {
    const ix = new BuildIndex(await build(stackConfig("production"), ["eu-west-1", "us-east-1"]));
    expect(ix.replicationEdges()).toEqual([]);
    expect(ix.snn("aws:elasticache/globalReplicationGroup:GlobalReplicationGroup")).toEqual([]);
    expect(ix.snn("aws:s3/bucketReplicationConfig:BucketReplicationConfig")).toEqual([]);
  });

  test("staging: single-AZ database, smaller volumes, no GPU replicas, nothing protected", async () => {
    const config = stackConfig("staging");
    const b = await build(config);
    const ix = new BuildIndex(b);
    for (const db of ix.snn("aws:rds/instance:Instance")) {
      expect(db.inputs).toMatchObject({ multiAz: false, deletionProtection: false });
      expect(db.options.protect).toBe(false);
    }
    const gpu = ix.snn("kubernetes:apps/v1:Deployment").filter((d) => (d.inputs.metadata as { name: string }).name === "snn-fusion-gpu-inference");
    expect(gpu.map((d) => (d.inputs.spec as { replicas: number }).replicas)).toEqual(config.regions.map(() => 0));
    expect(b.resources.filter((r) => r.options.protect)).toEqual([]);
  });

  test("the component's own residency guard names both regions of a cross-jurisdiction group", () => {
    const jurisdictions: Record<string, string> = { "eu-west-1": "gdpr", "eu-central-1": "gdpr", "us-east-1": "ccpa" };
    expect(crossJurisdictionPairs([["eu-west-1", "eu-central-1"], ["us-east-1"]], (r) => jurisdictions[r])).toEqual([]);
    expect(crossJurisdictionPairs([["eu-west-1", "eu-central-1", "us-east-1"]], (r) => jurisdictions[r])).toEqual(["replication between eu-west-1 (gdpr) and us-east-1 (ccpa) would cross jurisdictions"]);
  });

  test("without platform regions the system creates nothing and exports no endpoint", async () => {
    const config = stackConfig("production");
    const b = await build(config, []);
    expect(b.resources.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"))).toEqual([]);
    expect((b.outputs.snnFusion as { globalEndpoint: unknown }).globalEndpoint).toBeNull();
  });
});
