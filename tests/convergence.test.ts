/**
 * ConvergenceApi (issue 7, seed 001) through the offline engine, for both stacks: the guide's
 * per-stack numbers, exact IAM, the traffic split, the admin key's secrecy, the production
 * load balancer, monitoring and the stack outputs.
 */
import { descendantsOf, planStack, resourceOf, type EngineResource, type Plan } from "./harness";
import { SECRET_SIG, SIG_KEY } from "../tools/engine/wire";
import { GCP_REGIONS, residencyAllows } from "../stacks/regions";

const STACKS = ["staging", "production"] as const;
type Stack = (typeof STACKS)[number];
const PROJECT: Record<Stack, string> = { staging: "neurascale-convergence-stg", production: "neurascale-convergence-prod" };
const SUFFIX: Record<Stack, string> = { staging: "staging", production: "prod" };

/** The guide's `gcloud run deploy` flags per stack. */
const GUIDE: Record<Stack, { memory: string; cpu: string; timeout: string; concurrency: number; min: number; max: number }> = {
  staging: { memory: "2Gi", cpu: "2", timeout: "300s", concurrency: 100, min: 1, max: 10 },
  production: { memory: "4Gi", cpu: "4", timeout: "300s", concurrency: 200, min: 2, max: 50 },
};

const SERVICE = "gcp:cloudrunv2/service:Service";
type Json = Record<string, unknown>;

function system(p: Plan): EngineResource[] {
  const root = resourceOf(p, "neurastack:systems:ConvergenceApi", "convergence-api");
  return descendantsOf(p, root.urn);
}
/** This system's resources of a type (other systems build datasets and services too). */
function mine(p: Plan, type: string, name?: string): EngineResource[] {
  return system(p).filter((r) => r.type === type && (name === undefined || r.name === name));
}
/** Exactly one of this system's resources of a type (and name). */
function one(p: Plan, type: string, name?: string): EngineResource {
  const found = mine(p, type, name);
  if (found.length !== 1) throw new Error(`expected one ${type} ${name ?? ""} in convergence-api, found ${found.map((r) => r.name).join(", ") || "none"}`);
  return found[0];
}
const inputs = (r: EngineResource) => r.inputs as Json;
const container = (p: Plan) => ((inputs(one(p, SERVICE)).template as Json).containers as Json[])[0];
const envOf = (p: Plan) => Object.fromEntries((container(p).envs as Json[]).map((e) => [e.name, e.value ?? e.valueSource]));
/** The key ring id: convergence-keyring-<suffix>-<deployment suffix> (key rings are never freed by GCP). */
const ringName = (p: Plan) => String(inputs(one(p, "gcp:kms/keyRing:KeyRing", "convergence-api-keys-ring-us-central1")).name);
const saEmail = (stack: Stack) => `convergence-api-${SUFFIX[stack]}@${PROJECT[stack]}.iam.gserviceaccount.com`;

/**
 * A plan whose `neurastack:convergence` key is replaced (presets still merge under it). By
 * default only this system is built, which keeps variant plans fast; `wholeProgram` builds all.
 */
const withConvergence = (stack: Stack, settings: Json, wholeProgram = false) =>
  planStack(stack, { overrides: { ...(wholeProgram ? {} : { systems: ["convergence"] }), convergence: { projectId: PROJECT[stack], ...settings } } });

