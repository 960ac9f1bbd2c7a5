/**
 * The first real `pulumi up` on fresh GCP projects (issue 15): each documented GCP constraint the
 * Neural Ledger and the Convergence API meet on a first deploy, checked on the offline plan.
 * Titles are named by docs/first-deploy.md (tests/first-deploy-doc.test.ts keeps them in step).
 */
import { ConfigError } from "../stacks/errors";
import { loadStackConfig, type RawConfig } from "../stacks/load";
import { readStackFiles } from "../tools/engine/project";
import { PROJECT_DIR, rawConfigOf } from "../tools/engine/run";
import { checkRuntime } from "../components/systems/neural-ledger/processor";
import { nextRotationTime, rotationReference } from "../components/systems/convergence-api/rotation";
import { snapshotQuery } from "../components/systems/neural-ledger/warehouse";
import { descendantsOf, planStack, resourceOf, type EngineResource, type Plan } from "./harness";

type Json = Record<string, unknown>;
const DAY_MS = 86_400_000;
const inputs = (r: EngineResource) => r.inputs as Json;
const SLEEP = "time:index/sleep:Sleep";

let prod: Plan;
let stg: Plan;
beforeAll(async () => {
  [prod, stg] = await Promise.all([planStack("production"), planStack("staging")]);
}, 600_000);

const under = (p: Plan, type: string, name: string) => descendantsOf(p, resourceOf(p, type, name).urn);
const ledger = (p: Plan) => under(p, "neurastack:systems:NeuralLedger", "neural-ledger");
const convergence = (p: Plan) => under(p, "neurastack:systems:ConvergenceApi", "convergence-api");
function one(rs: readonly EngineResource[], type: string, name: string): EngineResource {
  const found = rs.filter((r) => r.type === type && r.name === name);
  if (found.length !== 1) throw new Error(`expected one ${type} ${name}; ${type}s: ${rs.filter((r) => r.type === type).map((r) => r.name).join(", ") || "none"}`);
  return found[0];
}
const ofType = (rs: readonly EngineResource[], type: string) => rs.filter((r) => r.type === type);
const byUrn = (p: Plan) => new Map(p.run.resources.map((r) => [r.urn, r]));
/** Sleeps a resource depends on (directly), with their durations in seconds. */
const sleepsBefore = (p: Plan, r: EngineResource) =>
  r.dependencies.map((u) => byUrn(p).get(u)).filter((d): d is EngineResource => d?.type === SLEEP).map((d) => ({ sleep: d, seconds: parseInt(String(inputs(d).createDuration), 10) }));

/** Config problems of a stack with `values` merged over its file (key: rule), or [] when it loads. */
function problems(stack: "staging" | "production", values: Json): string[] {
  const base = rawConfigOf(readStackFiles(PROJECT_DIR, stack));
  const merged: Json = structuredClone(base.values) as Json;
  for (const [k, v] of Object.entries(values)) merged[k] = v === undefined ? undefined : { ...((merged[k] as Json | undefined) ?? {}), ...(v as Json) };
  for (const [k, v] of Object.entries(merged)) if (v === undefined) delete merged[k];
  const raw: RawConfig = { ...base, values: merged };
  try {
    loadStackConfig(raw);
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.map((x) => `${x.key}: ${x.rule}`);
    throw e;
  }
}

