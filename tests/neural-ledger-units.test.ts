/**
 * Units of the Neural Ledger and its GCP blocks that need no whole-stack plan: retention
 * limits, KMS locations, the processor's deployable source, the alert specs, and the
 * guards of the reusable components (run under Pulumi's mock runtime).
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { ENTRY_POINT } from "../functions/ledger-processor/layout";
import { grantRole } from "../components/gcp/iam";
import { KmsKeyRing } from "../components/gcp/kms-key-ring";
import { logDistributionMetric } from "../components/gcp/log-metric";
import { ServerlessNetwork } from "../components/gcp/serverless-network";
import { ServiceAccount } from "../components/gcp/service-account";
import { ALERT_THRESHOLDS, ledgerAlerts } from "../components/systems/neural-ledger/alerts";
import { LOG_METRICS } from "../components/systems/neural-ledger/metrics";
import { effectiveRetention, goHours, kmsLocationFor } from "../components/systems/neural-ledger/settings";
import { MAIN_JS, PACKAGE_JSON } from "../components/systems/neural-ledger/source";
import { neuralLedgerPresets, type NeuralLedgerConfig } from "../stacks/sections/neural-ledger";

const settings = (env: "staging" | "production"): NeuralLedgerConfig => ({ projectId: "neurascale-test", ...neuralLedgerPresets[env] }) as NeuralLedgerConfig;

describe("effective retention", () => {
  test("production: the ledger outlives its backups; backups clamped to each service's maximum", () => {
    expect(effectiveRetention(settings("production"), 90)).toEqual({
      topicDays: 31,
      subscriptionDays: 7,
      bigtableGcDays: 2190,
      bigqueryPartitionDays: 2190,
      bigquerySnapshotDays: 365,
      bigtableBackupDays: 90,
      firestoreDailyBackupDays: 7,
      firestoreWeeklyBackupDays: 98,
      // The guide's 30 monitoring days, raised to the production compliance minimum.
      monitoringLogDays: 90,
      auditLogDays: 2190,
    });
  });
  test("staging: 7 days everywhere, no weekly Firestore backups, 30-day logs", () => {
    const r = effectiveRetention(settings("staging"), 30);
    expect(r).toMatchObject({ topicDays: 7, bigtableGcDays: 7, bigqueryPartitionDays: 7, bigquerySnapshotDays: 7, bigtableBackupDays: 7, firestoreDailyBackupDays: 7, firestoreWeeklyBackupDays: 0, monitoringLogDays: 30, auditLogDays: 30 });
  });
  test("the knobs are separate: hot tier, long-term, monitoring, audit logs and backups each move one store", () => {
    const base = settings("production");
    const r = effectiveRetention({ ...base, retention: { ...base.retention, hotTierDays: 400, longTermDays: 3000, monitoringDays: 120, auditLogDays: 3650, backupDays: 200 } }, 90);
    expect(r).toMatchObject({ topicDays: 31, bigtableGcDays: 400, bigqueryPartitionDays: 3000, monitoringLogDays: 120, auditLogDays: 3650, bigquerySnapshotDays: 200, bigtableBackupDays: 90 });
  });
});

test("Bigtable backup durations are spelled as the provider reads them back (Go time.Duration)", () => {
  expect(goHours(24)).toBe("24h0m0s");
  expect(goHours(90 * 24)).toBe("2160h0m0s");
  expect(goHours(0)).toBe("0s");
  expect(() => goHours(1.5)).toThrow(/whole number/);
});

test("BigQuery key locations follow the dataset location", () => {
  expect(kmsLocationFor("US")).toBe("us");
  expect(kmsLocationFor("EU")).toBe("europe");
  expect(kmsLocationFor("northamerica-northeast1")).toBe("northamerica-northeast1");
});

test("the deployable source registers the entry point as a CloudEvent function for Node 22", () => {
  const pkg = JSON.parse(PACKAGE_JSON);
  expect(pkg).toMatchObject({ main: "main.js", engines: { node: "22" } });
  expect(pkg.dependencies["@google-cloud/functions-framework"]).toMatch(/^\^\d+\./);
  expect(MAIN_JS).toContain(`functions.cloudEvent(${JSON.stringify(ENTRY_POINT)}`);
  expect(MAIN_JS).toContain(`require("./index.js")`);
});

test("alert specs: one policy per guide rule plus dead letters, each with a runbook", () => {
  const alerts = ledgerAlerts();
  expect(alerts.map((a) => a.key)).toEqual(["error-rate", "p99-latency", "chain-violation", "function-failures", "storage-unavailable", "dead-letters", "ingestion-stalled"]);
  expect(ledgerAlerts({ uptime: false }).map((a) => a.key)).not.toContain("ingestion-stalled");
  expect(ALERT_THRESHOLDS).toMatchObject({ errorRate: 0.01, errorRateWindowSeconds: 300, p99LatencyMs: 200, p99LatencyWindowSeconds: 600, functionFailuresPerMinute: 5 });
  for (const a of alerts) expect(a.runbook.length).toBeGreaterThan(20);
});

test("log-based metrics read the handler's log fields from the processor's logs only", () => {
  for (const m of LOG_METRICS) expect(m.filter).toContain('resource.labels.service_name="neural-ledger-processor"');
  expect(LOG_METRICS.map((m) => m.metricId)).toEqual(expect.arrayContaining(["neural_ledger/processing_latency", "neural_ledger/events", "neural_ledger/chain_violations"]));
});

describe("GCP block guards (mock runtime)", () => {
  beforeAll(() => {
    pulumi.runtime.setMocks({
      newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
      call: (args) => args.inputs,
    }, "neurastack", "units", false);
  });
  const provider = () => new gcp.Provider("units-gcp", { project: "neurascale-test", region: "northamerica-northeast1" });

  test("KmsKeyRing refuses a CMEK rotation longer than 90 days", () => {
    expect(() => new KmsKeyRing("units-ring", {
      provider: provider(), project: "neurascale-test", location: "northamerica-northeast1", ringName: "r",
      keys: { k: { kind: "cmek", rotationDays: 120, encrypters: {} } },
    })).toThrow(/rotationDays 120/);
  });

  test("grants refuse primitive roles", () => {
    expect(() => new ServiceAccount("units-sa", {
      provider: provider(), project: "neurascale-test", accountId: "units-account", displayName: "u",
      grants: { bad: { kind: "project", project: "neurascale-test", role: "roles/editor" } },
    })).toThrow(/primitive role/);
    expect(() => grantRole("units-grant", "user:a@b.c", { kind: "pubsubTopic", topic: "t", role: "roles/owner" }, {})).toThrow(/primitive/);
  });

  test("ServerlessNetwork checks the connector's name and /28 range", () => {
    const base = { provider: provider(), project: "neurascale-test", region: "northamerica-northeast1", networkName: "n" };
    expect(() => new ServerlessNetwork("units-net-1", { ...base, connectorName: "a-connector-name-that-is-too-long", connectorCidr: "10.8.0.0/28" })).toThrow(/connector name/);
    expect(() => new ServerlessNetwork("units-net-2", { ...base, connectorName: "ok-connector", connectorCidr: "10.8.0.0/24" })).toThrow(/\/28/);
  });

  test("distribution metrics need increasing bounds", () => {
    expect(() => logDistributionMetric("units-metric", { project: "p", metricId: "m", description: "d", filter: "f", valueField: "v", unit: "ms", bounds: [10, 5] }, {})).toThrow(/increasing/);
  });
});
