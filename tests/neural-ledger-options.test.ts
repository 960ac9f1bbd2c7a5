/**
 * Neural Ledger options that the stack files do not set: a billing account (budget alert)
 * and a BigQuery multi-region location (its CMEK key must live in that location).
 */
import { descendantsOf, planStack, resourceOf, type EngineResource, type Plan } from "./harness";

type Json = Record<string, unknown>;
let plan: Plan;
beforeAll(async () => {
  plan = await planStack("staging", {
    overrides: {
      alerting: { emails: ["oncall@neurascale.example", "finance@neurascale.example"], billingAccount: "01ABCD-23EF45-6789AB" },
      neuralLedger: { projectId: "neurascale-staging", bigqueryLocation: "US" },
    },
  });
});
const ledger = (): EngineResource[] => descendantsOf(plan, resourceOf(plan, "neurastack:systems:NeuralLedger").urn);
const inputs = (r: EngineResource) => r.inputs as Json;

test("a configured billing account adds one budget notifying the alert channels", () => {
  const budgets = ledger().filter((r) => r.type === "gcp:billing/budget:Budget");
  expect(budgets).toHaveLength(1);
  const b = inputs(budgets[0]);
  expect(b.billingAccount).toBe("01ABCD-23EF45-6789AB");
  expect(b.budgetFilter).toMatchObject({ projects: ["projects/123456789012"] });
  const channels = ledger().filter((r) => r.type === "gcp:monitoring/notificationChannel:NotificationChannel").map((c) => c.name);
  expect(channels).toHaveLength(2);
  expect((b.allUpdatesRule as Json).monitoringNotificationChannels).toHaveLength(2);
  expect(ledger().filter((r) => r.type === "gcp:projects/service:Service").map((s) => inputs(s).service)).toContain("billingbudgets.googleapis.com");
});

test("a multi-region dataset gets its CMEK key from a key ring in that location", () => {
  const dataset = inputs(ledger().find((r) => r.type === "gcp:bigquery/dataset:Dataset")!);
  expect(dataset.location).toBe("US");
  const key = String((dataset.defaultEncryptionConfiguration as Json).kmsKeyName);
  expect(key).toMatch(/^projects\/neurascale-staging\/locations\/us\/keyRings\/neural-ledger-[0-9a-f]{6}\/cryptoKeys\/bigquery-cmek$/);
  const rings = ledger().filter((r) => r.type === "gcp:kms/keyRing:KeyRing").map((r) => inputs(r).location).sort();
  expect(rings).toEqual(["northamerica-northeast1", "us"]);
  // The regional ring no longer holds a BigQuery key.
  const regionalKeys = ledger().filter((r) => r.type === "gcp:kms/cryptoKey:CryptoKey" && String(inputs(r).keyRing).includes("northamerica-northeast1")).map((r) => inputs(r).name);
  expect(regionalKeys).not.toContain("bigquery-cmek");
});
