/**
 * ZKP Dataset Ledger (seed 004) in both stack plans: PKI parameters, generated secrets that stay
 * secret, StatefulSet counts from config, production.toml, nginx weights, backup schedules and
 * bucket lifecycle, alerts, Grafana, data stores. Expected values are the guide's numbers,
 * written here independently of the implementation.
 */
import { descendantsOf, planStack, resourceOf, resourcesOf, type EngineResource, type Plan } from "./harness";
import { SECRET_SIG, SIG_KEY } from "../tools/engine/wire";
import { ZKP_MONITORING_DEFAULTS } from "../stacks/sections/zkp-ledger";

/** Kubernetes kinds without a namespace (the rest must name one). */
const CLUSTER_SCOPED = /^kubernetes:(core\/v1:Namespace|rbac\.authorization\.k8s\.io\/v1:ClusterRole(Binding)?|storage\.k8s\.io\/v1:StorageClass|scheduling\.k8s\.io\/v1:PriorityClass|apiextensions\.k8s\.io\/v1:CustomResourceDefinition)$/;

type Json = Record<string, unknown>;
const inputs = (r: EngineResource) => r.inputs as Json;
const spec = (r: EngineResource) => inputs(r).spec as Json;

/** The value inside a wire secret; fails when the value is not a secret. */
function unwrapSecret(v: unknown): unknown {
  expect(v).toEqual(expect.objectContaining({ [SIG_KEY]: SECRET_SIG }));
  return (v as Json).value;
}

function zkpResources(plan: Plan): EngineResource[] {
  return descendantsOf(plan, resourceOf(plan, "neurastack:systems:ZkpLedger", "zkp-ledger").urn);
}

function podSpecOf(r: EngineResource): Json {
  return ((spec(r).template as Json).spec as Json) ?? {};
}
function containerOf(r: EngineResource): Json {
  return (podSpecOf(r).containers as Json[])[0];
}
function envOf(r: EngineResource): Record<string, unknown> {
  return Object.fromEntries(((containerOf(r).env as Json[]) ?? []).map((e) => [e.name as string, e.value ?? e.valueFrom]));
}

/** The guide's production.toml (Production Configuration + Optimization Settings). */
const GUIDE_TOML: Record<string, Record<string, string>> = {
  server: { bind_address: '"0.0.0.0:8080"', max_connections: "1000" },
  cluster: { consensus_algorithm: '"raft"', election_timeout_ms: "1000" },
  database: { max_connections: "50", connection_timeout_seconds: "30" },
  crypto: { parallel_proving: "true", max_proving_threads: "4", proof_compression: "true" },
  security: { enable_tls: "true", rate_limit_requests_per_minute: "1000" },
  backup: { enabled: "true", schedule: '"0 2 * * *"', retention_days: "30" },
  monitoring: { enabled: "true", prometheus_port: "9090", tracing_enabled: "true" },
};

function parseToml(text: string): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  let table = "";
  for (const line of text.split("\n")) {
    const t = line.trim();
    if (t === "" || t.startsWith("#")) continue;
    const header = /^\[([a-z_]+)\]$/.exec(t);
    if (header) {
      table = header[1];
      out[table] = {};
      continue;
    }
    const kv = /^([a-z_]+)\s*=\s*(.+)$/.exec(t);
    if (!kv) throw new Error(`not TOML: ${t}`);
    out[table][kv[1]] = kv[2];
  }
  return out;
}

const GUIDE_RESOURCES = {
  staging: { requests: { cpu: "1000m", memory: "2Gi" }, limits: { cpu: "2000m", memory: "4Gi" } },
  production: { requests: { cpu: "2000m", memory: "4Gi" }, limits: { cpu: "4000m", memory: "8Gi" } },
} as const;

