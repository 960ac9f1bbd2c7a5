/**
 * Neural Ledger stack tests: the whole program planned offline for production and staging
 * (tests/harness.ts), asserting the guide's numbers, least-privilege IAM, CMEK on every store
 * and production protection.
 */
import { BIGQUERY, BIGTABLE, ENTRY_POINT, ENV } from "../functions/ledger-processor/layout";
import { descendantsOf, planStack, resourceOf, resourcesOf, type EngineResource, type Plan } from "./harness";

type Json = Record<string, unknown>;
const FN = "gcp:cloudfunctionsv2/function:Function";
const SUB = "gcp:pubsub/subscription:Subscription";
const TOPIC = "gcp:pubsub/topic:Topic";
const KEY = "gcp:kms/cryptoKey:CryptoKey";
const BT = "gcp:bigtable/instance:Instance";
const BT_TABLE = "gcp:bigtable/table:Table";
const FS = "gcp:firestore/database:Database";
const DS = "gcp:bigquery/dataset:Dataset";
const BQ_TABLE = "gcp:bigquery/table:Table";
const ALERT = "gcp:monitoring/alertPolicy:AlertPolicy";
const CHANNEL = "gcp:monitoring/notificationChannel:NotificationChannel";
const DAY = 86_400;

let prod: Plan;
let stg: Plan;
beforeAll(async () => {
  [prod, stg] = await Promise.all([planStack("production"), planStack("staging")]);
});

/** Every resource of the NeuralLedger component (its whole subtree). */
function ledger(p: Plan): EngineResource[] {
  return descendantsOf(p, resourceOf(p, "neurastack:systems:NeuralLedger").urn);
}
function one(p: Plan, type: string, name: string | RegExp): EngineResource {
  const found = ledger(p).filter((r) => r.type === type && (typeof name === "string" ? r.name === name : name.test(r.name)));
  if (found.length !== 1) throw new Error(`expected one ${type} ${String(name)}, found ${found.map((r) => r.name).join(", ") || "none"}`);
  return found[0];
}
const inputs = (r: EngineResource) => r.inputs as Json;
const keyId = (p: Plan, key: string) => inputs(one(p, KEY, `neural-ledger-keys-ring-${key}`)).keyRing + `/cryptoKeys/${key}`;
/** IAM member resources (any *IAMMember / *IamMember type) of the system. */
const iamMembers = (p: Plan) => ledger(p).filter((r) => /iam(member)?:/i.test(r.type.split("/")[1] ?? "") || /IamMember|IAMMember/.test(r.type));
const functionOf = (p: Plan) => one(p, FN, "neural-ledger-processor-function");
const serviceConfig = (p: Plan) => inputs(functionOf(p)).serviceConfig as Json;