describe("the Neural Ledger keeps its audit trail", () => {
  test("production: no BigQuery or Bigtable ledger data expires before the long-term retention", () => {
    const longTerm = prod.run.config.neuralLedger!.retention.longTermDays;
    expect(longTerm).toBeGreaterThanOrEqual(2190);
    const tables = ofType(ledger(prod), "gcp:bigquery/table:Table").filter((t) => inputs(t).tableId === "events");
    expect(tables.map((t) => t.name).sort()).toEqual(["neural-ledger-bigquery-events", "neural-ledger-bigquery-replica-events"]);
    for (const t of tables) {
      const expiry = (inputs(t).timePartitioning as Json).expirationMs;
      expect(expiry === undefined || Number(expiry) >= longTerm * DAY_MS).toBe(true);
    }
    for (const gc of ofType(ledger(prod), "gcp:bigtable/gCPolicy:GCPolicy")) {
      const duration = (inputs(gc).maxAge as Json | undefined)?.duration;
      if (duration !== undefined) expect(parseInt(String(duration), 10)).toBeGreaterThanOrEqual(longTerm * 24);
    }
    expect(prod.policy.violations.filter((v) => v.policy === "hipaa-phi-long-term-retention" || v.policy === "hipaa-phi-retention-covers-backups")).toEqual([]);
  });

  test("a PHI BigQuery table with 30-day expiry fails the production policy", async () => {
    const p = await planStack("production", {
      overrides: { systems: ["neuralLedger"], neuralLedger: { projectId: "neurascale-production", retention: { hotTierDays: 30, longTermDays: 30, monitoringDays: 30, auditLogDays: 2190, backupDays: 30 } } },
    });
    const findings = p.policy.violations.filter((v) => v.policy === "hipaa-phi-long-term-retention");
    expect(findings.map((v) => [v.enforcementLevel, v.urn?.split("::").pop()])).toEqual([
      ["mandatory", "neural-ledger-bigquery-events"],
      ["mandatory", "neural-ledger-bigquery-replica-events"],
    ]);
    expect(findings[0].message).toContain("expires rows after 30 days, below the long-term minimum of 2190");
  }, 600_000);

  test("retention knobs: hot tier, long-term, monitoring logs, audit logs and backups are separate", () => {
    const r = prod.run.config.neuralLedger!.retention;
    // The guide's numbers: monitoring_retention_days = 30, backup_retention_days = 365.
    expect([r.monitoringDays, r.backupDays]).toEqual([30, 365]);
    const logBuckets = ofType(ledger(prod), "gcp:logging/projectBucketConfig:ProjectBucketConfig").map(inputs);
    const defaultBucket = logBuckets.find((b) => b.bucketId === "_Default")!;
    // 30 monitoring days raised to the production compliance minimum (90), as AWS log groups are.
    expect(defaultBucket.retentionDays).toBe(Math.max(30, prod.run.config.compliance.minLogRetentionDays));
    const audit = logBuckets.find((b) => b.bucketId !== "_Default")!;
    expect(audit).toMatchObject({ location: "northamerica-northeast1", retentionDays: r.auditLogDays });
    // A deleted log bucket holds its id for 7 days: the id carries the deployment suffix.
    expect(String(audit.bucketId)).toBe(`neural-ledger-audit-${String(one(ledger(prod), "random:index/randomId:RandomId", "neural-ledger-suffix").wireOutputs.hex)}`);
    const sink = inputs(one(ledger(prod), "gcp:logging/projectSink:ProjectSink", "neural-ledger-monitoring-logs-audit-sink"));
    expect(sink.filter).toBe('logName:"cloudaudit.googleapis.com%2Fdata_access"');
    expect(String(sink.destination)).toBe(`logging.googleapis.com/projects/neurascale-production/locations/northamerica-northeast1/buckets/${String(audit.bucketId)}`);
    const snapshots = inputs(one(ledger(prod), "gcp:bigquery/dataset:Dataset", "neural-ledger-bigquery-snapshots"));
    expect(snapshots.defaultTableExpirationMs).toBe(r.backupDays * DAY_MS);
    // Staging: the guide's shorter 7 days for data, no audit bucket (audit logs off).
    expect(stg.run.config.neuralLedger!.retention).toMatchObject({ hotTierDays: 7, longTermDays: 7, backupDays: 7 });
    expect(ofType(ledger(stg), "gcp:logging/projectSink:ProjectSink")).toEqual([]);
  });

  test("BigQuery: daily table snapshots kept for the backup retention, run by their own account", () => {
    const config = inputs(one(ledger(prod), "gcp:bigquery/dataTransferConfig:DataTransferConfig", "neural-ledger-bigquery-snapshot-schedule"));
    expect(config).toMatchObject({ dataSourceId: "scheduled_query", schedule: "every 24 hours", location: "northamerica-northeast1", serviceAccountName: "neural-ledger-snapshots@neurascale-production.iam.gserviceaccount.com" });
    const query = String((config.params as Json).query);
    expect(query).toBe(snapshotQuery("neurascale-production", "neural_ledger", "events", "neural_ledger_snapshots", 365));
    expect(query).toContain("CREATE SNAPSHOT TABLE IF NOT EXISTS");
    expect(query).toContain("CLONE `neurascale-production.neural_ledger.events`");
    expect(query).toContain("INTERVAL 365 DAY");
    const grants = ofType(ledger(prod), "gcp:serviceaccount/iAMMember:IAMMember").map(inputs);
    expect(grants).toContainEqual(expect.objectContaining({ role: "roles/iam.serviceAccountTokenCreator", member: "serviceAccount:service-123456789012@gcp-sa-bigquerydatatransfer.iam.gserviceaccount.com" }));
    const services = ofType(ledger(prod), "gcp:projects/service:Service").map((s) => inputs(s).service);
    expect(services).toContain("bigquerydatatransfer.googleapis.com");
  });

  test("config: no PHI store may keep data for less time than its backups", () => {
    expect(problems("production", { neuralLedger: { retention: { hotTierDays: 30, longTermDays: 30, monitoringDays: 30, auditLogDays: 2190, backupDays: 365 } } })).toEqual([
      "neurastack:neuralLedger.retention.hotTierDays: 30 is shorter than the Bigtable backups it would outlive (90 days); Bigtable must keep events at least as long as its backups",
      "neurastack:neuralLedger.retention.longTermDays: 30 is shorter than backupDays (365); the long-term store must keep events at least as long as its snapshots",
    ]);
  });
});

