/**
 * NeuroCognitive Architecture (seed 003) in both stack plans: namespace, ConfigMap with the
 * guide's NEUROCA_* settings (no secrets), generated/configured secrets that stay secret,
 * Deployments that wait for the migration Job, Ingress with TLS, autoscaling, isolation, data
 * stores, and the data-subject-request Lambda's infrastructure (least privilege, DLQ, SQS, IAM-
 * authorized HTTP API, logs with retention) checked against the handler's own env contract.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { descendantsOf, planStack, resourceOf, type EngineResource, type Plan } from "./harness";
import { SECRET_SIG, SIG_KEY } from "../tools/engine/wire";
import { bundleHandler } from "../functions/bundle";
import { LAMBDA, ROUTES, SWEEP, loadConfig } from "../functions/data-subject-requests/env";
import { awsCall } from "../tools/engine/mocks/aws";
import { NCA_OBSERVABILITY_DEFAULTS } from "../stacks/sections/nca";

/** Kubernetes kinds without a namespace (the rest must name one). */
const CLUSTER_SCOPED = /^kubernetes:(core\/v1:Namespace|rbac\.authorization\.k8s\.io\/v1:ClusterRole(Binding)?|storage\.k8s\.io\/v1:StorageClass|scheduling\.k8s\.io\/v1:PriorityClass|apiextensions\.k8s\.io\/v1:CustomResourceDefinition)$/;

type Json = Record<string, unknown>;
const inputs = (r: EngineResource) => r.inputs as Json;
const spec = (r: EngineResource) => inputs(r).spec as Json;
const meta = (r: EngineResource) => inputs(r).metadata as Json;
const annotationsOf = (r: EngineResource) => meta(r).annotations as Record<string, string>;

function unwrapSecret(v: unknown): unknown {
  expect(v).toEqual(expect.objectContaining({ [SIG_KEY]: SECRET_SIG }));
  return (v as Json).value;
}
const podSpecOf = (r: EngineResource) => (spec(r).template as Json).spec as Json;
const containerOf = (r: EngineResource) => (podSpecOf(r).containers as Json[])[0];

function ncaOf(plan: Plan): EngineResource[] {
  return descendantsOf(plan, resourceOf(plan, "neurastack:systems:NeuroCognitive", "nca").urn);
}

/** A copy of the stack file with `ncaLlmApiKey` set as a (placeholder) secure value. */
function stackFileWithLlmKey(stack: string): string {
  const text = fs.readFileSync(path.join(__dirname, "..", `Pulumi.${stack}.yaml`), "utf8");
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "nca-llm-")), `Pulumi.${stack}.yaml`);
  fs.writeFileSync(file, `${text.trimEnd()}\n  neurastack:ncaLlmApiKey:\n    secure: v1:offline-test-llm-key\n`);
  return file;
}