describe("production: the guide's numbers", () => {
  test("Bigtable: instance neural-ledger, 3 SSD nodes per cluster, deletion protection, CMEK, a replica cluster in the second region", () => {
    const instance = one(prod, BT, "neural-ledger-bigtable-instance");
    const i = inputs(instance);
    expect(i.name).toBe("neural-ledger");
    expect(i.deletionProtection).toBe(true);
    const clusters = i.clusters as Json[];
    expect(clusters).toHaveLength(2);
    expect(clusters[0]).toMatchObject({ clusterId: "neural-ledger-c1", zone: "northamerica-northeast1-a", numNodes: 3, storageType: "SSD", kmsKeyName: keyId(prod, "bigtable-cmek") });
    // Each cluster's key is in its own region (Bigtable CMEK).
    const replicaKey = String(inputs(one(prod, KEY, "neural-ledger-keys-ring-northamerica-northeast2-bigtable-cmek")).keyRing) + "/cryptoKeys/bigtable-cmek";
    expect(replicaKey).toMatch(/locations\/northamerica-northeast2\//);
    expect(clusters[1]).toMatchObject({ clusterId: "neural-ledger-c2", zone: "northamerica-northeast2-a", numNodes: 3, storageType: "SSD", kmsKeyName: replicaKey });
    expect(instance.options.protect).toBe(true);
  });

  test("Bigtable tables and families come from the handler layout, with GC rules and automated backups", () => {
    const events = inputs(one(prod, BT_TABLE, "neural-ledger-bigtable-events"));
    const heads = inputs(one(prod, BT_TABLE, "neural-ledger-bigtable-heads"));
    expect(events).toMatchObject({ name: BIGTABLE.eventsTable, columnFamilies: [{ family: BIGTABLE.eventsFamily }], deletionProtection: "PROTECTED" });
    expect(heads).toMatchObject({ name: BIGTABLE.headsTable, columnFamilies: [{ family: BIGTABLE.headsFamily }, { family: BIGTABLE.indexFamily }], deletionProtection: "PROTECTED" });
    // Production backup retention (365 d) exceeds Bigtable's 90-day maximum: clamped. Spelled as
    // Go prints durations, which is how the provider reads them back (no diff on every preview).
    expect(events.automatedBackupPolicy).toEqual({ frequency: "24h0m0s", retentionPeriod: `${90 * 24}h0m0s` });
    const gc = ledger(prod).filter((r) => r.type === "gcp:bigtable/gCPolicy:GCPolicy").map(inputs);
    expect(gc.find((g) => g.columnFamily === BIGTABLE.eventsFamily)?.maxAge).toEqual({ duration: `${2190 * 24}h` });
    // Heads never age out (an idle stream resumes its chain); the dedup index ages with the events.
    const headsGc = gc.find((g) => g.columnFamily === BIGTABLE.headsFamily);
    expect(headsGc).toMatchObject({ maxVersions: [{ number: 1 }] });
    expect(headsGc?.maxAge).toBeUndefined();
    const indexGc = gc.find((g) => g.columnFamily === BIGTABLE.indexFamily);
    expect(indexGc).toMatchObject({ mode: "UNION", maxVersions: [{ number: 1 }], maxAge: { duration: `${2190 * 24}h` } });
  });

  test("Cloud Function gen2: nodejs22, 1024 MB, 540 s, 500 instances, private egress through the connector", () => {
    const fn = inputs(functionOf(prod));
    expect(fn.name).toBe("neural-ledger-processor");
    expect(fn.buildConfig).toMatchObject({ runtime: "nodejs22", entryPoint: ENTRY_POINT });
    const sc = serviceConfig(prod);
    expect(sc).toMatchObject({ availableMemory: "1024Mi", timeoutSeconds: 540, maxInstanceCount: 500, vpcConnectorEgressSettings: "PRIVATE_RANGES_ONLY", ingressSettings: "ALLOW_INTERNAL_ONLY" });
    const connector = one(prod, "gcp:vpcaccess/connector:Connector", /connector$/);
    expect(inputs(connector).name).toBe("neural-ledger-connector");
    expect(sc.vpcConnector).toBe(`projects/neurascale-production/locations/northamerica-northeast1/connectors/neural-ledger-connector`);
    expect(fn.kmsKeyName).toBe(keyId(prod, "functions-cmek"));
  });

  test("the function gets every environment variable of the handler contract", () => {
    const env = serviceConfig(prod).environmentVariables as Json;
    const required = [ENV.projectId, ENV.region, ENV.environment, ENV.bigtableInstance, ENV.bigtableAppProfile, ENV.bigqueryDataset, ENV.kmsKeyring, ENV.kmsKey, ENV.firestoreDatabase, ENV.acceptedTopic, ENV.deadLetterTopic, ENV.logLevel];
    for (const name of required) expect(env[name]).toEqual(expect.any(String));
    expect(env).toMatchObject({
      [ENV.projectId]: "neurascale-production",
      [ENV.region]: "northamerica-northeast1",
      [ENV.environment]: "production",
      [ENV.bigtableInstance]: "neural-ledger",
      [ENV.bigqueryDataset]: "neural_ledger",
      [ENV.kmsKeyring]: inputs(one(prod, "gcp:kms/keyRing:KeyRing", "neural-ledger-keys-ring-ring")).name,
      [ENV.bigtableAppProfile]: "neural-ledger-processor",
      [ENV.kmsKey]: "signing-key",
      [ENV.acceptedTopic]: "neural-ledger-accepted",
    });
  });

  test("the source is the bundle in a private CMEK bucket", () => {
    const bucket = inputs(one(prod, "gcp:storage/bucket:Bucket", /source-bucket$/));
    expect(bucket).toMatchObject({ publicAccessPrevention: "enforced", uniformBucketLevelAccess: true, encryption: { defaultKmsKeyName: keyId(prod, "source-cmek") } });
    const object = inputs(one(prod, "gcp:storage/bucketObject:BucketObject", /source-object$/));
    expect(object.name).toMatch(/^ledger-processor-[0-9a-f]{16}\.zip$/);
    expect((inputs(functionOf(prod)).buildConfig as Json).source).toEqual({ storageSource: { bucket: bucket.name, object: object.name } });
  });

  test("VPC subnet has flow logs and Private Google Access", () => {
    const subnet = inputs(one(prod, "gcp:compute/subnetwork:Subnetwork", /subnet$/));
    expect(subnet).toMatchObject({ privateIpGoogleAccess: true, ipCidrRange: "10.8.0.0/28" });
    expect(subnet.logConfig).toMatchObject({ aggregationInterval: expect.any(String), flowSampling: expect.any(Number) });
  });

  test("Pub/Sub: CMEK topic with retention, processor subscription with dead letters, retries and ordering", () => {
    const events = inputs(one(prod, TOPIC, "neural-ledger-pubsub-events"));
    expect(events).toMatchObject({ name: "neural-ledger-events", kmsKeyName: keyId(prod, "pubsub-cmek"), messageRetentionDuration: `${31 * DAY}s`, messageStoragePolicy: { allowedPersistenceRegions: ["northamerica-northeast1"] } });
    const sub = inputs(one(prod, SUB, "neural-ledger-processor-subscription"));
    expect(sub).toMatchObject({
      name: "neural-ledger-processor",
      enableMessageOrdering: true,
      deadLetterPolicy: { deadLetterTopic: "projects/neurascale-production/topics/neural-ledger-dead-letter", maxDeliveryAttempts: 10 },
      retryPolicy: { minimumBackoff: "10s", maximumBackoff: "600s" },
      topic: "projects/neurascale-production/topics/neural-ledger-events",
    });
    const push = sub.pushConfig as { pushEndpoint: string; oidcToken: { serviceAccountEmail: string } };
    expect(push.pushEndpoint).toMatch(/^https:\/\/neural-ledger-processor/);
    expect(push.oidcToken.serviceAccountEmail).toBe("neural-ledger-push@neurascale-production.iam.gserviceaccount.com");
  });

  test("accepted events reach BigQuery through a BigQuery subscription the Pub/Sub agent may write with", () => {
    const sub = inputs(one(prod, SUB, "neural-ledger-bigquery-subscription"));
    expect(sub.topic).toBe("projects/neurascale-production/topics/neural-ledger-accepted");
    expect(sub.bigqueryConfig).toMatchObject({ table: "neurascale-production.neural_ledger.events", useTableSchema: true });
    const agent = "serviceAccount:service-123456789012@gcp-sa-pubsub.iam.gserviceaccount.com";
    const agentGrants = iamMembers(prod).filter((r) => inputs(r).member === agent).map((r) => `${r.type.split(":")[1].split("/")[0]} ${String(inputs(r).role)}`);
    expect(agentGrants).toEqual(expect.arrayContaining(["bigquery roles/bigquery.dataEditor", "pubsub roles/pubsub.publisher", "pubsub roles/pubsub.subscriber"]));
  });

  test("Firestore: native mode, PITR, delete protection, CMEK, daily (and weekly) backups", () => {
    const db = one(prod, FS, /database$/);
    expect(inputs(db)).toMatchObject({
      type: "FIRESTORE_NATIVE",
      pointInTimeRecoveryEnablement: "POINT_IN_TIME_RECOVERY_ENABLED",
      deleteProtectionState: "DELETE_PROTECTION_ENABLED",
      cmekConfig: { kmsKeyName: keyId(prod, "firestore-cmek") },
    });
    expect(db.options.protect).toBe(true);
    const schedules = ledger(prod).filter((r) => r.type === "gcp:firestore/backupSchedule:BackupSchedule").map(inputs);
    expect(schedules.find((s) => s.dailyRecurrence)?.retention).toBe(`${7 * DAY}s`);
    expect(schedules.find((s) => s.weeklyRecurrence)?.retention).toBe(`${98 * DAY}s`);
  });

  test("BigQuery: dataset neural_ledger with CMEK default, events table partitioned by day, clustered, kept for the long-term retention", () => {
    const ds = one(prod, DS, "neural-ledger-bigquery-dataset");
    expect(inputs(ds)).toMatchObject({ datasetId: "neural_ledger", location: "northamerica-northeast1", defaultEncryptionConfiguration: { kmsKeyName: keyId(prod, "bigquery-cmek") } });
    const table = one(prod, BQ_TABLE, "neural-ledger-bigquery-events");
    expect(inputs(table)).toMatchObject({
      tableId: BIGQUERY.eventsTable,
      timePartitioning: { type: "DAY", field: "timestamp", expirationMs: 2190 * DAY * 1000 },
      clusterings: [...BIGQUERY.clusterFields],
      deletionProtection: true,
      encryptionConfiguration: { kmsKeyName: keyId(prod, "bigquery-cmek") },
    });
    expect(JSON.parse(String(inputs(table).schema))).toEqual(BIGQUERY.schema);
    expect([ds.options.protect, table.options.protect]).toEqual([true, true]);
  });

  test("KMS: signing key EC P-256 in an HSM, every CMEK key rotates within 90 days", () => {
    const signing = inputs(one(prod, KEY, /signing-key$/));
    expect(signing).toMatchObject({ name: "signing-key", purpose: "ASYMMETRIC_SIGN", versionTemplate: { algorithm: "EC_SIGN_P256_SHA256", protectionLevel: "HSM" } });
    const cmek = ledger(prod).filter((r) => r.type === KEY && inputs(r).purpose === "ENCRYPT_DECRYPT");
    // The replica region holds the keys of the Bigtable replica cluster and the replica dataset.
    expect(cmek.map((k) => inputs(k).name).sort()).toEqual(["bigquery-cmek", "bigquery-cmek", "bigtable-cmek", "bigtable-cmek", "firestore-cmek", "functions-cmek", "pubsub-cmek", "source-cmek"]);
    for (const k of cmek) expect(parseInt(String(inputs(k).rotationPeriod), 10)).toBeLessThanOrEqual(90 * DAY);
  });

  test("service agents hold encrypter/decrypter only on the key of the store they serve", () => {
    const grants = ledger(prod).filter((r) => r.type === "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember" && inputs(r).role === "roles/cloudkms.cryptoKeyEncrypterDecrypter");
    const keysOf = (agent: string) => grants.filter((g) => String(inputs(g).member).includes(agent)).map((g) => String(inputs(g).cryptoKeyId).split("/").pop()).sort();
    expect(keysOf("gcp-sa-pubsub")).toEqual(["pubsub-cmek"]);
    expect(keysOf("gcp-sa-bigtable")).toEqual(["bigtable-cmek", "bigtable-cmek"]);
    expect(keysOf("gcp-sa-firestore")).toEqual(["firestore-cmek"]);
    expect(keysOf("bigquery-encryption")).toEqual(["bigquery-cmek", "bigquery-cmek"]);
    expect(keysOf("gcf-admin-robot")).toEqual(["functions-cmek"]);
    // Storage encrypts our source bucket and the function's staged source copy.
    expect(keysOf("gs-project-accounts")).toEqual(["functions-cmek", "source-cmek"]);
    for (const g of grants) expect(String(inputs(g).member)).toMatch(/^serviceAccount:(service-|bq-)\d+@/);
  });

  test("alert policies carry the guide's thresholds and notify the configured emails", () => {
    const alerts = ledger(prod).filter((r) => r.type === ALERT).map(inputs);
    const cond = (match: RegExp) => {
      const a = alerts.find((x) => match.test(String(x.displayName)));
      if (!a) throw new Error(`no alert ${match}`);
      return (a.conditions as Json[])[0].conditionThreshold as Json;
    };
    const errorRate = cond(/error rate/);
    expect(errorRate).toMatchObject({ comparison: "COMPARISON_GT", thresholdValue: 0.01, duration: "300s", denominatorFilter: expect.stringContaining("run.googleapis.com/request_count") });
    const p99 = cond(/p99/);
    expect(p99).toMatchObject({ thresholdValue: 200, duration: "600s", filter: expect.stringContaining("neural_ledger/processing_latency") });
    expect((p99.aggregations as Json[])[0].crossSeriesReducer).toBe("REDUCE_PERCENTILE_99");
    expect(cond(/chain integrity/)).toMatchObject({ thresholdValue: 0, duration: "0s", comparison: "COMPARISON_GT" });
    const failures = cond(/function failures/);
    expect(failures).toMatchObject({ thresholdValue: 5, duration: "0s" });
    expect((failures.aggregations as Json[])[0]).toMatchObject({ alignmentPeriod: "60s", perSeriesAligner: "ALIGN_DELTA" });
    expect(alerts.some((a) => /storage unavailable/.test(String(a.displayName)))).toBe(true);

    const channels = ledger(prod).filter((r) => r.type === CHANNEL).map(inputs);
    expect(channels.map((c) => (c.labels as Json).email_address).sort()).toEqual(["platform-oncall@neurascale.example", "security@neurascale.example"]);
    for (const a of alerts) expect(a.notificationChannels).toHaveLength(2);
  });

  test("dashboard shows latency percentiles, events per minute, storage latency by tier, violations, function metrics", () => {
    const json = JSON.parse(String(inputs(one(prod, "gcp:monitoring/dashboard:Dashboard", /dashboard$/)).dashboardJson));
    const titles: string[] = json.mosaicLayout.tiles.map((t: { widget: { title: string } }) => t.widget.title);
    for (const t of [/p50 \/ p95 \/ p99/, /per minute/, /by tier/, /[Cc]hain/, /Function requests/, /Function instances/]) expect(titles.some((x) => t.test(x))).toBe(true);
  });

  test("data-access audit logs for the ledger's services", () => {
    const audited = ledger(prod).filter((r) => r.type === "gcp:projects/iAMAuditConfig:IAMAuditConfig").map(inputs);
    expect(audited.map((a) => a.service)).toEqual(expect.arrayContaining(["bigtable.googleapis.com", "datastore.googleapis.com", "bigquery.googleapis.com", "pubsub.googleapis.com", "cloudkms.googleapis.com"]));
    for (const a of audited) expect((a.auditLogConfigs as Json[]).map((c) => c.logType)).toEqual(["ADMIN_READ", "DATA_READ", "DATA_WRITE"]);
  });
});

describe("least privilege", () => {
  const FN_SA = "serviceAccount:neural-ledger-processor@neurascale-production.iam.gserviceaccount.com";

  test("the function's service account has exactly its resource-level grants", () => {
    expect(serviceConfig(prod).serviceAccountEmail).toBe("neural-ledger-processor@neurascale-production.iam.gserviceaccount.com");
    const grants = iamMembers(prod).filter((r) => inputs(r).member === FN_SA);
    const summary = grants.map((g) => {
      const i = inputs(g);
      const target = String(i.cryptoKeyId ?? i.topic ?? i.instance ?? i.datasetId ?? i.project).split("/").pop();
      return `${g.type.split(":")[2]} ${target} ${String(i.role)}`;
    }).sort();
    expect(summary).toEqual([
      "CryptoKeyIAMMember signing-key roles/cloudkms.signerVerifier",
      "IAMMember neurascale-production roles/datastore.user",
      "InstanceIamMember neural-ledger roles/bigtable.user",
      "TopicIAMMember neural-ledger-accepted roles/pubsub.publisher",
      "TopicIAMMember neural-ledger-dead-letter roles/pubsub.publisher",
    ]);
    // The one project-level grant is narrowed to the ledger's Firestore database.
    const project = grants.find((g) => g.type === "gcp:projects/iAMMember:IAMMember");
    expect((inputs(project!).condition as Json).expression).toBe('resource.name == "projects/neurascale-production/databases/neural-ledger"');
  });

  test("no primitive roles; project-level grants only where no resource-level IAM exists", () => {
    const all = iamMembers(prod);
    expect(all.length).toBeGreaterThan(20);
    for (const r of all) expect(["roles/owner", "roles/editor", "roles/viewer"]).not.toContain(inputs(r).role);
    const projectLevel = all.filter((r) => r.type === "gcp:projects/iAMMember:IAMMember").map((r) => String(inputs(r).role)).sort();
    // The snapshot account runs its scheduled query as a BigQuery job (jobs have no resource-level IAM).
    expect(projectLevel).toEqual(["roles/bigquery.jobUser", "roles/cloudbuild.builds.builder", "roles/datastore.user"]);
  });

  test("the push identity may only invoke the function's service", () => {
    const push = iamMembers(prod).filter((r) => inputs(r).member === "serviceAccount:neural-ledger-push@neurascale-production.iam.gserviceaccount.com");
    expect(push.map((r) => [r.type, inputs(r).role, inputs(r).name])).toEqual([["gcp:cloudrunv2/serviceIamMember:ServiceIamMember", "roles/run.invoker", "neural-ledger-processor"]]);
  });
});

describe("every store is labelled, encrypted, placed by the system's provider", () => {
  test.each([["production"], ["staging"]])("%s: data stores carry phi data labels", (stack) => {
    const p = stack === "production" ? prod : stg;
    const stores = ledger(p).filter((r) => [BT, DS, BQ_TABLE, TOPIC, SUB].includes(r.type));
    expect(stores.length).toBeGreaterThanOrEqual(9);
    for (const s of stores) {
      expect(inputs(s).labels).toMatchObject({ "data-classification": "phi", jurisdiction: "hipaa-us", system: "neural-ledger", environment: stack });
    }
  });

  test("every GCP resource of the system uses its own provider", () => {
    const provider = resourceOf(prod, "pulumi:providers:gcp", "neural-ledger-gcp");
    expect(inputs(provider)).toMatchObject({ project: "neurascale-production", region: "northamerica-northeast1" });
    // The budget is billed to the project's quota (its own provider: billingProject + userProjectOverride).
    const billing = resourceOf(prod, "pulumi:providers:gcp", "neural-ledger-monitoring-budget-provider");
    expect(inputs(billing)).toMatchObject({ project: "neurascale-production", billingProject: "neurascale-production", userProjectOverride: "true" });
    const gcpResources = ledger(prod).filter((r) => r.type.startsWith("gcp:"));
    expect(gcpResources.length).toBeGreaterThan(80);
    for (const r of gcpResources) expect(r.provider).toBe(r.type === "gcp:billing/budget:Budget" ? billing.urn : provider.urn);
  });

  test("the guide's APIs are enabled and never disabled on destroy", () => {
    const services = ledger(prod).filter((r) => r.type === "gcp:projects/service:Service").map(inputs);
    // The guide's "Required GCP APIs" list, written out here so a missing API fails the test.
    const guide = ["cloudresourcemanager", "cloudbuild", "cloudfunctions", "pubsub", "bigtable", "firestore", "bigquery", "cloudkms", "monitoring", "logging", "secretmanager"];
    expect(services.map((s) => s.service)).toEqual(expect.arrayContaining(guide.map((api) => `${api}.googleapis.com`)));
    for (const s of services) expect(s.disableOnDestroy).toBe(false);
  });

  test("production protects every stateful resource; staging protects none", () => {
    const stateful = (p: Plan) => ledger(p).filter((r) => [BT, BT_TABLE, FS, DS, BQ_TABLE, TOPIC, KEY, "gcp:kms/keyRing:KeyRing", "gcp:storage/bucket:Bucket"].includes(r.type));
    expect(stateful(prod).length).toBeGreaterThanOrEqual(stateful(stg).length);
    expect(stateful(stg).length).toBeGreaterThan(10);
    for (const r of stateful(prod)) expect([r.name, r.options.protect]).toEqual([r.name, true]);
    for (const r of stateful(stg)) expect([r.name, r.options.protect]).toEqual([r.name, false]);
  });
});

describe("staging: the guide's cost-optimised differences", () => {
  test("1 Bigtable node, no deletion protection anywhere", () => {
    const i = inputs(one(stg, BT, /instance$/));
    expect((i.clusters as Json[])[0]).toMatchObject({ numNodes: 1, storageType: "SSD" });
    expect(i.deletionProtection).toBe(false);
    expect(inputs(one(stg, BT_TABLE, /events$/)).deletionProtection).toBe("UNPROTECTED");
    expect(inputs(one(stg, BQ_TABLE, "neural-ledger-bigquery-events")).deletionProtection).toBe(false);
    expect(inputs(one(stg, FS, /database$/)).deleteProtectionState).toBe("DELETE_PROTECTION_DISABLED");
  });

  test("7-day retention on topics, BigQuery partitions and Bigtable GC", () => {
    expect(inputs(one(stg, TOPIC, "neural-ledger-pubsub-events")).messageRetentionDuration).toBe(`${7 * DAY}s`);
    expect((inputs(one(stg, BQ_TABLE, "neural-ledger-bigquery-events")).timePartitioning as Json).expirationMs).toBe(7 * DAY * 1000);
    const gc = ledger(stg).filter((r) => r.type === "gcp:bigtable/gCPolicy:GCPolicy").map(inputs);
    expect(gc.find((g) => g.columnFamily === BIGTABLE.eventsFamily)?.maxAge).toEqual({ duration: `${7 * 24}h` });
    expect(ledger(stg).filter((r) => r.type === "gcp:firestore/backupSchedule:BackupSchedule")).toHaveLength(1);
  });

  test("lower function memory, no VPC connector, no network, no audit configs, software signing key", () => {
    const memory = (p: Plan) => parseInt(String(serviceConfig(p).availableMemory), 10);
    expect(memory(stg)).toBeLessThan(memory(prod));
    expect(serviceConfig(stg).availableMemory).toBe("512Mi");
    expect(serviceConfig(stg).vpcConnector).toBeUndefined();
    expect(serviceConfig(stg).vpcConnectorEgressSettings).toBeUndefined();
    for (const type of ["gcp:vpcaccess/connector:Connector", "gcp:compute/network:Network", "gcp:compute/subnetwork:Subnetwork", "gcp:projects/iAMAuditConfig:IAMAuditConfig"]) {
      expect(ledger(stg).filter((r) => r.type === type)).toHaveLength(0);
    }
    expect((inputs(one(stg, KEY, /signing-key$/)).versionTemplate as Json).protectionLevel).toBe("SOFTWARE");
  });

  test("no budget without a billing account (staging); production names one", () => {
    expect(resourcesOf(stg, "gcp:billing/budget:Budget")).toHaveLength(0);
    expect(resourcesOf(prod, "gcp:billing/budget:Budget").map((b) => inputs(b).billingAccount)).toEqual([prod.run.config.alerting.billingAccount]);
  });
});