describe.each(STACKS)("%s", (stack) => {
  let p: Plan;
  beforeAll(async () => {
    p = await planStack(stack);
  }, 300_000);

  test("the Cloud Run service has the guide's name and sizing", () => {
    const service = inputs(one(p, SERVICE));
    const template = service.template as Json;
    const limits = (container(p).resources as Json).limits as Json;
    const g = GUIDE[stack];
    expect(service.name).toBe(`convergence-api-${SUFFIX[stack]}`);
    expect(service.project).toBe(PROJECT[stack]);
    expect(service.location).toBe("us-central1");
    expect(limits).toEqual({ memory: g.memory, cpu: g.cpu });
    expect(template.timeout).toBe(g.timeout);
    expect(template.maxInstanceRequestConcurrency).toBe(g.concurrency);
    expect(template.scaling).toEqual({ minInstanceCount: g.min, maxInstanceCount: g.max });
    expect(template.serviceAccount).toBe(saEmail(stack));
    expect(service.deletionProtection).toBe(stack === "production");
  });

  test("env vars name the project, the KMS key and the admin key secret's latest version", () => {
    expect(envOf(p)).toMatchObject({
      ENVIRONMENT: stack,
      GCP_PROJECT_ID: PROJECT[stack],
      KMS_LOCATION: "us-central1",
      KMS_KEYRING: ringName(p),
      BIGQUERY_LOCATION: "US",
      // The bootstrap creates its tables in the dataset this program owns.
      BIGQUERY_DATASET: String(inputs(one(p, "gcp:bigquery/dataset:Dataset")).datasetId),
      KMS_KEY: "api-key-encryption",
      LOG_LEVEL: "INFO",
      ADMIN_API_KEY: { secretKeyRef: { secret: `admin-api-key-${SUFFIX[stack]}`, version: "latest" } },
    });
  });

  test("startup and liveness probes call /health", () => {
    const c = container(p);
    expect(((c.startupProbe as Json).httpGet as Json).path).toBe("/health");
    expect(((c.livenessProbe as Json).httpGet as Json).path).toBe("/health");
  });

  test("KMS: key ring and ENCRYPT_DECRYPT key with rotation <= 90 days", () => {
    const key = inputs(one(p, "gcp:kms/cryptoKey:CryptoKey", "convergence-api-keys-app"));
    const ring = inputs(one(p, "gcp:kms/keyRing:KeyRing", "convergence-api-keys-ring-us-central1"));
    expect(ring).toMatchObject({ location: "us-central1" });
    expect(String(ring.name)).toMatch(new RegExp(`^convergence-keyring-${SUFFIX[stack]}-[0-9a-f]{6}$`));
    expect(key.keyRing).toBe(`projects/${PROJECT[stack]}/locations/us-central1/keyRings/${ringName(p)}`);
    expect(key.name).toBe("api-key-encryption");
    for (const k of mine(p, "gcp:kms/cryptoKey:CryptoKey")) {
      expect(inputs(k).purpose).toBe("ENCRYPT_DECRYPT");
      expect(parseInt(String(inputs(k).rotationPeriod), 10)).toBeLessThanOrEqual(90 * 86_400);
    }
  });

  test("the secret replicates only where the jurisdiction allows, each replica under a CMEK key of its own location", () => {
    const secret = inputs(one(p, "gcp:secretmanager/secret:Secret", "convergence-api-admin-key-secret"));
    const labels = secret.labels as Json;
    expect(secret.secretId).toBe(`admin-api-key-${SUFFIX[stack]}`);
    expect(labels.jurisdiction).toBe(p.run.config.convergence!.jurisdiction);
    expect(labels["data-classification"]).toBe("confidential");
    const replicas = ((secret.replication as Json).userManaged as Json).replicas as Json[];
    expect(replicas.length).toBeGreaterThan(0);
    for (const replica of replicas) {
      const location = String(replica.location);
      expect(residencyAllows(labels.jurisdiction as "hipaa-us", GCP_REGIONS[location])).toBe(true);
      expect(String((replica.customerManagedEncryption as Json).kmsKeyName)).toMatch(new RegExp(`^projects/${PROJECT[stack]}/locations/${location}/keyRings/`));
    }
    expect((secret.replication as Json).auto).toBeUndefined();
  });

  test("rotation: 90-day period on the configured schedule, events to the rotation topic", () => {
    const secret = inputs(one(p, "gcp:secretmanager/secret:Secret", "convergence-api-admin-key-secret"));
    const rotation = secret.rotation as Json;
    expect(rotation.rotationPeriod).toBe(`${90 * 86_400}s`);
    const sinceAnchor = Date.parse(String(rotation.nextRotationTime)) - Date.parse(p.run.config.convergence!.secretRotationAnchor);
    expect(sinceAnchor % (90 * 86_400_000)).toBe(0);
    const topic = one(p, "gcp:pubsub/topic:Topic", "convergence-api-admin-key-rotation");
    expect(secret.topics).toEqual([{ name: `projects/${PROJECT[stack]}/topics/${inputs(topic).name}` }]);
    expect((inputs(topic).messageStoragePolicy as Json).allowedPersistenceRegions).toEqual(["us-central1"]);
  });

  test("BigQuery dataset: location from config, CMEK in the same location, PII labels", () => {
    const ds = inputs(one(p, "gcp:bigquery/dataset:Dataset"));
    expect(ds.location).toBe("US");
    expect(String((ds.defaultEncryptionConfiguration as Json).kmsKeyName)).toMatch(/\/locations\/us\/keyRings\//);
    expect(ds.labels).toMatchObject({ "data-classification": "pii", jurisdiction: "hipaa-us" });
    // Storage limitation by partition age only: a default table expiration would delete tenant tables.
    expect(ds.defaultPartitionExpirationMs).toBe(p.run.config.convergence!.partitionExpirationDays * 86_400_000);
    expect(ds.defaultTableExpirationMs).toBeUndefined();
  });

  test("IAM: exact roles for exact members, nothing broader", () => {
    const sa = `serviceAccount:${saEmail(stack)}`;
    const secretAgent = "serviceAccount:service-123456789012@gcp-sa-secretmanager.iam.gserviceaccount.com";
    const pubsubAgent = "serviceAccount:service-123456789012@gcp-sa-pubsub.iam.gserviceaccount.com";
    const bigqueryAgent = "serviceAccount:bq-123456789012@bigquery-encryption.iam.gserviceaccount.com";
    const ring = (location: string) => `projects/${PROJECT[stack]}/locations/${location}/keyRings/${ringName(p)}/cryptoKeys`;
    const iam = system(p).filter((r) => /iam(member|binding|policy)|iamauditconfig/i.test(r.type.split(":")[2] ?? ""));
    const found = iam
      .map((r) => {
        const i = inputs(r);
        const target = i.cryptoKeyId ?? i.secretId ?? i.topic ?? (r.type.includes("cloudrunv2") ? `run:${String(i.name)}` : `project:${String(i.project)}`);
        return `${r.type.split(":")[2]} ${String(target)} ${String(i.role)} ${String(i.member)}`;
      })
      .filter((line) => !line.startsWith("IAMAuditConfig"))
      .sort();
    const expected = [
      `CryptoKeyIAMMember ${ring("us-central1")}/api-key-encryption roles/cloudkms.cryptoKeyEncrypterDecrypter ${sa}`,
      `CryptoKeyIAMMember ${ring("us-central1")}/convergence-data-cmek roles/cloudkms.cryptoKeyEncrypterDecrypter ${secretAgent}`,
      `CryptoKeyIAMMember ${ring("us-central1")}/convergence-data-cmek roles/cloudkms.cryptoKeyEncrypterDecrypter ${pubsubAgent}`,
      `CryptoKeyIAMMember ${ring("us-east1")}/convergence-data-cmek roles/cloudkms.cryptoKeyEncrypterDecrypter ${secretAgent}`,
      `CryptoKeyIAMMember ${ring("us")}/convergence-data-cmek roles/cloudkms.cryptoKeyEncrypterDecrypter ${bigqueryAgent}`,
      `SecretIamMember admin-api-key-${SUFFIX[stack]} roles/secretmanager.secretAccessor ${sa}`,
      `TopicIAMMember projects/${PROJECT[stack]}/topics/admin-api-key-rotation-${SUFFIX[stack]} roles/pubsub.publisher ${secretAgent}`,
      // BigQuery User, not the guide's bigquery.admin: jobs and dataset creation, no data access by itself.
      `IAMMember project:${PROJECT[stack]} roles/bigquery.user ${sa}`,
      `ServiceIamMember run:convergence-api-${SUFFIX[stack]} roles/run.invoker allUsers`,
    ].sort();
    expect(found).toEqual(expected);
    // Authoritative bindings/policies would remove other members; none are used.
    expect(iam.filter((r) => /binding|policy:/i.test(r.type))).toEqual([]);
    // The dataset's access list is exactly the service account (writer).
    expect(inputs(one(p, "gcp:bigquery/dataset:Dataset")).accesses).toEqual([{ role: "WRITER", userByEmail: saEmail(stack) }]);
  });

  test("public access is the one resource named convergence-api-public-invoker", () => {
    const invoker = one(p, "gcp:cloudrunv2/serviceIamMember:ServiceIamMember");
    expect(invoker.name).toBe("convergence-api-public-invoker");
    expect(inputs(invoker)).toMatchObject({ role: "roles/run.invoker", member: "allUsers", location: "us-central1" });
  });

  test("every GCP resource uses the system's explicit provider; stateful ones are protected in production", () => {
    const mine = system(p).filter((r) => r.type.startsWith("gcp:"));
    expect(mine.length).toBeGreaterThan(30);
    for (const r of mine) expect(r.provider).toMatch(/::convergence-api-gcp$/);
    const stateful = ["gcp:kms/keyRing:KeyRing", "gcp:kms/cryptoKey:CryptoKey", "gcp:secretmanager/secret:Secret", "gcp:bigquery/dataset:Dataset"];
    for (const r of mine.filter((x) => stateful.includes(x.type))) expect([r.name, r.options.protect]).toEqual([r.name, stack === "production"]);
  });

  test("monitoring: uptime check on /health and the guide's alert thresholds to every alert e-mail", () => {
    const uptime = inputs(one(p, "gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig"));
    expect((uptime.httpCheck as Json).path).toBe("/health");
    const channels = mine(p, "gcp:monitoring/notificationChannel:NotificationChannel");
    expect(channels.map((c) => (inputs(c).labels as Json).email_address).sort()).toEqual([...p.run.config.alerting.emails].sort());
    const policies = mine(p, "gcp:monitoring/alertPolicy:AlertPolicy");
    const threshold = (suffix: string) => {
      const policy = inputs(policies.find((r) => r.name === `convergence-api-monitoring-${suffix}`)!);
      expect((policy.notificationChannels as string[]).length).toBe(channels.length);
      return ((policy.conditions as Json[])[0].conditionThreshold as Json);
    };
    expect(threshold("health")).toMatchObject({ comparison: "COMPARISON_GT", duration: "120s" });
    expect(uptime.period).toBe("60s");
    expect(threshold("latency")).toMatchObject({ thresholdValue: 500, aggregations: [expect.objectContaining({ perSeriesAligner: "ALIGN_PERCENTILE_95" })] });
    expect(threshold("errors")).toMatchObject({ thresholdValue: 0.01, aggregations: [expect.objectContaining({ alignmentPeriod: "300s" })] });
    const kmsMetric = inputs(one(p, "gcp:logging/metric:Metric", "convergence-api-monitoring-kms-failures"));
    expect(String(threshold("kms").filter)).toBe(`metric.type="logging.googleapis.com/user/${String(kmsMetric.name)}"`);
    expect(String(kmsMetric.filter)).toContain(`key_ring_id="${ringName(p)}"`);
    expect(String(threshold("bigquery-quota").filter)).toContain('resource.label.service="bigquery.googleapis.com"');
    expect(policies).toHaveLength(5);
  });

  test("required APIs are enabled and never disabled on destroy", () => {
    const apis = mine(p, "gcp:projects/service:Service");
    const services = apis.map((r) => inputs(r).service);
    expect(services).toEqual(expect.arrayContaining(["run.googleapis.com", "cloudkms.googleapis.com", "secretmanager.googleapis.com", "bigquery.googleapis.com"]));
    expect(services.includes("compute.googleapis.com")).toBe(stack === "production");
    for (const r of apis) expect(inputs(r).disableOnDestroy).toBe(false);
  });

  test("the admin key appears nowhere in plain text in recorded inputs, outputs or the plan JSON", () => {
    const wrapped = one(p, "random:index/randomPassword:RandomPassword", "convergence-api-admin-key-value").wireOutputs.result as Json;
    expect(wrapped[SIG_KEY]).toBe(SECRET_SIG);
    const value = String(wrapped.value);
    expect(value).toMatch(/^[A-Za-z0-9]{48}$/);
    // Plain occurrences anywhere in the wire data (outside a secret wrapper) and in the plan JSON.
    let plain = 0;
    let secret = 0;
    const walk = (v: unknown, inSecret: boolean): void => {
      if (typeof v === "string" && v.includes(value)) {
        if (inSecret) secret++;
        else plain++;
      } else if (Array.isArray(v)) v.forEach((x) => walk(x, inSecret));
      else if (v && typeof v === "object") {
        const o = v as Json;
        for (const x of Object.values(o)) walk(x, inSecret || o[SIG_KEY] === SECRET_SIG);
      }
    };
    for (const r of p.run.resources) {
      walk(r.wireInputs, false);
      walk(r.wireOutputs, false);
    }
    expect(plain).toBe(0);
    // The value is really there, wrapped: the generator's output and the secret version's input.
    expect(secret).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(p.json)).not.toContain(value);
    expect(JSON.stringify(p.run.outputs)).not.toContain(value);
    expect(inputs(one(p, "gcp:secretmanager/secretVersion:SecretVersion", "convergence-api-admin-key-version")).secretData).toBe("[secret]");
  });

  test("stack outputs: service URL, secret resource name, and the LB address in production", () => {
    const out = p.run.outputs.convergence as Json;
    expect(out.serviceUrl).toMatch(/^https:\/\/convergence-api-.*\.run\.app$/);
    expect(out.adminKeySecret).toBe(`projects/123456789012/secrets/admin-api-key-${SUFFIX[stack]}`);
    if (stack === "production") expect(out.loadBalancerIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    else expect(out.loadBalancerIp).toBeUndefined();
  });
});

describe("production load balancer", () => {
  let p: Plan;
  beforeAll(async () => {
    p = await planStack("production");
  }, 300_000);

  test("Cloud Run accepts traffic only from the load balancer; staging stays directly reachable", async () => {
    expect(inputs(one(p, SERVICE)).ingress).toBe("INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER");
    const staging = await planStack("staging");
    expect(inputs(one(staging, SERVICE)).ingress).toBe("INGRESS_TRAFFIC_ALL");
    expect(mine(staging, "gcp:compute/globalForwardingRule:GlobalForwardingRule")).toEqual([]);
  });

  test("serverless NEG -> backend (Cloud Armor) -> URL map -> HTTPS proxy (managed cert, modern TLS) -> :443, and :80 redirects", () => {
    const neg = inputs(one(p, "gcp:compute/regionNetworkEndpointGroup:RegionNetworkEndpointGroup"));
    expect(neg).toMatchObject({ networkEndpointType: "SERVERLESS", region: "us-central1", cloudRun: { service: "convergence-api-prod" } });
    const backend = inputs(one(p, "gcp:compute/backendService:BackendService"));
    const armor = one(p, "gcp:compute/securityPolicy:SecurityPolicy");
    expect(backend.securityPolicy).toBe(`projects/neurascale-convergence-prod/global/securityPolicies/${String(inputs(armor).name)}`);
    expect(backend.loadBalancingScheme).toBe("EXTERNAL_MANAGED");
    const cert = inputs(one(p, "gcp:compute/managedSslCertificate:ManagedSslCertificate"));
    expect((cert.managed as Json).domains).toEqual(p.run.config.convergence!.loadBalancer.domains);
    expect(inputs(one(p, "gcp:compute/sSLPolicy:SSLPolicy"))).toMatchObject({ profile: "MODERN", minTlsVersion: "TLS_1_2" });
    const rules = mine(p, "gcp:compute/globalForwardingRule:GlobalForwardingRule").map(inputs);
    expect(rules.map((r) => r.portRange).sort()).toEqual(["443", "80"]);
    expect(new Set(rules.map((r) => r.ipAddress)).size).toBe(1);
    const redirect = inputs(one(p, "gcp:compute/uRLMap:URLMap", "convergence-api-lb-http-redirect"));
    expect((redirect.defaultUrlRedirect as Json).httpsRedirect).toBe(true);
    expect(one(p, "gcp:compute/globalAddress:GlobalAddress").options.protect).toBe(true);
  });

  test("Cloud Armor rate-limits per client IP at the configured rate and denies OWASP matches", async () => {
    const rulesOf = (plan: Plan) => inputs(one(plan, "gcp:compute/securityPolicy:SecurityPolicy")).rules as Json[];
    const throttle = rulesOf(p).find((r) => r.action === "throttle")!;
    expect(throttle.rateLimitOptions).toMatchObject({ enforceOnKey: "IP", exceedAction: "deny(429)", rateLimitThreshold: { count: 600, intervalSec: 60 } });
    const waf = rulesOf(p).filter((r) => String((r.match as Json).expr && ((r.match as Json).expr as Json).expression).startsWith("evaluatePreconfiguredWaf"));
    expect(waf.map((r) => r.action)).toEqual(waf.map(() => "deny(403)"));
    expect(waf.map((r) => String(((r.match as Json).expr as Json).expression))).toEqual(expect.arrayContaining([expect.stringContaining("sqli-v33-stable"), expect.stringContaining("xss-v33-stable")]));
    const custom = await withConvergence("production", { loadBalancer: { enabled: true, domains: ["api.example.org"], rateLimitPerMinute: 120 } });
    expect((rulesOf(custom).find((r) => r.action === "throttle")!.rateLimitOptions as Json).rateLimitThreshold).toEqual({ count: 120, intervalSec: 60 });
  });

  test("the uptime check calls the load balancer's domain over HTTPS", () => {
    const uptime = inputs(one(p, "gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig"));
    expect((uptime.monitoredResource as Json).labels).toEqual({ project_id: "neurascale-convergence-prod", host: "api.convergence.neurascale.example" });
    expect(uptime.httpCheck).toMatchObject({ port: 443, useSsl: true });
  });
});

describe("traffic split from config", () => {
  const REV = "convergence-api-prod-00001-abc";

  test("10% latest, 90% pinned, tags on both", async () => {
    const p = await withConvergence("production", { traffic: { latest: 10, revisions: { [REV]: 90 }, tags: { green: REV } } });
    expect(inputs(one(p, SERVICE)).traffics).toEqual([
      { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", percent: 10, tag: "blue" },
      { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: REV, percent: 90, tag: "green" },
    ]);
  });

  test("rollback pins a named revision with all traffic", async () => {
    const p = await withConvergence("production", { traffic: { latest: 0, revisions: { [REV]: 100 }, tags: {} } });
    const traffics = inputs(one(p, SERVICE)).traffics as Json[];
    expect(traffics.filter((t) => Number(t.percent) > 0)).toEqual([{ type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: REV, percent: 100 }]);
  });

  test("moving from {latest: 10, revisions: {rev: 90}} to {latest: 100} changes only the service's traffic block", async () => {
    // The whole program, so a change anywhere else would show.
    const before = await withConvergence("production", { traffic: { latest: 10, revisions: { [REV]: 90 } } }, true);
    const after = await withConvergence("production", { traffic: { latest: 100 } }, true);
    const byUrn = (p: Plan) => new Map(p.json.resources.map((r) => [r.urn, r]));
    const a = byUrn(before);
    const b = byUrn(after);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    const changed: string[] = [];
    for (const [urn, r] of a) {
      const other = b.get(urn)!;
      for (const key of ["type", "parent", "provider", "dependencies", "options"] as const) expect([urn, other[key]]).toEqual([urn, r[key]]);
      const keys = new Set([...Object.keys(r.inputs), ...Object.keys(other.inputs)]);
      for (const k of keys) if (JSON.stringify(r.inputs[k]) !== JSON.stringify(other.inputs[k])) changed.push(`${r.type} ${r.name} ${k}`);
    }
    expect(changed).toEqual([`${SERVICE} convergence-api-service traffics`]);
    expect(after.json.outputs).toEqual(before.json.outputs);
    expect(inputs(one(after, SERVICE)).traffics).toEqual([{ type: "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", percent: 100, tag: "blue" }]);
  }, 600_000);
});

describe("optional parts", () => {
  test("public: false grants run.invoker to nobody", async () => {
    const p = await withConvergence("staging", { public: false });
    expect(mine(p, "gcp:cloudrunv2/serviceIamMember:ServiceIamMember")).toEqual([]);
  });

  test("an admin group owns the dataset beside the service account, and nobody else is listed", async () => {
    const p = await withConvergence("staging", { adminGroup: "convergence-admins@neurascale.example" });
    expect(inputs(one(p, "gcp:bigquery/dataset:Dataset")).accesses).toEqual([
      { role: "WRITER", userByEmail: saEmail("staging") },
      { role: "OWNER", groupByEmail: "convergence-admins@neurascale.example" },
    ]);
  });

  test("an access policy id adds a dry-run VPC-SC perimeter around the project's data APIs", async () => {
    const p = await withConvergence("production", { accessPolicyId: "987654321" });
    const perimeter = inputs(one(p, "gcp:accesscontextmanager/servicePerimeter:ServicePerimeter"));
    expect(perimeter).toMatchObject({ parent: "accessPolicies/987654321", name: "accessPolicies/987654321/servicePerimeters/convergence_api_prod", useExplicitDryRunSpec: true });
    const spec = perimeter.spec as Json;
    expect(spec.resources).toEqual(["projects/123456789012"]);
    expect(spec.restrictedServices).toEqual(expect.arrayContaining(["bigquery.googleapis.com", "cloudkms.googleapis.com", "secretmanager.googleapis.com"]));
    expect(perimeter.status).toBeUndefined();
    const enforced = await withConvergence("production", { accessPolicyId: "987654321", perimeter: { dryRun: false, accessLevels: [] } });
    const status = inputs(one(enforced, "gcp:accesscontextmanager/servicePerimeter:ServicePerimeter"));
    expect(status.spec).toBeUndefined();
    expect((status.status as Json).resources).toEqual(["projects/123456789012"]);
    expect(mine(await planStack("production"), "gcp:accesscontextmanager/servicePerimeter:ServicePerimeter")).toEqual([]);
  });
});