describe("recovery objectives (RTO < 4 h, RPO < 1 h)", () => {
  test("production: replica Bigtable cluster, transactional app profile, replica dataset fed by its own subscription", () => {
    const clusters = inputs(one(ledger(prod), "gcp:bigtable/instance:Instance", "neural-ledger-bigtable-instance")).clusters as Json[];
    expect(clusters.map((c) => c.zone)).toEqual(["northamerica-northeast1-a", "northamerica-northeast2-a"]);
    const profile = inputs(one(ledger(prod), "gcp:bigtable/appProfile:AppProfile", "neural-ledger-bigtable-app-profile"));
    expect(profile).toMatchObject({ appProfileId: "neural-ledger-processor", singleClusterRouting: { clusterId: "neural-ledger-c1", allowTransactionalWrites: true }, ignoreWarnings: true });
    const env = ((inputs(one(ledger(prod), "gcp:cloudfunctionsv2/function:Function", "neural-ledger-processor-function")).serviceConfig as Json).environmentVariables as Json);
    expect(env.BIGTABLE_APP_PROFILE).toBe("neural-ledger-processor");
    const replica = inputs(one(ledger(prod), "gcp:bigquery/dataset:Dataset", "neural-ledger-bigquery-replica-dataset"));
    expect(replica).toMatchObject({ datasetId: "neural_ledger_replica", location: "northamerica-northeast2" });
    expect(String((replica.defaultEncryptionConfiguration as Json).kmsKeyName)).toMatch(/\/locations\/northamerica-northeast2\/keyRings\//);
    const sub = inputs(one(ledger(prod), "gcp:pubsub/subscription:Subscription", "neural-ledger-bigquery-replica-subscription"));
    expect(sub).toMatchObject({ topic: "projects/neurascale-production/topics/neural-ledger-accepted", bigqueryConfig: { table: "neurascale-production.neural_ledger_replica.events" } });
    // Staging: one region.
    expect((inputs(one(ledger(stg), "gcp:bigtable/instance:Instance", "neural-ledger-bigtable-instance")).clusters as Json[])).toHaveLength(1);
    expect(ofType(ledger(stg), "gcp:bigquery/dataset:Dataset").map((d) => inputs(d).datasetId).sort()).toEqual(["neural_ledger", "neural_ledger_snapshots"]);
  });

  test("failover re-routes the processor's app profile to the replica cluster", async () => {
    const p = await planStack("production", { overrides: { systems: ["neuralLedger"], neuralLedger: { projectId: "neurascale-production", recovery: { servingCluster: "replica" } } } });
    const profile = inputs(one(ledger(p), "gcp:bigtable/appProfile:AppProfile", "neural-ledger-bigtable-app-profile"));
    expect(profile.singleClusterRouting).toEqual({ clusterId: "neural-ledger-c2", allowTransactionalWrites: true });
  }, 600_000);

  test("config: replica region in the jurisdiction, not the primary, in real zones", () => {
    expect(problems("production", { neuralLedger: { zones: { primary: "a", replica: "b" }, recovery: { replicaRegion: "europe-west1", servingCluster: "primary" } } })).toEqual([
      'neurastack:neuralLedger.recovery.replicaRegion: "europe-west1" (Belgium) cannot hold neuralLedger data under "hipaa-us": HIPAA data must stay in North American regions',
    ]);
    expect(problems("production", { neuralLedger: { recovery: { replicaRegion: "northamerica-northeast1", servingCluster: "primary" } } })[0]).toMatch(/is the primary region/);
    expect(problems("production", { neuralLedger: { recovery: { replicaRegion: "us-east1", servingCluster: "primary" } } })).toEqual([
      "neurastack:neuralLedger.zones.replica: us-east1-a is not a zone of us-east1 (zones: us-east1-b, us-east1-c, us-east1-d)",
    ]);
    expect(problems("staging", { neuralLedger: { recovery: { servingCluster: "replica" } } })).toEqual(['neurastack:neuralLedger.recovery.servingCluster: "replica" needs recovery.replicaRegion']);
  });
});

describe("KMS keys cannot be deleted", () => {
  test("key rings carry the deployment suffix, so an up after a destroy creates new rings", () => {
    for (const [p, system, suffixName, base] of [
      [prod, ledger(prod), "neural-ledger-suffix", "neural-ledger"],
      [stg, convergence(stg), "convergence-api-suffix", "convergence-keyring-staging"],
    ] as const) {
      const suffix = one(system, "random:index/randomId:RandomId", suffixName);
      expect(inputs(suffix).byteLength).toBe(3);
      const hex = String(suffix.wireOutputs.hex);
      expect(hex).toMatch(/^[0-9a-f]{6}$/);
      const rings = ofType(system, "gcp:kms/keyRing:KeyRing");
      expect(rings.length).toBeGreaterThan(1);
      for (const ring of rings) {
        // Derived from the random suffix in state: a destroy drops it, the next up draws a new one.
        expect(inputs(ring).name).toBe(`${base}-${hex}`);
        expect(ring.dependencies).toContain(suffix.urn);
        // Deleting a ring is a no-op in GCP: the program says so.
        expect(ring.options.retainOnDelete).toBe(true);
      }
      void p;
    }
    // The processor finds its ring through the environment, never a literal.
    const env = ((inputs(one(ledger(prod), "gcp:cloudfunctionsv2/function:Function", "neural-ledger-processor-function")).serviceConfig as Json).environmentVariables as Json);
    expect(env.KMS_KEYRING).toBe(inputs(one(ledger(prod), "gcp:kms/keyRing:KeyRing", "neural-ledger-keys-ring-ring")).name);
  });

  test("production keeps keys on delete (ABANDON); staging destroys their versions", () => {
    for (const key of [...ofType(ledger(prod), "gcp:kms/cryptoKey:CryptoKey"), ...ofType(convergence(prod), "gcp:kms/cryptoKey:CryptoKey")]) {
      expect([key.name, inputs(key).deletionPolicy, key.options.retainOnDelete]).toEqual([key.name, "ABANDON", true]);
    }
    for (const key of [...ofType(ledger(stg), "gcp:kms/cryptoKey:CryptoKey"), ...ofType(convergence(stg), "gcp:kms/cryptoKey:CryptoKey")]) {
      expect([key.name, inputs(key).deletionPolicy, key.options.retainOnDelete ?? false]).toEqual([key.name, "DELETE", false]);
    }
  });
});

describe("one-pass first up: propagation the provider does not wait for", () => {
  test("alert policies on new log-based metrics wait for the metric types to propagate", () => {
    for (const [system, metricPrefix] of [[ledger(prod), "neural-ledger-monitoring-metric-"], [convergence(prod), "convergence-api-monitoring-kms-failures"]] as const) {
      const metrics = ofType(system, "gcp:logging/metric:Metric").filter((m) => m.name.startsWith(metricPrefix));
      expect(metrics.length).toBeGreaterThan(0);
      const onMetrics = ofType(system, "gcp:monitoring/alertPolicy:AlertPolicy").filter((a) => JSON.stringify(inputs(a).conditions).includes("logging.googleapis.com/user/"));
      expect(onMetrics.length).toBeGreaterThan(0);
      for (const alert of onMetrics) {
        const waits = sleepsBefore(prod, alert);
        expect([alert.name, waits.length]).toEqual([alert.name, 1]);
        // "could take up to 10 minutes" (hashicorp/terraform-provider-google#11102).
        expect(waits[0].seconds).toBeGreaterThanOrEqual(600);
        for (const m of metrics) expect(waits[0].sleep.dependencies).toContain(m.urn);
      }
    }
  });

  test("CMEK stores and the function build wait for IAM grants to propagate", () => {
    const stores = [
      one(ledger(prod), "gcp:bigtable/instance:Instance", "neural-ledger-bigtable-instance"),
      one(ledger(prod), "gcp:firestore/database:Database", "neural-ledger-firestore-database"),
      one(ledger(prod), "gcp:bigquery/dataset:Dataset", "neural-ledger-bigquery-dataset"),
      one(ledger(prod), "gcp:pubsub/topic:Topic", "neural-ledger-pubsub-events"),
      one(ledger(prod), "gcp:cloudfunctionsv2/function:Function", "neural-ledger-processor-function"),
      one(ledger(prod), "gcp:pubsub/subscription:Subscription", "neural-ledger-bigquery-subscription"),
      one(convergence(prod), "gcp:secretmanager/secret:Secret", "convergence-api-admin-key-secret"),
      one(convergence(prod), "gcp:bigquery/dataset:Dataset", "convergence-api-dataset"),
    ];
    const grants = ofType([...ledger(prod), ...convergence(prod)], "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember");
    for (const store of stores) {
      const waits = sleepsBefore(prod, store);
      expect([store.name, waits.length > 0]).toEqual([store.name, true]);
      for (const w of waits) expect(w.seconds).toBeGreaterThanOrEqual(120);
      // The wait follows the grants of the store's key.
      const kms = String(inputs(store).kmsKeyName ?? (inputs(store).defaultEncryptionConfiguration as Json | undefined)?.kmsKeyName ?? (inputs(store).cmekConfig as Json | undefined)?.kmsKeyName ?? "");
      const keyGrants = grants.filter((g) => inputs(g).cryptoKeyId === kms);
      for (const g of keyGrants) expect([store.name, waits.some((w) => w.sleep.dependencies.includes(g.urn))]).toEqual([store.name, true]);
    }
  });
});

describe("Convergence bootstrap and audit", () => {
  const env = (p: Plan) => Object.fromEntries((((inputs(one(convergence(p), "gcp:cloudrunv2/service:Service", "convergence-api-service")).template as Json).containers as Json[])[0].envs as Json[]).map((e) => [e.name, e.value]));

  test("the bootstrap runs against the program's dataset with no project-wide admin role", () => {
    const dataset = inputs(one(convergence(prod), "gcp:bigquery/dataset:Dataset", "convergence-api-dataset"));
    expect(env(prod)).toMatchObject({ BIGQUERY_DATASET: dataset.datasetId, BIGQUERY_LOCATION: dataset.location });
    const sa = "serviceAccount:convergence-api-prod@neurascale-convergence-prod.iam.gserviceaccount.com";
    // Tables (and force_recreate_tables): the dataset's WRITER access.
    expect(dataset.accesses).toContainEqual({ role: "WRITER", userByEmail: "convergence-api-prod@neurascale-convergence-prod.iam.gserviceaccount.com" });
    const projectRoles = ofType(convergence(prod), "gcp:projects/iAMMember:IAMMember").filter((g) => inputs(g).member === sa).map((g) => inputs(g).role);
    expect(projectRoles).toEqual(["roles/bigquery.user"]);
    for (const r of projectRoles) expect(String(r)).not.toMatch(/admin|owner|editor/);
  });

  test("Secret Manager and KMS data access is in the audit logs", () => {
    const audits = ofType(convergence(prod), "gcp:projects/iAMAuditConfig:IAMAuditConfig").map(inputs);
    const types = Object.fromEntries(audits.map((a) => [a.service, (a.auditLogConfigs as Json[]).map((c) => c.logType)]));
    expect(types).toEqual({ "cloudkms.googleapis.com": ["DATA_READ", "DATA_WRITE"], "secretmanager.googleapis.com": ["ADMIN_READ", "DATA_READ"] });
  });

  test("the admin key's next rotation comes from the plan date, not the clock, and the API owns it afterwards", async () => {
    const secret = (p: Plan) => one(convergence(p), "gcp:secretmanager/secret:Secret", "convergence-api-admin-key-secret");
    const anchor = prod.run.config.convergence!.secretRotationAnchor;
    const at = (date: string) => nextRotationTime(anchor, 90, rotationReference(date));
    expect((inputs(secret(prod)).rotation as Json).nextRotationTime).toBe(at("2026-12-02"));
    const later = await planStack("production", { planDate: "2027-06-15", overrides: { systems: ["convergence"] } });
    expect((inputs(secret(later)).rotation as Json).nextRotationTime).toBe(at("2027-06-15"));
    expect(at("2027-06-15")).not.toBe(at("2026-12-02"));
    // Secret Manager advances the field after each rotation: ignored, so no diff on later updates.
    expect(secret(prod).options.ignoreChanges).toContain("rotation.nextRotationTime");
  }, 600_000);

  test("the rotation instant is at least an hour after any time of the plan date", () => {
    const next = Date.parse(nextRotationTime("2026-01-01T00:00:00Z", 90, rotationReference("2026-03-31")));
    expect(next - Date.parse("2026-03-31T23:59:59Z")).toBeGreaterThan(3_600_000);
  });

  test("domain-restricted sharing: public without an allUsers member", async () => {
    const p = await planStack("staging", { overrides: { systems: ["convergence"], convergence: { projectId: "neurascale-convergence-stg", publicAccess: "invokerIamDisabled" } } });
    expect(inputs(one(convergence(p), "gcp:cloudrunv2/service:Service", "convergence-api-service")).invokerIamDisabled).toBe(true);
    expect(ofType(convergence(p), "gcp:cloudrunv2/serviceIamMember:ServiceIamMember")).toEqual([]);
    expect(inputs(one(convergence(stg), "gcp:cloudrunv2/service:Service", "convergence-api-service")).invokerIamDisabled).toBe(false);
  }, 600_000);
});

describe("smaller gaps of the seeds", () => {
  test("dashboards have the guide's names", () => {
    for (const [p, name] of [[prod, "neural-ledger-production"], [stg, "neural-ledger-staging"]] as const) {
      const dashboard = one(ledger(p), "gcp:monitoring/dashboard:Dashboard", "neural-ledger-monitoring-dashboard");
      expect(JSON.parse(String(inputs(dashboard).dashboardJson)).displayName).toBe(name);
    }
  });

  test("uptime: the ingestion path's availability is alerted (enable_uptime_checks)", () => {
    const alert = inputs(one(ledger(prod), "gcp:monitoring/alertPolicy:AlertPolicy", "neural-ledger-monitoring-alert-ingestion-stalled"));
    const condition = (alert.conditions as Json[])[0].conditionThreshold as Json;
    expect(String(condition.filter)).toContain('pubsub.googleapis.com/subscription/oldest_unacked_message_age');
    expect(String(condition.filter)).toContain('subscription_id="neural-ledger-processor"');
    expect(condition).toMatchObject({ thresholdValue: 300, duration: "300s" });
    expect(alert.severity).toBe("CRITICAL");
  });

  test("production budgets need a billing account or a written waiver", () => {
    expect(problems("production", {})).toEqual([]);
    const noAccount = (() => {
      const base = rawConfigOf(readStackFiles(PROJECT_DIR, "production"));
      const values = structuredClone(base.values) as Json;
      delete (values.alerting as Json).billingAccount;
      try {
        loadStackConfig({ ...base, values });
        return [];
      } catch (e) {
        return (e as ConfigError).problems.map((x) => `${x.key}: ${x.rule}`);
      }
    })();
    expect(noAccount).toEqual(["neurastack:alerting.billingAccount: is required in production for the Neural Ledger's budget alerts (or set neuralLedger.budgetWaiver with the reason)"]);
    expect(problems("production", { neuralLedger: { budgetWaiver: "too short" } })).toEqual(["neurastack:neuralLedger.budgetWaiver: must give a reason of at least 20 characters"]);
  });

  test("the budget is billed to the project's quota (Billing Budgets API with user credentials)", () => {
    const budget = one(ledger(prod), "gcp:billing/budget:Budget", "neural-ledger-monitoring-budget-budget");
    const provider = prod.run.resources.find((r) => budget.provider?.startsWith(r.urn))!;
    expect(inputs(provider)).toMatchObject({ billingProject: "neurascale-production", userProjectOverride: "true" });
    expect((inputs(budget).allUpdatesRule as Json).monitoringNotificationChannels).toHaveLength(2);
  });

  test("the connector's network denies and logs unsolicited ingress", () => {
    const deny = inputs(one(ledger(prod), "gcp:compute/firewall:Firewall", "neural-ledger-network-deny-ingress"));
    expect(deny).toMatchObject({ direction: "INGRESS", priority: 65534, sourceRanges: ["0.0.0.0/0"], denies: [{ protocol: "all" }], logConfig: { metadata: "INCLUDE_ALL_METADATA" } });
    const network = one(ledger(prod), "gcp:compute/network:Network", "neural-ledger-network-vpc");
    expect(deny.network).toBe(network.wireOutputs.id);
    expect(inputs(network).name).toBe("neural-ledger");
  });

  test("the processor's runtime is checked against its support window on the plan date", () => {
    expect(checkRuntime("nodejs22", "2026-12-02")).toEqual({ ok: true });
    expect(checkRuntime("nodejs22", "2027-03-01").warning).toMatch(/deprecated after 2027-04-30/);
    expect(checkRuntime("nodejs22", "2027-06-01")).toMatchObject({ ok: true, warning: expect.stringMatching(/decommissioned after 2027-10-31/) });
    expect(checkRuntime("nodejs22", "2027-11-01")).toMatchObject({ ok: false, warning: expect.stringMatching(/no longer creates or updates/) });
  });
});