describe.each(["staging", "production"] as const)("NCA in the %s plan", (stack) => {
  let plan: Plan;
  let nca: EngineResource[];
  const ofType = (type: string) => nca.filter((r) => r.type === type);
  const named = (type: string, name: string) => {
    const found = nca.filter((r) => r.type === type && r.name === name);
    if (found.length !== 1) throw new Error(`expected one ${type} ${name}, found ${found.length}: ${ofType(type).map((r) => r.name).join(", ")}`);
    return found[0];
  };
  const k8sNamed = (type: string, k8sName: string) => {
    const found = nca.filter((r) => r.type === type && meta(r)?.name === k8sName);
    if (found.length !== 1) throw new Error(`expected one ${type} named ${k8sName}, found ${found.length}`);
    return found[0];
  };
  const raw = (name: string) => unwrapSecret((named("random:index/randomPassword:RandomPassword", name).wireOutputs as Json).result) as string;

  beforeAll(async () => {
    plan = await planStack(stack);
    nca = ncaOf(plan);
  });

  it("lives in namespace neuroca (restricted Pod Security) on the configured cluster", () => {
    const ns = named("kubernetes:core/v1:Namespace", "nca-namespace");
    expect(meta(ns)).toMatchObject({ name: "neuroca", labels: expect.objectContaining({ "pod-security.kubernetes.io/enforce": "restricted", system: "nca" }) });
    const cluster = plan.run.config.nca!.cluster;
    const objects = nca.filter((x) => x.custom && x.type.startsWith("kubernetes:"));
    for (const r of objects) {
      expect(r.provider).toMatch(new RegExp(`platform-${cluster}-k8s$`));
      // Namespaced kinds sit in neuroca; only cluster-scoped kinds carry no namespace.
      expect([r.type, meta(r).namespace]).toEqual([r.type, CLUSTER_SCOPED.test(r.type) ? undefined : "neuroca"]);
    }
    expect(objects.filter((r) => !CLUSTER_SCOPED.test(r.type)).length).toBeGreaterThan(3);
    for (const r of nca.filter((x) => x.custom && x.type.startsWith("aws:"))) expect(r.provider).toMatch(new RegExp(`platform-${cluster}-aws$`));
    expect(ns.options.protect).toBe(stack === "production");
  });

  it("puts the guide's NEUROCA_* settings in neuroca-config, and no secret", () => {
    const s = plan.run.config.nca!;
    const data = inputs(k8sNamed("kubernetes:core/v1:ConfigMap", "neuroca-config")).data as Record<string, string>;
    const proxy = named("aws:rds/proxy:Proxy", "nca-db-proxy-proxy").wireOutputs as Json;
    const replicas = ofType("aws:rds/instance:Instance").filter((r) => /^nca-db-replica-\d+-instance$/.test(r.name)).sort((a, b) => a.name.localeCompare(b.name)).map((r) => (r.wireOutputs as Json).address);
    expect(data.NEUROCA_DB_READ_HOSTS).toBe(replicas.join(","));
    expect(replicas).toHaveLength(s.database.readReplicas);
    expect(data).toMatchObject({
      NEUROCA_ENV: stack,
      NEUROCA_DEBUG: "false",
      NEUROCA_LOG_LEVEL: stack === "production" ? "info" : "debug",
      // Through RDS Proxy (guide: connection pooling).
      NEUROCA_DB_HOST: proxy.endpoint,
      NEUROCA_DB_PORT: "5432",
      NEUROCA_DB_NAME: "neuroca",
      NEUROCA_DB_USER: s.database.user,
      NEUROCA_MEMORY_SHORT_TERM_SIZE: "1000",
      NEUROCA_MEMORY_WORKING_SIZE: "100",
      NEUROCA_MEMORY_LONG_TERM_BACKEND: "postgres",
      NEUROCA_LLM_PROVIDER: "openai",
      NEUROCA_LLM_MODEL: "gpt-4",
      OTEL_EXPORTER_OTLP_ENDPOINT: s.observability.otlpEndpoint,
      OTEL_TRACES_SAMPLER_ARG: String(s.observability.samplingRatio),
    });
    expect(Object.keys(data).filter((k) => /PASSWORD|SECRET|API_KEY|TOKEN/.test(k))).toEqual([]);
    const values = Object.values(data);
    for (const secret of [raw("nca-secret-key"), raw("nca-db-password")]) expect(values).not.toContain(secret);
  });

  it("keeps NEUROCA_SECRET_KEY, the database password and the Redis token in Secrets, masked", () => {
    const app = k8sNamed("kubernetes:core/v1:Secret", "neuroca-secrets");
    expect(inputs(app).stringData).toBe("[secret]");
    const appData = unwrapSecret(app.wireInputs.stringData) as Record<string, string>;
    expect(appData.NEUROCA_SECRET_KEY).toBe(raw("nca-secret-key"));
    // The stack files set no ncaLlmApiKey: the key is left out, never filled with a placeholder.
    expect(Object.keys(appData)).toEqual(["NEUROCA_SECRET_KEY"]);
    const db = k8sNamed("kubernetes:core/v1:Secret", "neuroca-db-credentials");
    expect(inputs(db).stringData).toBe("[secret]");
    const dbData = unwrapSecret(db.wireInputs.stringData) as Record<string, string>;
    expect(dbData.NEUROCA_DB_PASSWORD).toBe(raw("nca-db-password"));
    expect(dbData.NEUROCA_REDIS_PASSWORD).toBe(raw("nca-redis-auth"));
    for (const p of ofType("random:index/randomPassword:RandomPassword")) expect(p.options.additionalSecretOutputs).toContain("result");
    const everything = JSON.stringify([plan.run.resources.map((r) => r.inputs), plan.run.outputs]);
    for (const p of ofType("random:index/randomPassword:RandomPassword")) expect(everything.includes(raw(p.name))).toBe(false);
  });

  it("runs neuroca-api and neuroca-worker from the configured images, non-root, with the guide's resources and /health probes", () => {
    const s = plan.run.config.nca!;
    for (const [name, image, pool, port] of [
      ["neuroca-api", s.apiImage, s.api, 8000],
      ["neuroca-worker", s.workerImage, s.worker, 8001],
    ] as const) {
      const d = k8sNamed("kubernetes:apps/v1:Deployment", name);
      const c = containerOf(d);
      expect(c.image).toBe(image);
      expect(c.resources).toEqual({ requests: pool.requests, limits: pool.limits });
      for (const probe of ["livenessProbe", "readinessProbe", "startupProbe"]) expect(((c[probe] as Json).httpGet as Json).path).toBe("/health");
      expect(podSpecOf(d).securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
      expect(c.securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
      expect(c.envFrom).toEqual([{ configMapRef: { name: "neuroca-config" } }, { secretRef: { name: "neuroca-secrets" } }, { secretRef: { name: "neuroca-db-credentials" } }]);
      // Env literals carry no secrets: only names of settings, never values of secrets.
      for (const e of (c.env as Json[]) ?? []) expect(String(e.name)).not.toMatch(/PASSWORD|SECRET|API_KEY/);
      expect((((spec(d).template as Json).metadata as Json).annotations as Json)).toMatchObject({ "prometheus.io/scrape": "true", "prometheus.io/port": String(port) });
      const hpa = k8sNamed("kubernetes:autoscaling/v2:HorizontalPodAutoscaler", name);
      expect(spec(hpa)).toMatchObject({ minReplicas: pool.replicas.min, maxReplicas: pool.replicas.max, scaleTargetRef: { kind: "Deployment", name } });
      expect(spec(k8sNamed("kubernetes:policy/v1:PodDisruptionBudget", name))).toMatchObject({ maxUnavailable: 1 });
      expect(spec(k8sNamed("kubernetes:core/v1:Service", name)).ports).toEqual([{ name: "http", port, targetPort: "http", protocol: "TCP" }]);
    }
  });

  it("runs the migration Job before the API rolls out (a dependency of the Deployment)", () => {
    const job = k8sNamed("kubernetes:batch/v1:Job", "neuroca-db-migrate");
    expect(containerOf(job).command).toEqual(["python", "-m", "neuroca.db.migrate"]);
    expect(containerOf(job).image).toBe(plan.run.config.nca!.apiImage);
    const api = k8sNamed("kubernetes:apps/v1:Deployment", "neuroca-api");
    expect(api.dependencies).toContain(job.urn);
    expect(k8sNamed("kubernetes:apps/v1:Deployment", "neuroca-worker").dependencies).toContain(job.urn);
    // ... after the guide's create_schema, which itself waits for the database role it connects as.
    const createSchema = k8sNamed("kubernetes:batch/v1:Job", "neuroca-db-create-schema");
    expect(containerOf(createSchema).command).toEqual(["python", "-m", "neuroca.db.create_schema"]);
    expect(job.dependencies).toContain(createSchema.urn);
    expect(createSchema.dependencies).toContain(k8sNamed("kubernetes:batch/v1:Job", "neuroca-db-bootstrap").urn);
    expect(job.options.deleteBeforeReplace).toBe(true);
    expect(createSchema.options.deleteBeforeReplace).toBe(true);
  });

  it("exposes the API through an HTTPS-only ALB Ingress (TLS 1.2+) serving a DNS-validated ACM certificate for the host", () => {
    const s = plan.run.config.nca!;
    const ing = k8sNamed("kubernetes:networking.k8s.io/v1:Ingress", "neuroca-api");
    expect(spec(ing)).toMatchObject({ ingressClassName: "alb", tls: [{ hosts: [s.host] }] });
    const annotations = meta(ing).annotations as Record<string, string>;
    expect(JSON.parse(annotations["alb.ingress.kubernetes.io/listen-ports"])).toEqual([{ HTTPS: 443 }]);
    expect(annotations["alb.ingress.kubernetes.io/ssl-policy"]).toBe("ELBSecurityPolicy-TLS13-1-2-2021-06");
    expect(annotations["alb.ingress.kubernetes.io/ssl-redirect"]).toBeUndefined();
    const rule = (spec(ing).rules as Json[])[0];
    expect(rule.host).toBe(s.host);
    expect(JSON.stringify(rule)).toContain('"service":{"name":"neuroca-api","port":{"number":8000}}');

    // The certificate: the host, DNS validation, in the ALB's region (the cluster's provider).
    const cert = named("aws:acm/certificate:Certificate", "nca-edge-cert");
    expect(inputs(cert)).toMatchObject({ domainName: s.host, validationMethod: "DNS" });
    expect(inputs(cert).subjectAlternativeNames ?? []).toEqual([]);
    expect(cert.provider).toMatch(new RegExp(`platform-${s.cluster}-aws$`));
    // ... validated through the record ACM asked for, in the host's zone ...
    const zone = named("aws:route53/zone:Zone", "nca-edge-zone");
    expect(inputs(zone).name).toBe(s.host);
    expect(zone.options.protect).toBe(stack === "production");
    const zoneId = (zone.wireOutputs as Json).zoneId;
    const option = ((cert.wireOutputs as Json).domainValidationOptions as Json[]).find((o) => o.domainName === s.host)!;
    const validationRecord = named("aws:route53/record:Record", "nca-edge-cert-validation");
    expect(inputs(validationRecord)).toMatchObject({ zoneId, name: option.resourceRecordName, type: option.resourceRecordType, records: [option.resourceRecordValue] });
    const validation = named("aws:acm/certificateValidation:CertificateValidation", "nca-edge-cert-validated");
    expect(inputs(validation).certificateArn).toBe((cert.wireOutputs as Json).arn);
    expect(inputs(validation).validationRecordFqdns).toEqual([(validationRecord.wireOutputs as Json).fqdn]);
    expect(validation.dependencies).toContain(validationRecord.urn);
    // ... and the Ingress serves only the validated certificate (it waits for the validation).
    expect(annotations["alb.ingress.kubernetes.io/certificate-arn"]).toBe((validation.wireOutputs as Json).certificateArn);
    expect(annotations["alb.ingress.kubernetes.io/certificate-arn"]).toBe((cert.wireOutputs as Json).arn);
    expect(ing.dependencies).toContain(validation.urn);
  });

  it("points the host at the Ingress's load balancer with an alias record in the same zone", () => {
    const s = plan.run.config.nca!;
    const ing = k8sNamed("kubernetes:networking.k8s.io/v1:Ingress", "neuroca-api");
    const albName = (meta(ing).annotations as Record<string, string>)["alb.ingress.kubernetes.io/load-balancer-name"];
    expect(albName.length).toBeLessThanOrEqual(32);
    // What the AWS provider answers for that load balancer (the engine's lookup of the ALB by name).
    const alb = awsCall("aws:lb/getLoadBalancer:getLoadBalancer", { name: albName }, { region: s.cluster })!;
    const record = named("aws:route53/record:Record", "nca-edge-record");
    expect(inputs(record)).toEqual(
      expect.objectContaining({ zoneId: (named("aws:route53/zone:Zone", "nca-edge-zone").wireOutputs as Json).zoneId, name: s.host, type: "A", aliases: [{ name: alb.dnsName, zoneId: alb.zoneId, evaluateTargetHealth: true }] }),
    );
    expect(plan.run.outputs.nca).toMatchObject({ endpoint: `https://${s.host}`, certificateArn: annotationsOf(ing)["alb.ingress.kubernetes.io/certificate-arn"], nameServers: expect.arrayContaining([expect.stringMatching(/awsdns/)]) });
  });

  it("keeps logical dumps on the neuroca-backups PVC (guide storage size) and isolates the namespace", () => {
    const pvc = k8sNamed("kubernetes:core/v1:PersistentVolumeClaim", "neuroca-backups");
    expect(spec(pvc)).toMatchObject({ accessModes: ["ReadWriteOnce"], resources: { requests: { storage: `${plan.run.config.nca!.storageGb}Gi` } } });
    expect(pvc.options.protect).toBe(stack === "production");
    const cron = k8sNamed("kubernetes:batch/v1:CronJob", "neuroca-db-backup");
    expect(JSON.stringify(spec(cron))).toContain('"claimName":"neuroca-backups"');
    const deny = k8sNamed("kubernetes:networking.k8s.io/v1:NetworkPolicy", "neuroca-default-deny");
    expect(spec(deny)).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"], ingress: [], egress: [] });
    const fromAlb = k8sNamed("kubernetes:networking.k8s.io/v1:NetworkPolicy", "neuroca-api-from-alb");
    expect(spec(fromAlb)).toMatchObject({ podSelector: { matchLabels: { "app.kubernetes.io/name": "neuroca-api" } }, policyTypes: ["Ingress"] });
  });

  it("uses PostgreSQL and Redis through the data components, reachable from the nodes and the DSR function only", () => {
    // The primary and its in-region read replicas (guide "Database Scaling").
    expect(ofType("neurastack:aws:PostgresDatabase").map((r) => r.name)).toEqual(["nca-db", ...Array.from({ length: plan.run.config.nca!.database.readReplicas }, (_, i) => `nca-db-replica-${i + 1}`)]);
    expect(ofType("neurastack:aws:RedisCache").map((r) => r.name)).toEqual(["nca-redis"]);
    const dsrSg = (named("aws:ec2/securityGroup:SecurityGroup", "nca-dsr-sg").wireOutputs as Json).id;
    for (const sg of ["nca-db-sg", "nca-redis-sg"]) {
      // Besides the clients, only the master password's rotation function reaches the database.
      const ingress = (inputs(named("aws:ec2/securityGroup:SecurityGroup", sg)).ingress as Json[]).filter((i) => i.description !== "Master password rotation function");
      expect(ingress).toHaveLength(1);
      expect(ingress[0].securityGroups).toContain(dsrSg);
      // The nodes, the DSR function and (database only) the RDS Proxy.
      expect(ingress[0].securityGroups).toHaveLength(sg === "nca-db-sg" ? 3 : 2);
    }
    expect(inputs(named("aws:rds/instance:Instance", "nca-db-instance")).tags).toMatchObject({ "data-classification": "pii" });
  });

  it("limits storage: subject objects and export bundles expire after their configured retention", () => {
    const s = plan.run.config.nca!;
    const expiration = (name: string) => (inputs(named("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", name)).rules as Json[]).map((r) => (r.expiration as Json | undefined)?.days).filter((d) => d !== undefined);
    expect(expiration("nca-data-lifecycle")).toEqual([s.dataRetentionDays]);
    expect(expiration("nca-dsr-exports-lifecycle")).toEqual([s.dataSubjectRequests.exportRetentionDays]);
    expect(plan.policy.violations.filter((v) => /NeuroCognitive|ZkpLedger/.test(v.urn ?? ""))).toEqual([]);
  });

  it("creates every @pulumi/random and @pulumi/tls resource with the system's own explicit provider", () => {
    const system = resourceOf(plan, "neurastack:systems:NeuroCognitive", "nca");
    const own = nca.filter((r) => r.type === "pulumi:providers:random" && r.parent === system.urn);
    expect(own).toHaveLength(1);
    const generated = nca.filter((r) => r.custom && /^(random|tls):/.test(r.type));
    // Not vacuous: the secret key, the database password, the Redis AUTH token (inside RedisCache)
    // and the replica source's generated master password (inside PostgresDatabase).
    expect(generated.map((r) => r.name).sort()).toEqual(["nca-db-master-password", "nca-db-password", "nca-redis-auth", "nca-secret-key"]);
    for (const r of generated) expect([r.name, r.provider]).toEqual([r.name, own[0].urn]);
  });

  it("exports traces to the configured (external) OpenTelemetry collector and lets the pods reach it", () => {
    const o = plan.run.config.nca!.observability;
    expect(o).toMatchObject(NCA_OBSERVABILITY_DEFAULTS);
    const data = inputs(k8sNamed("kubernetes:core/v1:ConfigMap", "neuroca-config")).data as Record<string, string>;
    expect(data).toMatchObject({ OTEL_TRACES_EXPORTER: "otlp", OTEL_EXPORTER_OTLP_ENDPOINT: o.otlpEndpoint });
    const egress = spec(k8sNamed("kubernetes:networking.k8s.io/v1:NetworkPolicy", "neuroca-app-egress")).egress as Json[];
    expect(egress).toContainEqual({ to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": o.otelNamespace } } }], ports: [{ protocol: "TCP", port: Number(new URL(o.otlpEndpoint).port) }] });
  });

  describe("data-subject-request Lambda", () => {
    const fn = () => named("aws:lambda/function:Function", "nca-dsr-function");

    it("is a nodejs22.x function bundled from functions/data-subject-requests, in the VPC, with reserved concurrency and a DLQ", () => {
      const s = plan.run.config.nca!.dataSubjectRequests;
      const f = inputs(fn());
      expect(f).toMatchObject({ runtime: "nodejs22.x", handler: "index.handler", code: { archive: ["index.js"] }, reservedConcurrentExecutions: s.reservedConcurrency, timeout: s.timeoutSeconds, memorySize: s.memoryMb });
      const vpc = f.vpcConfig as Json;
      expect((vpc.subnetIds as string[]).length).toBeGreaterThanOrEqual(2);
      expect(vpc.securityGroupIds).toEqual([(named("aws:ec2/securityGroup:SecurityGroup", "nca-dsr-sg").wireOutputs as Json).id]);
      expect((f.deadLetterConfig as Json).targetArn).toBe((named("aws:sqs/queue:Queue", "nca-dsr-dlq").wireOutputs as Json).arn);
      expect(f.kmsKeyArn).toMatch(/^arn:aws:kms:/);
    });

    it("sets the environment the handler's own contract (env.ts loadConfig) accepts", () => {
      const vars = ((inputs(fn()).environment as Json).variables ?? {}) as Record<string, string>;
      const config = loadConfig({ ...vars, AWS_LAMBDA_FUNCTION_NAME: "nca-dsr", AWS_REGION: plan.run.config.nca!.cluster });
      expect(config.pg).toMatchObject({ auth: "secret", sslMode: "verify-full", database: "neuroca" });
      expect(config.pg.secretArn).toBe((named("aws:secretsmanager/secret:Secret", "nca-db-app").wireOutputs as Json).arn);
      expect(config.redis.authSecretArn).toBe((named("aws:secretsmanager/secret:Secret", "nca-redis-auth").wireOutputs as Json).arn);
      expect(config.s3).toMatchObject({ dataBucket: `nca-data-${stack}`, dataPrefix: "subjects", exportBucket: `nca-dsr-exports-${stack}`, exportPrefix: "dsr-exports" });
      expect(vars).toMatchObject(LAMBDA.extraEnvironment);
      expect(Object.keys(vars).filter((k) => /PASSWORD/.test(k))).toEqual([]);
    });

    it("logs to a KMS-encrypted log group with the configured retention", () => {
      const s = plan.run.config.nca!.dataSubjectRequests;
      const logs = named("aws:cloudwatch/logGroup:LogGroup", "nca-dsr-logs");
      expect(inputs(logs)).toMatchObject({ name: `/aws/lambda/nca-dsr-${stack}`, retentionInDays: s.logRetentionDays });
      expect(inputs(logs).kmsKeyId).toMatch(/^arn:aws:kms:/);
      expect((inputs(fn()).loggingConfig as Json).logGroup).toBe(`/aws/lambda/nca-dsr-${stack}`);
    });

    it("is invoked by an SQS queue (partial batch failures, redrive to the DLQ) and an IAM-authorized HTTP API", () => {
      const s = plan.run.config.nca!.dataSubjectRequests;
      const queue = named("aws:sqs/queue:Queue", "nca-dsr-queue");
      const dlqArn = (named("aws:sqs/queue:Queue", "nca-dsr-dlq").wireOutputs as Json).arn;
      expect(JSON.parse(inputs(queue).redrivePolicy as string)).toEqual({ deadLetterTargetArn: dlqArn, maxReceiveCount: s.maxReceiveCount });
      expect(inputs(queue).visibilityTimeoutSeconds).toBeGreaterThanOrEqual(6 * s.timeoutSeconds);
      const mapping = named("aws:lambda/eventSourceMapping:EventSourceMapping", "nca-dsr-queue-trigger");
      expect(inputs(mapping)).toMatchObject({ eventSourceArn: (queue.wireOutputs as Json).arn, functionResponseTypes: ["ReportBatchItemFailures"] });
      // The queue never takes every reserved execution: the HTTP API keeps two while it is busy.
      const maximum = (inputs(mapping).scalingConfig as Json).maximumConcurrency as number;
      expect(maximum).toBe(s.reservedConcurrency - 2);
      expect(maximum).toBeGreaterThanOrEqual(2);
      expect(s.reservedConcurrency - maximum).toBeGreaterThanOrEqual(2);
      // Pending and failed requests are legal obligations: both queues are protected in production.
      for (const q of [queue, named("aws:sqs/queue:Queue", "nca-dsr-dlq")]) expect(q.options.protect).toBe(stack === "production");
      const routes = ofType("aws:apigatewayv2/route:Route");
      expect(routes.map((r) => inputs(r).routeKey).sort()).toEqual(Object.values(ROUTES).sort());
      for (const r of routes) expect(inputs(r).authorizationType).toBe("AWS_IAM");
      const apiPermissions = ofType("aws:lambda/permission:Permission").filter((p) => p.name.includes("-api-invoke-"));
      expect(apiPermissions.length).toBeGreaterThan(0);
      for (const p of apiPermissions) expect(inputs(p)).toMatchObject({ principal: "apigateway.amazonaws.com", sourceArn: expect.stringMatching(/^arn:aws:execute-api:.*\/data-subject-requests/) });
    });

    it("is invoked on the handler's sweep schedule (finishing interrupted erasures), by that rule only", () => {
      const rule = named("aws:cloudwatch/eventRule:EventRule", "nca-dsr-sweep");
      expect(inputs(rule).scheduleExpression).toBe(SWEEP.scheduleExpression);
      expect(inputs(named("aws:cloudwatch/eventTarget:EventTarget", "nca-dsr-sweep-target"))).toMatchObject({ rule: (rule.wireOutputs as Json).name, arn: (fn().wireOutputs as Json).arn });
      expect(inputs(named("aws:lambda/permission:Permission", "nca-dsr-sweep-invoke"))).toMatchObject({ principal: "events.amazonaws.com", sourceArn: (rule.wireOutputs as Json).arn, action: "lambda:InvokeFunction" });
    });

    it("has its own least-privilege role: no wildcard actions, S3 limited to its prefixes, secrets limited to its two", () => {
      const role = named("aws:iam/role:Role", "nca-dsr-role");
      expect(JSON.parse(inputs(role).assumeRolePolicy as string).Statement[0].Principal).toEqual({ Service: "lambda.amazonaws.com" });
      expect(inputs(fn()).role).toBe((role.wireOutputs as Json).arn);
      const policy = JSON.parse(inputs(named("aws:iam/rolePolicy:RolePolicy", "nca-dsr-policy")).policy as string) as { Statement: { Sid: string; Action: string | string[]; Resource: string | string[] }[] };
      const statements = Object.fromEntries(policy.Statement.map((st) => [st.Sid, st]));
      for (const st of policy.Statement) for (const a of [st.Action].flat()) expect(a).not.toMatch(/\*/);
      expect(statements.SubjectObjects.Resource).toMatch(/^arn:aws:s3:::nca-data-[a-z]+\/subjects\/\*$/);
      expect(statements.ExportObjects.Resource).toMatch(/^arn:aws:s3:::nca-dsr-exports-[a-z]+\/dsr-exports\/\*$/);
      expect([statements.CredentialSecrets.Resource].flat().sort()).toEqual(
        [(named("aws:secretsmanager/secret:Secret", "nca-db-app").wireOutputs as Json).arn, (named("aws:secretsmanager/secret:Secret", "nca-redis-auth").wireOutputs as Json).arn].sort(),
      );
      expect(statements.ConsumeRequestQueue.Resource).toBe((named("aws:sqs/queue:Queue", "nca-dsr-queue").wireOutputs as Json).arn);
      // Only Describe calls (which cannot be scoped) use "*" without a condition.
      for (const st of policy.Statement.filter((x) => x.Resource === "*" && !("Condition" in x))) for (const a of [st.Action].flat()) expect(a).toMatch(/^ec2:Describe/);
    });
  });
});

describe("NCA with the LLM key configured as a secret", () => {
  let plan: Plan;
  beforeAll(async () => {
    plan = await planStack("staging", { stackFile: stackFileWithLlmKey("staging"), overrides: { systems: ["nca"] } });
  });
  it("adds NEUROCA_LLM_API_KEY to neuroca-secrets as a secret and nowhere in plain text", () => {
    const placeholders = plan.run.files.placeholders;
    expect(placeholders).toHaveLength(1);
    const secret = resourceOf(plan, "kubernetes:core/v1:Secret", "nca-secrets");
    expect(inputs(secret).stringData).toBe("[secret]");
    expect((unwrapSecret(secret.wireInputs.stringData) as Record<string, string>).NEUROCA_LLM_API_KEY).toBe(placeholders[0]);
    expect(JSON.stringify([plan.run.resources.map((r) => r.inputs), plan.run.outputs]).includes(placeholders[0])).toBe(false);
  });
});

describe("the data-subject-request bundle", () => {
  it("bundles functions/data-subject-requests/lambda.ts into one file exporting handler", () => {
    const bundle = bundleHandler({ entry: LAMBDA.entry });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "dsr-bundle-")), "index.js");
    fs.writeFileSync(file, bundle.code);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(file) as { handler?: unknown };
    expect(typeof mod.handler).toBe("function");
    expect(bundle.bytes).toBeGreaterThan(1000);
  });
});

describe.each(["staging", "production"] as const)("NCA operations in the %s plan", (stack) => {
  let plan: Plan;
  beforeAll(async () => {
    plan = await planStack(stack);
  });
  const nca = () => ncaOf(plan);
  const find = (type: string, name: string) => nca().find((r) => r.type === type && r.name === name)!;

  it("pools connections with RDS Proxy in front of the primary: TLS, SCRAM, the app role's secret, the guide's pool", () => {
    const proxy = find("aws:rds/proxy:Proxy", "nca-db-proxy-proxy");
    expect(proxy.inputs).toMatchObject({ engineFamily: "POSTGRESQL", requireTls: true, idleClientTimeout: plan.run.config.nca!.proxy.idleClientTimeoutSeconds });
    expect(proxy.inputs.auths).toEqual([expect.objectContaining({ authScheme: "SECRETS", iamAuth: "DISABLED", clientPasswordAuthType: "POSTGRES_SCRAM_SHA_256", secretArn: (find("aws:secretsmanager/secret:Secret", "nca-db-app").wireOutputs as Record<string, unknown>).arn })]);
    const target = find("aws:rds/proxyTarget:ProxyTarget", "nca-db-proxy-target");
    expect(target.inputs.dbInstanceIdentifier).toBe((find("aws:rds/instance:Instance", "nca-db-instance").wireOutputs as Record<string, unknown>).identifier);
    expect(find("aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup", "nca-db-proxy-pool").inputs.connectionPoolConfig).toMatchObject({ maxConnectionsPercent: 90, maxIdleConnectionsPercent: 50 });
  });

  it("keeps backups in a second location (S3) and restores the latest one into a scratch database", () => {
    const crons = nca().filter((r) => r.type === "kubernetes:batch/v1:CronJob").map((r) => (r.inputs.metadata as { name: string }).name).sort();
    expect(crons).toEqual(["neuroca-db-backup", "neuroca-db-backup-s3", "neuroca-db-backup-s3-verify"]);
    const bucket = find("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "nca-backups-lifecycle");
    expect(JSON.stringify(bucket.inputs.rules)).toContain(`"days":${plan.run.config.nca!.backup.s3RetentionDays}`);
    const bootstrap = nca().find((r) => r.type === "kubernetes:batch/v1:Job" && (r.inputs.metadata as { name: string }).name === "neuroca-db-bootstrap")!;
    expect(JSON.stringify(bootstrap.inputs)).toContain('"name":"SCRATCH_DB","value":"neuroca_restore_check"');
  });

  it("alerts on the API, the worker, the database, the cache and data-subject requests", () => {
    const rule = nca().find((r) => r.type === "kubernetes:monitoring.coreos.com/v1:PrometheusRule")!;
    const alerts = ((rule.inputs.spec as { groups: { rules: { alert: string }[] }[] }).groups[0].rules).map((r) => r.alert);
    expect(alerts).toEqual(expect.arrayContaining(["NcaApiHighErrorRate", "NcaApiHighLatency", "NcaApiDown", "NcaWorkerQueueBacklog", "NcaWorkerUnavailable", "NcaBackupVerificationFailed"]));
    const alarms = nca().filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm").map((r) => r.name);
    expect(alarms).toEqual(expect.arrayContaining(["nca-monitoring-dsr-dead-letters", "nca-monitoring-dsr-failed-erasures", "nca-monitoring-db-free-storage", "nca-monitoring-db-cpu", "nca-monitoring-cache-1-memory", "nca-monitoring-db-replica-1-lag"]));
  });
});