describe.each(["staging", "production"] as const)("ZKP ledger in the %s plan", (stack) => {
  let plan: Plan;
  let zkp: EngineResource[];
  const ofType = (type: string) => zkp.filter((r) => r.type === type);
  const named = (type: string, name: string) => {
    const found = zkp.filter((r) => r.type === type && r.name === name);
    if (found.length !== 1) throw new Error(`expected one ${type} ${name}, found ${found.length}`);
    return found[0];
  };
  const k8sNamed = (type: string, k8sName: string) => {
    const found = zkp.filter((r) => r.type === type && (inputs(r).metadata as Json | undefined)?.name === k8sName);
    if (found.length !== 1) throw new Error(`expected one ${type} named ${k8sName} in Kubernetes, found ${found.length}`);
    return found[0];
  };

  beforeAll(async () => {
    plan = await planStack(stack);
    zkp = zkpResources(plan);
  });

  it("lives in namespace zkp-ledger with restricted Pod Security on the configured cluster", () => {
    const ns = named("kubernetes:core/v1:Namespace", "zkp-ledger-namespace");
    expect((inputs(ns).metadata as Json).name).toBe("zkp-ledger");
    expect((inputs(ns).metadata as Json).labels).toMatchObject({ "pod-security.kubernetes.io/enforce": "restricted", system: "zkp-ledger", environment: stack });
    const cluster = plan.run.config.zkpLedger!.cluster;
    const objects = zkp.filter((x) => x.custom && x.type.startsWith("kubernetes:"));
    for (const r of objects) {
      expect(r.provider).toMatch(new RegExp(`platform-${cluster}-k8s$`));
      // Namespaced kinds sit in zkp-ledger; only cluster-scoped kinds carry no namespace.
      const namespace = (inputs(r).metadata as Json | undefined)?.namespace;
      expect([r.type, namespace]).toEqual([r.type, CLUSTER_SCOPED.test(r.type) ? undefined : "zkp-ledger"]);
    }
    expect(objects.filter((r) => !CLUSTER_SCOPED.test(r.type)).length).toBeGreaterThan(3);
    expect(ns.options.protect).toBe(stack === "production");
  });

  describe("PKI (the guide's openssl steps)", () => {
    it("uses RSA 4096 for every key", () => {
      const keys = ofType("tls:index/privateKey:PrivateKey");
      expect(keys.length).toBe(2 + 1 + plan.run.config.zkpLedger!.secondaryNodes);
      for (const k of keys) expect(inputs(k)).toMatchObject({ algorithm: "RSA", rsaBits: 4096 });
    });
    it("has a self-signed CA valid 10 years with cert_signing/crl_signing", () => {
      const ca = named("tls:index/selfSignedCert:SelfSignedCert", "zkp-ledger-pki-ca");
      expect(inputs(ca).validityPeriodHours).toBe(3650 * 24);
      expect(inputs(ca).isCaCertificate).toBe(true);
      expect([...(inputs(ca).allowedUses as string[])].sort()).toEqual(["cert_signing", "crl_signing"]);
      expect(inputs(ca).subject).toEqual({ country: "US", organization: "Terragon Labs", commonName: "zkp-ledger-ca" });
      expect(inputs(ca).privateKeyPem).toBe("[secret]");
      expect(ca.options.protect).toBe(stack === "production");
    });
    it("signs a 1-year server certificate CN=zkp-ledger with the CA, naming every node service", () => {
      const csr = named("tls:index/certRequest:CertRequest", "zkp-ledger-pki-server-csr");
      expect(inputs(csr).subject).toEqual({ country: "US", organization: "Terragon Labs", commonName: "zkp-ledger" });
      const names = inputs(csr).dnsNames as string[];
      for (const n of ["zkp-ledger", "zkp-ledger-primary", "zkp-ledger-secondary-1", "zkp-ledger-secondary-2"]) expect(names).toContain(n);
      const cert = named("tls:index/locallySignedCert:LocallySignedCert", "zkp-ledger-pki-server-cert");
      expect(inputs(cert)).toMatchObject({ validityPeriodHours: 365 * 24, isCaCertificate: false, caPrivateKeyPem: "[secret]" });
      expect(inputs(cert).allowedUses).toEqual(expect.arrayContaining(["server_auth", "digital_signature", "key_encipherment"]));
      const ca = named("tls:index/selfSignedCert:SelfSignedCert", "zkp-ledger-pki-ca");
      expect(cert.dependencies).toContain(ca.urn);
      expect(inputs(cert).caCertPem).toBe((ca.wireOutputs as Json).certPem);
    });
    it("issues one client certificate per node (CN = node id, client_auth, 1 year)", () => {
      const clients = ofType("tls:index/locallySignedCert:LocallySignedCert").filter((r) => r.name.includes("-client-"));
      const csrs = ofType("tls:index/certRequest:CertRequest").filter((r) => r.name.includes("-client-"));
      const nodes = 1 + plan.run.config.zkpLedger!.secondaryNodes;
      expect(clients).toHaveLength(nodes);
      expect(csrs.map((c) => (inputs(c).subject as Json).commonName).sort()).toEqual(["primary-001", ...Array.from({ length: nodes - 1 }, (_, i) => `secondary-00${i + 1}`)].sort());
      for (const c of clients) {
        expect(inputs(c)).toMatchObject({ validityPeriodHours: 8760, isCaCertificate: false });
        expect(inputs(c).allowedUses).toContain("client_auth");
        expect(inputs(c).allowedUses).not.toContain("cert_signing");
      }
    });
  });

  describe("secrets", () => {
    it("generates DB_PASSWORD, JWT_SECRET and GRAFANA_ADMIN_PASSWORD with @pulumi/random as secret outputs", () => {
      const passwords = ofType("random:index/randomPassword:RandomPassword");
      expect(passwords.map((p) => p.name)).toEqual(expect.arrayContaining(["zkp-ledger-db-password", "zkp-ledger-grafana-admin-password", "zkp-ledger-jwt-secret"]));
      // Every generated password (also the Redis AUTH token of the data component) is a secret output.
      for (const p of passwords) {
        expect(p.options.additionalSecretOutputs).toContain("result");
        expect(typeof unwrapSecret((p.wireOutputs as Json).result)).toBe("string");
      }
    });
    it("creates the TLS secret zkp-ledger-tls and zkp-ledger-secrets (database-url, jwt-secret) as masked secrets", () => {
      const tls = k8sNamed("kubernetes:core/v1:Secret", "zkp-ledger-tls");
      expect(inputs(tls).type).toBe("kubernetes.io/tls");
      expect(inputs(tls).stringData).toBe("[secret]");
      expect(Object.keys(unwrapSecret(tls.wireInputs.stringData) as Json).sort()).toEqual(["ca.crt", "tls.crt", "tls.key"]);

      const app = k8sNamed("kubernetes:core/v1:Secret", "zkp-ledger-secrets");
      expect(inputs(app).stringData).toBe("[secret]");
      const data = unwrapSecret(app.wireInputs.stringData) as Record<string, string>;
      expect(Object.keys(data)).toEqual(expect.arrayContaining(["database-url", "jwt-secret"]));
      const raw = (name: string) => unwrapSecret((named("random:index/randomPassword:RandomPassword", name).wireOutputs as Json).result) as string;
      expect(data["jwt-secret"]).toBe(raw("zkp-ledger-jwt-secret"));
      expect(data["database-url"]).toMatch(new RegExp(`^postgresql://zkp_ledger:${raw("zkp-ledger-db-password")}@[^:]+\\.rds\\.amazonaws\\.com:5432/zkp_ledger\\?sslmode=require$`));
      const grafana = unwrapSecret(k8sNamed("kubernetes:core/v1:Secret", "zkp-ledger-grafana").wireInputs.stringData) as Record<string, string>;
      expect(grafana["admin-password"]).toBe(raw("zkp-ledger-grafana-admin-password"));
    });
    it("never shows a generated secret or private key in plain text in any input or stack output", () => {
      const secrets: string[] = [];
      for (const r of ofType("random:index/randomPassword:RandomPassword")) secrets.push(unwrapSecret((r.wireOutputs as Json).result) as string);
      for (const r of ofType("tls:index/privateKey:PrivateKey")) secrets.push(unwrapSecret((r.wireOutputs as Json).privateKeyPem) as string);
      expect(secrets.length).toBeGreaterThanOrEqual(7);
      const everything = JSON.stringify([plan.run.resources.map((r) => r.inputs), plan.run.outputs]);
      for (const s of secrets) expect(everything.includes(s)).toBe(false);
      for (const r of ofType("kubernetes:core/v1:Secret")) expect(inputs(r).stringData).toBe("[secret]");
    });
  });

  describe("nodes", () => {
    it("runs the primary and the configured secondaries as single-replica StatefulSets with volumes", () => {
      const z = plan.run.config.zkpLedger!;
      const sets = ofType("kubernetes:apps/v1:StatefulSet");
      expect(sets).toHaveLength(1 + z.secondaryNodes);
      expect(z.secondaryNodes).toBe(2); // guide default
      expect(sets.map((s) => (inputs(s).metadata as Json).name).sort()).toEqual(["zkp-ledger-primary", "zkp-ledger-secondary-1", "zkp-ledger-secondary-2"]);
      for (const s of sets) {
        expect(spec(s).replicas).toBe(1);
        const claims = spec(s).volumeClaimTemplates as Json[];
        expect(claims).toHaveLength(1);
        expect(((claims[0].spec as Json).resources as Json).requests).toEqual({ storage: `${z.volumeGb}Gi` });
        expect(s.options.protect).toBe(stack === "production");
      }
    });
    it("sets role, id, bind address, cluster id and metrics port per node", () => {
      const z = plan.run.config.zkpLedger!;
      const env = (n: string) => envOf(k8sNamed("kubernetes:apps/v1:StatefulSet", n));
      expect(env("zkp-ledger-primary")).toMatchObject({ ZKP_LEDGER_NODE_ROLE: "primary", ZKP_LEDGER_NODE_ID: "primary-001", ZKP_LEDGER_BIND_ADDRESS: "0.0.0.0:8080", ZKP_LEDGER_CLUSTER_ID: z.clusterId, ZKP_LEDGER_PROMETHEUS_PORT: "9090" });
      expect(env("zkp-ledger-secondary-1")).toMatchObject({ ZKP_LEDGER_NODE_ROLE: "secondary", ZKP_LEDGER_NODE_ID: "secondary-001", ZKP_LEDGER_BIND_ADDRESS: "0.0.0.0:8081" });
      expect(env("zkp-ledger-secondary-2")).toMatchObject({ ZKP_LEDGER_NODE_ROLE: "secondary", ZKP_LEDGER_NODE_ID: "secondary-002", ZKP_LEDGER_BIND_ADDRESS: "0.0.0.0:8082" });
      expect(env("zkp-ledger-primary").DATABASE_URL).toEqual({ secretKeyRef: { name: "zkp-ledger-secrets", key: "database-url" } });
      expect(env("zkp-ledger-primary").JWT_SECRET).toEqual({ secretKeyRef: { name: "zkp-ledger-secrets", key: "jwt-secret" } });
      expect(env("zkp-ledger-primary").OTEL_EXPORTER_OTLP_ENDPOINT).toBe(z.monitoring.jaegerEndpoint);
    });
    it("uses the guide's requests/limits, non-root, and health checks on /health and /api/cluster/status", () => {
      for (const s of ofType("kubernetes:apps/v1:StatefulSet")) {
        const c = containerOf(s);
        expect(c.resources).toEqual(GUIDE_RESOURCES[stack]);
        expect(podSpecOf(s).securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1001 });
        expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
        expect(((c.livenessProbe as Json).httpGet as Json).path).toBe("/health");
        expect((c.livenessProbe as Json).periodSeconds).toBe(30);
        expect(((c.readinessProbe as Json).httpGet as Json).path).toBe("/api/cluster/status");
        expect((((spec(s).template as Json).metadata as Json).annotations as Json)["prometheus.io/port"]).toBe("9090");
      }
    });
    it("mounts production.toml from a ConfigMap with the guide's sections", () => {
      const cm = k8sNamed("kubernetes:core/v1:ConfigMap", "zkp-ledger-config");
      const toml = parseToml((inputs(cm).data as Record<string, string>)["production.toml"]);
      for (const [table, values] of Object.entries(GUIDE_TOML)) expect(toml[table]).toEqual(values);
      expect(toml.performance).toMatchObject({ max_worker_threads: "8", proof_cache_size_mb: "512", parallel_batch_processing: "true" });
    });
  });

  it("balances with nginx least_conn, primary weight 3, secondaries weight 2, HTTPS on 443 with the certificate", () => {
    const conf = (inputs(k8sNamed("kubernetes:core/v1:ConfigMap", "zkp-ledger-lb-config")).data as Record<string, string>)["nginx.conf"];
    const upstream = /upstream zkp_cluster \{([^}]*)\}/.exec(conf)?.[1] ?? "";
    expect(upstream).toMatch(/^\s*least_conn;/);
    const servers = [...upstream.matchAll(/server (\S+):(\d+) weight=(\d+)/g)].map((m) => [m[1], Number(m[2]), Number(m[3])]);
    expect(servers).toEqual([
      ["zkp-ledger-primary", 8080, 3],
      ["zkp-ledger-secondary-1", 8081, 2],
      ["zkp-ledger-secondary-2", 8082, 2],
    ]);
    expect(conf).toMatch(/listen 443 ssl;/);
    expect(conf).toMatch(/ssl_certificate \/etc\/nginx\/tls\/tls\.crt;/);
    const lb = k8sNamed("kubernetes:apps/v1:Deployment", "zkp-ledger-lb");
    expect((podSpecOf(lb).volumes as Json[]).find((v) => v.name === "tls")).toMatchObject({ secret: { secretName: "zkp-ledger-tls" } });
    expect(podSpecOf(lb).securityContext).toMatchObject({ runAsNonRoot: true, sysctls: [{ name: "net.ipv4.ip_unprivileged_port_start", value: "0" }] });
    const svc = k8sNamed("kubernetes:core/v1:Service", "zkp-ledger-lb");
    expect(spec(svc)).toMatchObject({ type: "LoadBalancer", ports: [{ name: "https", port: 443, targetPort: "https", protocol: "TCP" }] });
  });

  it("backs up every ledger node's data and the database: full at 02:00, incremental every 6 hours, verified, to a 90-day S3 bucket", () => {
    const z = plan.run.config.zkpLedger!;
    const cron = (n: string) => spec(k8sNamed("kubernetes:batch/v1:CronJob", n));
    const podOf = (n: string) => (((cron(n).jobTemplate as Json).spec as Json).template as Json).spec as Json;
    const region = plan.run.config.regions.find((r) => r.name === z.cluster)!;
    // The backup set, derived from the plan: every ledger StatefulSet and the volume it keeps its data on.
    const sets = zkp.filter((r) => r.type === "kubernetes:apps/v1:StatefulSet");
    expect(sets).toHaveLength(1 + z.secondaryNodes);
    const nodeIds = new Set<string>();
    for (const set of sets) {
      const setName = String((inputs(set).metadata as Json).name);
      const claim = `data-${setName}-0`;
      const nodeId = String(((podSpecOf(set).containers as Json[])[0].env as Json[]).find((e) => e.name === "ZKP_LEDGER_NODE_ID")!.value);
      nodeIds.add(nodeId);
      for (const [kind, schedule] of [["full", "0 2 * * *"], ["incremental", "0 */6 * * *"]] as const) {
        const name = `zkp-ledger-backup-${kind}-${nodeId}`;
        expect(cron(name)).toMatchObject({ schedule, timeZone: region.timezone, concurrencyPolicy: "Forbid" });
        const pod = podOf(name);
        // The node's own volume, read-only, on the node its pod runs on (ReadWriteOnce).
        expect((pod.volumes as Json[]).find((v) => v.name === "data")).toEqual({ name: "data", persistentVolumeClaim: { claimName: claim, readOnly: true } });
        expect(pod.affinity).toEqual({ podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { "app.kubernetes.io/name": setName } }, topologyKey: "kubernetes.io/hostname" }] } });
        const container = (pod.containers as Json[])[0];
        expect(container.volumeMounts).toContainEqual({ name: "data", mountPath: "/opt/zkp-ledger/data", subPath: "data", readOnly: true });
        expect(container.command).toEqual(expect.arrayContaining([`--type=${kind}`, `--node-id=${nodeId}`, "--data-dir=/opt/zkp-ledger/data", `--destination=s3://$(S3_BUCKET)/${kind}/nodes/${nodeId}/`]));
        expect(pod.serviceAccountName).toBe("zkp-ledger-backup");
        const env = Object.fromEntries((container.env as Json[]).map((e) => [e.name, e.value]));
        expect(env.S3_BUCKET).toBe(`zkp-ledger-backups-bucket-${stack}`);
      }
    }
    // The database: a daily dump and its restore test into a scratch database.
    expect(cron("zkp-ledger-backup-database").schedule).toBe("0 2 * * *");
    const dumpEnv = Object.fromEntries((((podOf("zkp-ledger-backup-database").initContainers as Json[])[0].env as Json[]).map((e) => [e.name, e.value])));
    expect(dumpEnv).toMatchObject({ PGDATABASE: "zkp_ledger", PGUSER: "zkp_ledger", PGSSLMODE: "require" });
    const dbVerify = podOf("zkp-ledger-backup-database-verify");
    expect(Object.fromEntries((((dbVerify.containers as Json[])[0].env as Json[]).map((e) => [e.name, e.value]))).SCRATCH_DB).toBe("zkp_ledger_restore_check");
    // Verification restores the latest full backup of every node (and fails if one is missing).
    expect(cron("zkp-ledger-backup-verify").schedule).toBe(z.backup.verifySchedule);
    const verify = podOf("zkp-ledger-backup-verify");
    const fetch = Object.fromEntries((((verify.initContainers as Json[])[0].env as Json[]).map((e) => [e.name, e.value])));
    expect(new Set(String(fetch.NODE_IDS).split(" "))).toEqual(nodeIds);
    expect(verify.restartPolicy).toBe("Never");
    // ... and a failed or missing verification alerts.
    const rules = ((spec(k8sNamed("kubernetes:monitoring.coreos.com/v1:PrometheusRule", "zkp-ledger-operations-alerts")).groups as Json[])[0].rules as Json[]).map((r) => String(r.alert));
    expect(rules).toEqual(expect.arrayContaining(["ZkpBackupVerificationFailed", "ZkpBackupVerificationStale", "ZkpBackupVerificationNeverSucceeded", "ZkpBackupFailed"]));
    const lifecycle = named("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "zkp-ledger-backups-bucket-lifecycle");
    expect((inputs(lifecycle).rules as Json[]).some((r) => (r.expiration as Json | undefined)?.days === 90)).toBe(true);
    const toml = parseToml((inputs(k8sNamed("kubernetes:core/v1:ConfigMap", "zkp-ledger-config")).data as Record<string, string>)["production.toml"]);
    expect(toml.backup.retention_days).toBe("30");
  });

  it("gives the backup jobs an IRSA role scoped to that bucket, without delete", () => {
    const role = named("aws:iam/role:Role", "zkp-ledger-backups-irsa-role");
    const trust = JSON.parse(inputs(role).assumeRolePolicy as string);
    expect(JSON.stringify(trust.Statement[0].Condition.StringEquals)).toContain('"system:serviceaccount:zkp-ledger:zkp-ledger-backup"');
    const policy = JSON.parse(inputs(named("aws:iam/rolePolicy:RolePolicy", "zkp-ledger-backups-irsa-policy")).policy as string) as { Statement: { Action: string | string[]; Resource: string | string[] }[] };
    const actions = policy.Statement.flatMap((s) => [s.Action].flat());
    expect(actions).toEqual(expect.arrayContaining(["s3:PutObject", "s3:GetObject", "s3:ListBucket"]));
    expect(actions.some((a) => /Delete|\*/.test(a))).toBe(false);
    for (const s of policy.Statement) for (const res of [s.Resource].flat()) expect(res).toMatch(/zkp-ledger-backups-bucket|arn:aws:kms/);
    const sa = k8sNamed("kubernetes:core/v1:ServiceAccount", "zkp-ledger-backup");
    expect(((inputs(sa).metadata as Json).annotations as Json)["eks.amazonaws.com/role-arn"]).toMatch(/^arn:aws:iam::\d{12}:role\//);
  });

  it("defines the guide's alerts as a PrometheusRule, Grafana with its admin secret, and tracing", () => {
    const rule = k8sNamed("kubernetes:monitoring.coreos.com/v1:PrometheusRule", "zkp-ledger-alerts");
    const rules = (((spec(rule).groups as Json[])[0].rules as Json[]) ?? []).map((r) => [r.alert, r.expr, r.for]);
    expect(rules).toEqual([
      ["HighErrorRate", 'rate(http_requests_total{status=~"5.."}[5m]) > 0.05', "5m"],
      ["HighMemoryUsage", "memory_usage_percent > 85", "2m"],
      ["SlowProofGeneration", "histogram_quantile(0.95, proof_generation_duration_seconds) > 5", "5m"],
    ]);
    const grafana = envOf(k8sNamed("kubernetes:apps/v1:Deployment", "zkp-ledger-grafana"));
    expect(grafana.GF_SECURITY_ADMIN_PASSWORD).toEqual({ secretKeyRef: { name: "zkp-ledger-grafana", key: "admin-password" } });
    expect(envOf(k8sNamed("kubernetes:apps/v1:StatefulSet", "zkp-ledger-primary")).OTEL_TRACES_SAMPLER_ARG).toBe(String(plan.run.config.zkpLedger!.monitoring.samplingRatio));
  });

  it("uses PostgreSQL primary + replica and Redis in the cluster's region, through the data components", () => {
    const dbs = ofType("neurastack:aws:PostgresDatabase").map((r) => r.name).sort();
    expect(dbs).toEqual(["zkp-ledger-db", "zkp-ledger-db-replica"]);
    expect(ofType("neurastack:aws:RedisCache").map((r) => r.name)).toEqual(["zkp-ledger-redis"]);
    const replica = named("aws:rds/instance:Instance", "zkp-ledger-db-replica-instance");
    expect(inputs(replica).replicateSourceDb).toBe((named("aws:rds/instance:Instance", "zkp-ledger-db-instance").wireOutputs as Json).arn);
    expect(replica.provider).toMatch(new RegExp(`platform-${plan.run.config.zkpLedger!.cluster}-aws$`));
  });

  it("runs PostgreSQL 16 (the guide's restore image) with the guide's postgresql.conf tuning in RDS units, on primary and replica", () => {
    const primary = named("aws:rds/instance:Instance", "zkp-ledger-db-instance");
    expect(inputs(primary)).toMatchObject({ engine: "postgres", engineVersion: "16" });
    const replica = named("aws:rds/instance:Instance", "zkp-ledger-db-replica-instance");
    // Guide: shared_buffers 2GB, effective_cache_size 6GB (8 kB pages), work_mem 256MB,
    // maintenance_work_mem 1GB (kB), max_connections 100.
    const tuning = { shared_buffers: "262144", effective_cache_size: "786432", work_mem: "262144", maintenance_work_mem: "1048576", max_connections: "100" };
    for (const [instance, group] of [
      [primary, "zkp-ledger-db-params"],
      [replica, "zkp-ledger-db-replica-params"],
    ] as const) {
      const params = named("aws:rds/parameterGroup:ParameterGroup", group);
      expect(inputs(params).family).toBe("postgres16");
      expect(inputs(instance).parameterGroupName).toBe((params.wireOutputs as Json).name);
      const values = Object.fromEntries((inputs(params).parameters as Json[]).map((x) => [x.name, x.value]));
      expect(values).toMatchObject(tuning);
      // The tuning is added to, never replaces, the TLS and audit settings.
      expect(values).toMatchObject({ "rds.force_ssl": "1", log_connections: "1" });
      // Static parameters wait for a reboot (RDS refuses "immediate" for them).
      for (const x of inputs(params).parameters as Json[]) if (["shared_buffers", "max_connections"].includes(x.name as string)) expect(x.applyMethod).toBe("pending-reboot");
    }
  });

  it("creates every @pulumi/random and @pulumi/tls resource with the system's own explicit providers", () => {
    const system = resourceOf(plan, "neurastack:systems:ZkpLedger", "zkp-ledger");
    const own = (pkg: string) => {
      const found = zkp.filter((r) => r.type === `pulumi:providers:${pkg}` && r.parent === system.urn);
      expect(found).toHaveLength(1);
      return found[0].urn;
    };
    const generated = zkp.filter((r) => r.custom && /^(random|tls):/.test(r.type));
    // Not vacuous: 5 passwords (with the Redis AUTH token and the replica source's master
    // password) and the PKI (keys, CSRs, certificates).
    expect(generated.filter((r) => r.type.startsWith("random:"))).toHaveLength(5);
    expect(generated.filter((r) => r.type.startsWith("tls:")).length).toBeGreaterThanOrEqual(1 + 3 * (2 + plan.run.config.zkpLedger!.secondaryNodes));
    const expected = { random: own("random"), tls: own("tls") };
    for (const r of generated) expect([r.name, r.provider]).toEqual([r.name, expected[r.type.split(":")[0] as "random" | "tls"]]);
  });

  it("sends traces to the configured (external) Jaeger collector and lets nodes and backups reach it", () => {
    const m = plan.run.config.zkpLedger!.monitoring;
    expect(m).toMatchObject(ZKP_MONITORING_DEFAULTS);
    expect(envOf(k8sNamed("kubernetes:apps/v1:StatefulSet", "zkp-ledger-primary"))).toMatchObject({ OTEL_TRACES_EXPORTER: "otlp", OTEL_EXPORTER_OTLP_ENDPOINT: m.jaegerEndpoint });
    for (const policy of ["zkp-ledger-nodes-to-data-and-tracing", "zkp-ledger-backups-egress"]) {
      const egress = spec(k8sNamed("kubernetes:networking.k8s.io/v1:NetworkPolicy", policy)).egress as Json[];
      expect(egress).toContainEqual({ to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": m.jaegerNamespace } } }], ports: [{ protocol: "TCP", port: Number(new URL(m.jaegerEndpoint).port) }] });
    }
  });

  it("creates the PrometheusRule only after the platform is ready (the Prometheus Operator release brings its CRD)", () => {
    const rule = k8sNamed("kubernetes:monitoring.coreos.com/v1:PrometheusRule", "zkp-ledger-alerts");
    const ns = named("kubernetes:core/v1:Namespace", "zkp-ledger-namespace");
    expect(rule.dependencies).toContain(ns.urn);
    // Everything the namespace waits for (the platform's `ready` list) ...
    const platformReady = ns.dependencies.filter((d) => d.includes("neurastack:aws:Platform"));
    expect(platformReady.length).toBeGreaterThan(0);
    for (const d of platformReady) expect(rule.dependencies).toContain(d);
    // ... which includes the cluster's kube-prometheus-stack release.
    const operator = resourcesOf(plan, "kubernetes:helm.sh/v3:Release", new RegExp(`^platform-${plan.run.config.zkpLedger!.cluster}-.*kube-prometheus-stack`));
    expect(operator).toHaveLength(1);
    expect(rule.dependencies).toContain(operator[0].urn);
  });

  it("denies all traffic by default and opens only the listed paths", () => {
    const deny = k8sNamed("kubernetes:networking.k8s.io/v1:NetworkPolicy", "zkp-ledger-default-deny");
    expect(spec(deny)).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"], ingress: [], egress: [] });
    const names = ofType("kubernetes:networking.k8s.io/v1:NetworkPolicy").map((r) => (inputs(r).metadata as Json).name);
    expect(names).toEqual(expect.arrayContaining(["zkp-ledger-allow-dns", "zkp-ledger-nodes-from-lb", "zkp-ledger-lb-to-nodes", "zkp-ledger-nodes-cluster"]));
  });
});

describe("secondary node count comes from config", () => {
  let plan: Plan;
  beforeAll(async () => {
    plan = await planStack("staging", { overrides: { systems: ["zkpLedger"], zkpLedger: { secondaryNodes: 3 } } });
  });
  it("adds a StatefulSet, a client certificate and an nginx upstream (weight 2, :8083) per secondary", () => {
    const sets = resourcesOf(plan, "kubernetes:apps/v1:StatefulSet");
    expect(sets.map((s) => (inputs(s).metadata as Json).name).sort()).toEqual(["zkp-ledger-primary", "zkp-ledger-secondary-1", "zkp-ledger-secondary-2", "zkp-ledger-secondary-3"]);
    const third = envOf(sets.find((s) => (inputs(s).metadata as Json).name === "zkp-ledger-secondary-3")!);
    expect(third).toMatchObject({ ZKP_LEDGER_NODE_ID: "secondary-003", ZKP_LEDGER_BIND_ADDRESS: "0.0.0.0:8083", ZKP_LEDGER_NODE_ROLE: "secondary" });
    expect(resourcesOf(plan, "tls:index/locallySignedCert:LocallySignedCert", /-client-/)).toHaveLength(4);
    const conf = (inputs(resourceOf(plan, "kubernetes:core/v1:ConfigMap", "zkp-ledger-lb-config")).data as Record<string, string>)["nginx.conf"];
    expect(conf).toContain("server zkp-ledger-secondary-3:8083 weight=2");
    expect(conf.match(/weight=3/g)).toHaveLength(1);
  });
});

describe("tracing turned off (no Jaeger on the cluster)", () => {
  let plan: Plan;
  beforeAll(async () => {
    plan = await planStack("staging", { overrides: { systems: ["zkpLedger"], zkpLedger: { monitoring: { tracing: false } } } });
  });
  it("exports no traces and opens no egress to the Jaeger namespace", () => {
    const m = plan.run.config.zkpLedger!.monitoring;
    expect(m.tracing).toBe(false);
    // The ledger image's workloads: the nodes, their backups and the verification (the database
    // dump jobs run postgres and aws-cli images, which export no traces).
    const ledgerJobs = resourcesOf(plan, "kubernetes:batch/v1:CronJob").filter((c) => /zkp-ledger-backup-(full|incremental)-|zkp-ledger-backup-verify$/.test(String((inputs(c).metadata as Json).name)));
    const workloads = [...resourcesOf(plan, "kubernetes:apps/v1:StatefulSet"), ...ledgerJobs.map((c) => ({ ...c, inputs: { spec: ((spec(c).jobTemplate as Json).spec as Json) } }) as EngineResource)];
    expect(workloads.length).toBe(3 + 2 * 3 + 1);
    for (const w of workloads) {
      const env = envOf(w);
      expect(env.OTEL_TRACES_EXPORTER).toBe("none");
      expect(env.OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
    }
    const policies = JSON.stringify(resourcesOf(plan, "kubernetes:networking.k8s.io/v1:NetworkPolicy").map((r) => spec(r)));
    expect(policies).not.toContain(`"kubernetes.io/metadata.name":"${m.jaegerNamespace}"`);
  });
});
