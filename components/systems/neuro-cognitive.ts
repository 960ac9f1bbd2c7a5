/**
 * NeuroCognitive Architecture (seed 003) on a platform cluster: namespace `neuroca` (restricted
 * Pod Security, default-deny network), the guide's NEUROCA_* settings in `neuroca-config`,
 * generated and configured secrets in Secrets, the `neuroca-api` and `neuroca-worker`
 * Deployments (HPA, PDB, probes on /health, Prometheus annotations, OpenTelemetry), a migration
 * Job the API waits for, an HTTPS-only ALB Ingress with a DNS-validated ACM certificate and its
 * Route53 records (./neuro-cognitive/edge.ts), PostgreSQL + Redis (RDS / ElastiCache in the
 * cluster's region), S3 for subject objects, logical dumps on a PVC, and the data-subject-request
 * Lambda (./neuro-cognitive/data-subject-requests.ts). See ./neuro-cognitive/README.md.
 *
 * External dependencies (not deployed here): Prometheus in `observability.prometheusNamespace`
 * and the OpenTelemetry collector at `observability.otlpEndpoint` (turn off with
 * `observability.tracing: false`).
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { SystemContext } from "../context";
import { stateful } from "../context";
import { dataLabels } from "../labels";
import type { RegionalPlatform } from "../aws/platform-contract";
import type { AlertRouting } from "../aws/alerting/routing";
import { MONITORING_RELEASE } from "../aws/monitoring";
import { DataBucket } from "../aws/data/data-bucket";
import { PostgresDatabase } from "../aws/data/postgres-database";
import { PostgresProxy } from "../aws/data/postgres-proxy";
import { envName } from "../naming";
import { PostgresS3Backup } from "../k8s/postgres-s3-backup";
import { RedisCache } from "../aws/data/redis-cache";
import { retentionAtLeast } from "../aws/logs";
import { IrsaServiceAccount } from "../k8s/irsa-service-account";
import { hardenedNamespace } from "../k8s/namespace";
import { NetworkIsolation, urlPort } from "../k8s/network-policy";
import { httpProbe, securePodSpec, type EnvFromSource } from "../k8s/pod-security";
import { PostgresRoleBootstrap } from "../k8s/postgres-role-bootstrap";
import { scrapeAnnotations } from "../k8s/prometheus";
import { SecureDeployment } from "../k8s/secure-deployment";
import { secretSetting } from "../../stacks/load";
import type { NcaConfig } from "../../stacks/sections/nca";
import { DataSubjectRequests } from "./neuro-cognitive/data-subject-requests";
import { NcaEdge } from "./neuro-cognitive/edge";
import { NcaDatabaseBackup } from "./neuro-cognitive/database-backup";
import { NcaMonitoring } from "./neuro-cognitive/monitoring";
import { ncaNetworkAllows } from "./neuro-cognitive/network";
import {
  API_NAME,
  API_PORT,
  APP_SECRET,
  APP_UID,
  BACKUP_JOB,
  BOOTSTRAP_JOB,
  CONFIG_MAP,
  CREATE_SCHEMA_JOB,
  RESTORE_CHECK_DB,
  S3_BACKUP_JOB,
  DB_SECRET,
  EXPORT_PREFIX,
  MIGRATE_JOB,
  NAMESPACE,
  PART_OF,
  SUBJECT_PREFIX,
  WORKER_NAME,
  WORKER_PORT,
  ncaConfigData,
} from "./neuro-cognitive/settings";

export interface NeuroCognitiveArgs {
  readonly context: SystemContext;
  readonly settings: NcaConfig;
  /** The platform region (cluster) that hosts the system. */
  readonly platform: RegionalPlatform;
  /** The stack's alert routing (SNS topics per region and severity). */
  readonly alerts: AlertRouting;
}

export class NeuroCognitive extends pulumi.ComponentResource {
  /** Stack outputs of the system (no secret values). */
  readonly exports: Record<string, pulumi.Input<unknown>>;
  /** The migration Job the API Deployment depends on. */
  readonly migrationJob: k8s.batch.v1.Job;

