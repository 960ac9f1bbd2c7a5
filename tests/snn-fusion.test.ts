/**
 * SNN-Fusion in the real production plan (index.ts + the AWS platform), through the same
 * offline engine as `npm run plan`.
 */
import { planStack } from "./harness";
import { describeSnnFusionProduction } from "./fixtures/snn-fusion-expectations";

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