  constructor(name: string, args: NeuroCognitiveArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:systems:NeuroCognitive", name, {}, opts);
    const { context, settings: s, platform: p } = args;
    const config = context.config;
    const region = p.region;
    const k8sChild = { parent: this, provider: p.kubernetes };
    const awsChild = { parent: this, provider: p.aws };
    const piiLabels = (purpose: string) => dataLabels(context.labels, { classification: "pii", jurisdiction: region.jurisdiction, purpose });

    // Waits for the platform (node groups, add-ons, load balancer controller) before anything lands.
    const namespace = hardenedNamespace(`${name}-namespace`, { name: NAMESPACE }, { ...stateful(config, k8sChild), dependsOn: [...(p.ready ?? [])] });
    const ns = namespace.metadata.name;

    // ---- Generated secrets (Pulumi secrets end to end), from the system's own random provider.
    const randomProvider = new random.Provider(`${name}-random`, {}, { parent: this });
    const randomChild = { parent: this, provider: randomProvider };
    const secretKey = new random.RandomPassword(`${name}-secret-key`, { length: 64, special: false }, randomChild);
    const dbPassword = new random.RandomPassword(`${name}-db-password`, { length: 40, special: false }, randomChild);

    // ---- Data stores in the cluster's region. The DSR function's security group exists first so
    // the stores admit it (besides the cluster nodes, where the pods run).
    const dsrSecurityGroup = new aws.ec2.SecurityGroup(
      `${name}-dsr-sg`,
      {
        description: "NCA data-subject-request Lambda: PostgreSQL, Redis and HTTPS egress only",
        vpcId: p.vpcId,
        ingress: [],
        egress: [
          { protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: [p.vpcCidr], description: "PostgreSQL" },
          { protocol: "tcp", fromPort: 6379, toPort: 6379, cidrBlocks: [p.vpcCidr], description: "Redis (TLS)" },
          { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], description: "AWS APIs (S3, Secrets Manager, KMS) via endpoints or NAT" },
        ],
        tags: {},
      },
      awsChild,
    );
    // RDS Proxy (guide: connection pooling): clients reach it, it reaches the database.
    const proxySecurityGroup = new aws.ec2.SecurityGroup(
      `${name}-db-proxy-sg`,
      {
        description: "NCA RDS Proxy: PostgreSQL from the nodes and the DSR function, to the database",
        vpcId: p.vpcId,
        ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, securityGroups: [p.nodeSecurityGroupId, dsrSecurityGroup.id], description: "PostgreSQL clients" }],
        egress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: [p.vpcCidr], description: "The database" }],
        tags: {},
      },
      awsChild,
    );
    const network = { vpcId: p.vpcId, subnetIds: p.privateSubnetIds, allowedSecurityGroupIds: [p.nodeSecurityGroupId, dsrSecurityGroup.id, proxySecurityGroup.id], cidrBlock: p.vpcCidr };
    const storeBase = { context, provider: p.aws, network };
    // Guide "Database Scaling: Implement read replicas for read-heavy workloads": the primary is
    // a replica source, so RDS needs a rotated (not Secrets Manager-managed) master password.
    const db = new PostgresDatabase(
      `${name}-db`,
      {
        ...storeBase,
        region: region.name,
        dataLabels: piiLabels("cognitive-memory"),
        instanceClass: s.database.instanceClass,
        allocatedStorageGb: s.database.allocatedStorageGb,
        backupRetentionDays: s.database.backupRetentionDays,
        databaseName: s.database.name,
        readReplicaSource: s.database.readReplicas > 0 ? { randomProvider } : undefined,
      },
      { parent: this },
    );
    const readReplicas = Array.from(
      { length: s.database.readReplicas },
      (_, i) =>
        new PostgresDatabase(
          `${name}-db-replica-${i + 1}`,
          { ...storeBase, region: region.name, dataLabels: piiLabels("cognitive-memory"), instanceClass: s.database.instanceClass, replicaOf: db },
          { parent: this },
        ),
    );
    // Its AUTH token comes from this system's random provider too.
    // The proxy is a PostgreSQL client only.
    const redis = new RedisCache(`${name}-redis`, { ...storeBase, network: { ...network, allowedSecurityGroupIds: [p.nodeSecurityGroupId, dsrSecurityGroup.id] }, dataLabels: piiLabels("cognitive-cache"), nodeType: s.redis.nodeType, replicas: s.redis.replicas, randomProvider }, { parent: this });
    const dataBucket = new DataBucket(
      `${name}-data`,
      // Storage limitation: subject objects expire after the configured retention.
      { context, provider: p.aws, dataLabels: piiLabels("subject-objects"), lifecycle: { expirationDays: s.dataRetentionDays } },
      { parent: this },
    );
    const exportBucket = new DataBucket(
      `${name}-dsr-exports`,
      {
        context,
        provider: p.aws,
        dataLabels: piiLabels("dsr-exports"),
        // Export bundles are copies of personal data: gone after the retention, versions a day later.
        lifecycle: { expirationDays: s.dataSubjectRequests.exportRetentionDays, noncurrentVersionExpirationDays: 1 },
      },
      { parent: this },
    );

    // The application role's credentials for the DSR Lambda (DB_AUTH=secret), in the database's key.
    const appDbSecret = new aws.secretsmanager.Secret(
      `${name}-db-app`,
      { description: `NCA application role ${s.database.user} (data-subject requests)`, kmsKeyId: db.kmsKeyArn, recoveryWindowInDays: 30, tags: piiLabels("cognitive-memory") },
      stateful(config, awsChild),
    );
    new aws.secretsmanager.SecretVersion(
      `${name}-db-app`,
      { secretId: appDbSecret.id, secretString: pulumi.secret(dbPassword.result.apply((password) => JSON.stringify({ username: s.database.user, password }))) },
      awsChild,
    );

    const proxy = new PostgresProxy(
      `${name}-db-proxy`,
      {
        context,
        provider: p.aws,
        dataLabels: piiLabels("cognitive-memory"),
        proxyName: envName("neuroca", config.environment, 60),
        database: db,
        subnetIds: p.privateSubnetIds,
        securityGroupId: proxySecurityGroup.id,
        credentialSecretArns: [appDbSecret.arn],
        secretsKmsKeyArn: db.kmsKeyArn,
        pool: s.proxy,
        region: region.name,
      },
      { parent: this },
    );

    // ---- Kubernetes Secrets and the ConfigMap.
    const llmKey = secretSetting("ncaLlmApiKey");
    if (!llmKey) {
      pulumi.log.warn("nca: secret ncaLlmApiKey is not set; NEUROCA_LLM_API_KEY is left out of neuroca-secrets (run `pulumi config set --secret ncaLlmApiKey <key>`)", this);
    }
    const appSecret = new k8s.core.v1.Secret(
      `${name}-secrets`,
      {
        metadata: { name: APP_SECRET, namespace: ns, labels: {} },
        type: "Opaque",
        stringData: pulumi.secret(
          pulumi.all([secretKey.result, llmKey ?? pulumi.output("")]).apply(([key, llm]): Record<string, string> => (llmKey ? { NEUROCA_SECRET_KEY: key, NEUROCA_LLM_API_KEY: llm } : { NEUROCA_SECRET_KEY: key })),
        ),
      },
      k8sChild,
    );
    const dbSecret = new k8s.core.v1.Secret(
      `${name}-db-credentials`,
      {
        metadata: { name: DB_SECRET, namespace: ns, labels: {} },
        type: "Opaque",
        stringData: pulumi.secret(pulumi.all([dbPassword.result, redis.authToken]).apply(([password, token]) => ({ NEUROCA_DB_PASSWORD: password, NEUROCA_REDIS_PASSWORD: token }))),
      },
      k8sChild,
    );
    const configMap = new k8s.core.v1.ConfigMap(
      `${name}-config`,
      {
        metadata: { name: CONFIG_MAP, namespace: ns, labels: {} },
        data: pulumi
          .all([proxy.endpoint, db.port, pulumi.all(readReplicas.map((r) => r.address)), redis.primaryEndpoint, dataBucket.bucketName])
          .apply(([dbHost, dbPort, dbReadHosts, redisHost, bucket]) => ncaConfigData(s, config.environment, { dbHost, dbPort, dbReadHosts, redisHost, redisPort: redis.port, dataBucket: bucket })),
      },
      k8sChild,
    );
    const envFrom: EnvFromSource[] = [{ configMapRef: { name: configMap.metadata.name } }, { secretRef: { name: appSecret.metadata.name } }, { secretRef: { name: dbSecret.metadata.name } }];

    // ---- Service accounts: the app's IRSA role may use the subject prefix of the data bucket only.
    const appPolicy = pulumi.all([dataBucket.arn, dataBucket.kmsKeyArn]).apply(([bucketArn, keyArn]) =>
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          { Sid: "ListSubjectPrefix", Effect: "Allow", Action: "s3:ListBucket", Resource: bucketArn, Condition: { StringLike: { "s3:prefix": [SUBJECT_PREFIX, `${SUBJECT_PREFIX}/*`] } } },
          { Sid: "SubjectObjects", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource: `${bucketArn}/${SUBJECT_PREFIX}/*` },
          { Sid: "BucketKey", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: keyArn, Condition: { StringEquals: { "kms:ViaService": `s3.${region.name}.amazonaws.com` } } },
        ],
      }),
    );
    const appAccount = new IrsaServiceAccount(
      `${name}-app`,
      {
        namespace: NAMESPACE,
        namespaceResource: namespace,
        serviceAccountName: "neuroca-app",
        oidcProviderArn: p.oidcProviderArn,
        oidcIssuer: p.oidcIssuer,
        policy: appPolicy,
        description: "NCA API and worker: subject objects in the data bucket",
        awsProvider: p.aws,
        kubernetesProvider: p.kubernetes,
        labels: { ...PART_OF },
      },
      { parent: this },
    );
    const jobAccount = new k8s.core.v1.ServiceAccount(`${name}-jobs-sa`, { metadata: { name: "neuroca-jobs", namespace: ns, labels: {} }, automountServiceAccountToken: false }, k8sChild);

    // ---- Database role, then migrations, then the workloads.
    const bootstrap = new PostgresRoleBootstrap(
      `${name}-db-bootstrap`,
      {
        namespace: NAMESPACE,
        namespaceResource: namespace,
        kubernetesProvider: p.kubernetes,
        awsProvider: p.aws,
        oidcProviderArn: p.oidcProviderArn,
        oidcIssuer: p.oidcIssuer,
        jobName: BOOTSTRAP_JOB,
        database: { host: db.address, port: db.port, name: s.database.name, masterSecretArn: db.masterUserSecretArn, kmsKeyArn: db.kmsKeyArn },
        role: { username: s.database.user, schema: s.database.user, passwordSecret: { name: dbSecret.metadata.name, key: "NEUROCA_DB_PASSWORD" } },
        images: s.bootstrapImages,
        scratchDatabase: RESTORE_CHECK_DB,
      },
      { parent: this },
    );

    const small = { requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: "1", memory: "1Gi" } };
    // Guide "Initial Database Setup": `python -m neuroca.db.create_schema`, then the migrations.
    const schemaLabels = { ...PART_OF, "app.kubernetes.io/name": CREATE_SCHEMA_JOB };
    const createSchemaJob = new k8s.batch.v1.Job(
      `${name}-db-create-schema`,
      {
        metadata: { name: CREATE_SCHEMA_JOB, namespace: ns, labels: schemaLabels, annotations: { "neurastack.io/image": s.apiImage } },
        spec: {
          backoffLimit: 3,
          activeDeadlineSeconds: 900,
          template: {
            metadata: { labels: schemaLabels },
            spec: securePodSpec({
              serviceAccountName: jobAccount.metadata.name,
              restartPolicy: "Never",
              runAsUser: APP_UID,
              containers: [
                // Idempotent by contract (CREATE ... IF NOT EXISTS): it re-runs with each new image.
                { name: "create-schema", image: s.apiImage, command: ["python", "-m", "neuroca.db.create_schema"], envFrom, env: [{ name: "HOME", value: "/tmp" }], resources: small },
              ],
            }),
          },
        },
      },
      { ...k8sChild, deleteBeforeReplace: true, dependsOn: [bootstrap.job, configMap, appSecret, dbSecret] },
    );
    const jobLabels = { ...PART_OF, "app.kubernetes.io/name": MIGRATE_JOB };
    this.migrationJob = new k8s.batch.v1.Job(
      `${name}-db-migrate`,
      {
        metadata: { name: MIGRATE_JOB, namespace: ns, labels: jobLabels, annotations: { "neurastack.io/image": s.apiImage } },
        spec: {
          backoffLimit: 3,
          activeDeadlineSeconds: 1800,
          template: {
            metadata: { labels: jobLabels },
            spec: securePodSpec({
              serviceAccountName: jobAccount.metadata.name,
              restartPolicy: "Never",
              runAsUser: APP_UID,
              containers: [
                // Guide: `python -m neuroca.db.migrate` (idempotent: applies pending migrations only).
                { name: "migrate", image: s.apiImage, command: ["python", "-m", "neuroca.db.migrate"], envFrom, env: [{ name: "HOME", value: "/tmp" }], resources: small },
              ],
            }),
          },
        },
      },
      // Fixed name, immutable template: a new image replaces (re-runs) the Job, deleting the old one first.
      { ...k8sChild, deleteBeforeReplace: true, dependsOn: [createSchemaJob, configMap, appSecret, dbSecret] },
    );

    const workload = (component: "api" | "worker", workloadName: string, port: number, image: string, pool: NcaConfig["api"], dependsOn: pulumi.Resource[]) =>
      new SecureDeployment(
        `${name}-${component}`,
        {
          namespace: ns,
          provider: p.kubernetes,
          workloadName,
          labels: { ...PART_OF, "app.kubernetes.io/component": component },
          replicas: pool.replicas,
          podAnnotations: scrapeAnnotations(port),
          dependsOn,
          pod: {
            serviceAccountName: appAccount.serviceAccountName,
            // IRSA's web-identity token is projected with the service-account token.
            automountServiceAccountToken: true,
            runAsUser: APP_UID,
            containers: [
              {
                name: workloadName,
                image,
                ports: [{ name: "http", containerPort: port }],
                envFrom,
                env: [
                  { name: "OTEL_SERVICE_NAME", value: workloadName },
                  { name: "HOME", value: "/tmp" },
                  { name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
                ],
                resources: { requests: pool.requests, limits: pool.limits },
                startupProbe: httpProbe("/health", "http", { periodSeconds: 10, failureThreshold: 30 }),
                livenessProbe: httpProbe("/health", "http", { periodSeconds: 20 }),
                readinessProbe: httpProbe("/health", "http", { periodSeconds: 10 }),
              },
            ],
          },
          service: { ports: [{ name: "http", port, targetPort: "http" }] },
        },
        { parent: this },
      );
    const api = workload("api", API_NAME, API_PORT, s.apiImage, s.api, [this.migrationJob]);
    workload("worker", WORKER_NAME, WORKER_PORT, s.workerImage, s.worker, [this.migrationJob]);

    const edge = new NcaEdge(
      `${name}-edge`,
      {
        context,
        host: s.host,
        scheme: s.ingress.scheme,
        zone: s.ingress,
        namespace: ns,
        ingressName: API_NAME,
        serviceName: api.serviceName ?? API_NAME,
        servicePort: API_PORT,
        healthCheckPath: "/health",
        labels: { ...PART_OF },
        awsProvider: p.aws,
        kubernetesProvider: p.kubernetes,
        accessLogBucket: p.accessLogBucket,
        waf: p.logsKeyArn ? { rateLimitPer5Minutes: s.ingress.wafRateLimitPer5Minutes, logRetentionDays: retentionAtLeast(context.config.compliance.minLogRetentionDays), logsKeyArn: p.logsKeyArn } : undefined,
      },
      { parent: this },
    );

    new NcaDatabaseBackup(
      `${name}-db-backup`,
      {
        namespace: ns,
        provider: p.kubernetes,
        jobName: BACKUP_JOB,
        claimName: "neuroca-backups",
        storageClassName: p.storageClassName,
        storageGb: s.storageGb,
        schedule: s.backup.schedule,
        timeZone: region.timezone,
        retentionDays: s.database.backupRetentionDays,
        image: s.apiImage,
        envFrom,
        serviceAccountName: jobAccount.metadata.name,
        uid: APP_UID,
        labels: { ...PART_OF },
        protect: config.protection.protectResources,
      },
      { parent: this },
    );

    // Second backup location: pg_dump to S3, and the restore test into a scratch database.
    const backupBucket = new DataBucket(
      `${name}-backups`,
      { context, provider: p.aws, dataLabels: piiLabels("database-backups"), lifecycle: { expirationDays: s.backup.s3RetentionDays, noncurrentVersionExpirationDays: 1 } },
      { parent: this },
    );
    const s3Backup = new PostgresS3Backup(
      `${name}-db-backup-s3`,
      {
        namespace: NAMESPACE,
        namespaceResource: namespace,
        awsProvider: p.aws,
        kubernetesProvider: p.kubernetes,
        oidcProviderArn: p.oidcProviderArn,
        oidcIssuer: p.oidcIssuer,
        region: region.name,
        timeZone: region.timezone,
        jobPrefix: S3_BACKUP_JOB,
        images: s.bootstrapImages,
        bucket: { name: backupBucket.bucketName, arn: backupBucket.arn, kmsKeyArn: backupBucket.kmsKeyArn },
        prefix: "database",
        schedule: s.backup.s3Schedule,
        verifySchedule: s.backup.verifySchedule,
        // Directly to the primary: a dump is one long session, which the proxy would pin anyway.
        connection: [
          { name: "PGHOST", value: db.address },
          { name: "PGPORT", value: db.port.apply(String) },
          { name: "PGDATABASE", value: s.database.name },
          { name: "PGUSER", value: s.database.user },
          { name: "PGPASSWORD", valueFrom: { secretKeyRef: { name: dbSecret.metadata.name, key: "NEUROCA_DB_PASSWORD" } } },
          { name: "PGSSLMODE", value: "require" },
        ],
        scratchDatabase: RESTORE_CHECK_DB,
        labels: { ...PART_OF },
      },
      { parent: this, dependsOn: [bootstrap.job] },
    );

    new NetworkIsolation(
      `${name}-network`,
      {
        namespace: ns,
        provider: p.kubernetes,
        prefix: "neuroca",
        labels: {},
        allows: ncaNetworkAllows({
          vpcCidr: p.vpcCidr,
          prometheusNamespace: s.observability.prometheusNamespace,
          // No collector egress when tracing is off.
          otel: s.observability.tracing ? { namespace: s.observability.otelNamespace, port: urlPort(s.observability.otlpEndpoint) } : undefined,
          bootstrapSelector: bootstrap.podSelector,
          backupSelector: s3Backup.podSelector,
        }),
      },
      { parent: this },
    );

    const dsr = new DataSubjectRequests(
      `${name}-dsr`,
      {
        context,
        provider: p.aws,
        dataLabels: piiLabels("data-subject-requests"),
        region: region.name,
        vpcId: p.vpcId,
        subnetIds: p.privateSubnetIds,
        securityGroupId: dsrSecurityGroup.id,
        // Through the proxy: Lambda's many short-lived connections are what pooling is for.
        database: { host: proxy.endpoint, port: db.port, name: s.database.name, user: s.database.user, schema: s.database.user, secretArn: appDbSecret.arn, secretKmsKeyArn: db.kmsKeyArn },
        redis: { host: redis.primaryEndpoint, port: redis.port, authSecretArn: redis.authTokenSecretArn, kmsKeyArn: redis.kmsKeyArn },
        dataBucket: { name: dataBucket.bucketName, arn: dataBucket.arn, kmsKeyArn: dataBucket.kmsKeyArn, prefix: SUBJECT_PREFIX },
        exportBucket: { name: exportBucket.bucketName, arn: exportBucket.arn, kmsKeyArn: exportBucket.kmsKeyArn, prefix: EXPORT_PREFIX },
        settings: s.dataSubjectRequests,
        logLevel: s.logLevel === "warning" ? "warn" : s.logLevel,
        // The handler connects as the application role, which the bootstrap Job creates.
        dependsOn: [bootstrap.job],
      },
      { parent: this },
    );

    new NcaMonitoring(
      `${name}-monitoring`,
      {
        settings: s,
        environment: config.environment,
        region: region.name,
        awsProvider: p.aws,
        kubernetesProvider: p.kubernetes,
        namespace: ns,
        alerts: args.alerts,
        ruleLabels: { release: MONITORING_RELEASE },
        // The PrometheusRule CRD comes with the platform's Prometheus Operator.
        ruleDependsOn: [namespace, ...(p.ready ?? [])],
        database: { identifier: db.identifier, replicaIdentifiers: readReplicas.map((r) => r.identifier) },
        cache: { replicationGroupId: redis.replicationGroupId, nodes: s.redis.replicas + 1 },
        dsr: { functionName: dsr.functionName, queueName: dsr.queueName, deadLetterQueueName: dsr.deadLetterQueueName, logGroupName: dsr.logGroupName },
      },
      { parent: this },
    );

    this.exports = {
      namespace: ns,
      region: region.name,
      host: s.host,
      endpoint: `https://${s.host}`,
      ingressHostname: edge.loadBalancerHostname,
      certificateArn: edge.certificateArn,
      hostedZoneId: edge.zoneId,
      nameServers: edge.nameServers,
      databaseEndpoint: db.address,
      databaseProxyEndpoint: proxy.endpoint,
      backupBucket: backupBucket.bucketName,
      databaseReplicaEndpoints: readReplicas.map((r) => r.address),
      redisEndpoint: redis.primaryEndpoint,
      dataBucket: dataBucket.bucketName,
      exportBucket: exportBucket.bucketName,
      dataSubjectRequests: { functionName: dsr.functionName, queueUrl: dsr.queueUrl, deadLetterQueueUrl: dsr.deadLetterQueueUrl, apiEndpoint: dsr.apiEndpoint },
    };
    this.registerOutputs(this.exports);
  }
}
