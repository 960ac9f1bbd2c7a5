/**
 * ZKP Dataset Ledger (seed 004) on a platform cluster: namespace `zkp-ledger` (restricted Pod
 * Security, default-deny network), the guide's PKI and secrets, a primary and N secondary
 * nodes as StatefulSets behind an nginx load balancer, PostgreSQL primary + replica and Redis
 * (RDS / ElastiCache in the cluster's region; PostgreSQL 16 with the guide's tuning), S3 backups
 * on the guide's schedules, and the guide's alerts, Grafana and tracing settings. Pieces live in
 * ./zkp-ledger/ (see its README).
 *
 * External dependencies (not deployed here): the Prometheus Operator / Prometheus at
 * `monitoring.prometheusUrl` (PrometheusRule CRD, scraping) and the Jaeger collector at
 * `monitoring.jaegerEndpoint` (turn off with `monitoring.tracing: false`).
 */
import { createHash } from "crypto";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import * as tls from "@pulumi/tls";
import type { SystemContext } from "../context";
import { stateful } from "../context";
import { dataLabels } from "../labels";
import type { RegionalPlatform } from "../aws/platform-contract";
import { PostgresDatabase } from "../aws/data/postgres-database";
import { RedisCache } from "../aws/data/redis-cache";
import { podDisruptionBudget } from "../k8s/availability";
import { hardenedNamespace } from "../k8s/namespace";
import { NetworkIsolation, urlPort } from "../k8s/network-policy";
import type { EnvVar } from "../k8s/pod-security";
import { PostgresRoleBootstrap } from "../k8s/postgres-role-bootstrap";
import { ZKP_POSTGRES, type ZkpLedgerConfig } from "../../stacks/sections/zkp-ledger";
import { BACKUP_JOBS, LedgerBackups } from "./zkp-ledger/backups";
import { APP_SECRET, CLUSTER_SERVICE, CONFIG_MAP, METRICS_PORT, NAMESPACE, TLS_SECRET, ledgerNodes, productionToml } from "./zkp-ledger/layout";
import { LedgerNode, NODE_LABELS } from "./zkp-ledger/ledger-node";
import { LedgerLoadBalancer } from "./zkp-ledger/load-balancer";
import { LedgerMonitoring } from "./zkp-ledger/monitoring";
import { ledgerNetworkAllows } from "./zkp-ledger/network";
import { LedgerPki } from "./zkp-ledger/pki";

export interface ZkpLedgerArgs {
  readonly context: SystemContext;
  readonly settings: ZkpLedgerConfig;
  /** The platform region (cluster) that hosts the system. */
  readonly platform: RegionalPlatform;
}

/** Database and role names of the ledger. */
export const LEDGER_DB = { name: "zkp_ledger", user: "zkp_ledger", schema: "zkp_ledger", scratch: "zkp_ledger_restore_check" } as const;

export class ZkpLedger extends pulumi.ComponentResource {
  /** Stack outputs of the system (no secret values). */
  readonly exports: Record<string, pulumi.Input<unknown>>;

  constructor(name: string, args: ZkpLedgerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:systems:ZkpLedger", name, {}, opts);
    const { context, settings: s, platform: p } = args;
    const config = context.config;
    const region = p.region;
    const k8sChild = { parent: this, provider: p.kubernetes };
    const nodes = ledgerNodes(s.secondaryNodes);

    // Waits for the platform (node groups, add-ons, load balancer controller) before anything lands.
    const namespace = hardenedNamespace(`${name}-namespace`, { name: NAMESPACE }, { ...stateful(config, k8sChild), dependsOn: [...(p.ready ?? [])] });
    const ns = namespace.metadata.name;

    // The system's own random and tls providers (DESIGN principle 3: no default providers).
    const randomProvider = new random.Provider(`${name}-random`, {}, { parent: this });
    const tlsProvider = new tls.Provider(`${name}-tls-provider`, {}, { parent: this });
    const randomChild = { parent: this, provider: randomProvider };

    // ---- Generated secrets (guide: openssl rand -base64 32 / 32 / 16; here >= the same entropy,
    // alphanumeric so they embed in URLs unescaped). RandomPassword.result is a Pulumi secret.
    const dbPassword = new random.RandomPassword(`${name}-db-password`, { length: 44, special: false }, randomChild);
    const jwtSecret = new random.RandomPassword(`${name}-jwt-secret`, { length: 44, special: false }, randomChild);
    const grafanaPassword = new random.RandomPassword(`${name}-grafana-admin-password`, { length: 24, special: false }, randomChild);

    // ---- PKI: CA (10 y), server certificate (1 y), one client certificate per node.
    const serverDnsNames = [
      "zkp-ledger",
      ...nodes.map((n) => n.name),
      `*.${NAMESPACE}.svc`,
      `*.${NAMESPACE}.svc.cluster.local`,
      `*.${CLUSTER_SERVICE}.${NAMESPACE}.svc`,
      `*.${CLUSTER_SERVICE}.${NAMESPACE}.svc.cluster.local`,
      ...s.loadBalancer.dnsNames,
    ];
    const pki = new LedgerPki(`${name}-pki`, { provider: tlsProvider, serverDnsNames, nodeIds: nodes.map((n) => n.id), caOptions: { protect: config.protection.protectResources } }, { parent: this });
    const tlsSecret = new k8s.core.v1.Secret(
      `${name}-tls`,
      {
        metadata: { name: TLS_SECRET, namespace: ns, labels: {} },
        type: "kubernetes.io/tls",
        stringData: pulumi.secret(pulumi.all([pki.server.certPem, pki.server.privateKeyPem, pki.caCertPem]).apply(([crt, key, ca]) => ({ "tls.crt": crt, "tls.key": key, "ca.crt": ca }))),
      },
      k8sChild,
    );

    // ---- Data stores in the cluster's region (pods reach them through the node security group).
    const network = { vpcId: p.vpcId, subnetIds: p.privateSubnetIds, allowedSecurityGroupIds: [p.nodeSecurityGroupId], cidrBlock: p.vpcCidr };
    const storeLabels = dataLabels(context.labels, { classification: "confidential", jurisdiction: region.jurisdiction, purpose: "zkp-dataset-ledger" });
    const base = { context, provider: p.aws, dataLabels: storeLabels, network, region: region.name };
    // PostgreSQL 16 (the guide restores with postgres:16) with the guide's postgresql.conf tuning
    // on the parameter group. The replica gets the same group: a hot standby refuses to start
    // with max_connections below the primary's.
    const db = new PostgresDatabase(
      `${name}-db`,
      {
        ...base,
        engineVersion: ZKP_POSTGRES.engineVersion,
        parameters: ZKP_POSTGRES.parameters,
        instanceClass: s.database.instanceClass,
        allocatedStorageGb: s.database.allocatedStorageGb,
        backupRetentionDays: s.database.backupRetentionDays,
        databaseName: LEDGER_DB.name,
        // RDS replicates no source whose master password Secrets Manager manages.
        readReplicaSource: s.database.replica ? { randomProvider } : undefined,
      },
      { parent: this },
    );
    const replica = s.database.replica
      ? new PostgresDatabase(
          `${name}-db-replica`,
          { ...base, engineVersion: ZKP_POSTGRES.engineVersion, parameters: ZKP_POSTGRES.parameters, instanceClass: s.database.instanceClass, replicaOf: db },
          { parent: this },
        )
      : undefined;
    // Its AUTH token comes from this system's random provider too.
    const redis = new RedisCache(`${name}-redis`, { ...base, nodeType: s.redis.nodeType, replicas: s.redis.replicas, randomProvider }, { parent: this });

    const url = (host: pulumi.Input<string>, port: pulumi.Input<number>) =>
      pulumi.interpolate`postgresql://${LEDGER_DB.user}:${dbPassword.result}@${host}:${port}/${LEDGER_DB.name}?sslmode=require`;
    const appSecret = new k8s.core.v1.Secret(
      `${name}-secrets`,
      {
        metadata: { name: APP_SECRET, namespace: ns, labels: {} },
        type: "Opaque",
        stringData: pulumi.secret(
          pulumi
            .all([url(db.address, db.port), replica ? url(replica.address, replica.port) : url(db.address, db.port), jwtSecret.result, dbPassword.result, redis.authToken, redis.primaryEndpoint])
            .apply(([databaseUrl, replicaUrl, jwt, password, token, redisHost]) => ({
              "database-url": databaseUrl,
              "database-replica-url": replicaUrl,
              "jwt-secret": jwt,
              "db-password": password,
              "redis-url": `rediss://:${token}@${redisHost}:${redis.port}`,
            })),
        ),
      },
      k8sChild,
    );

    const bootstrap = new PostgresRoleBootstrap(
      `${name}-db-bootstrap`,
      {
        namespace: NAMESPACE,
        namespaceResource: namespace,
        kubernetesProvider: p.kubernetes,
        awsProvider: p.aws,
        oidcProviderArn: p.oidcProviderArn,
        oidcIssuer: p.oidcIssuer,
        jobName: "zkp-ledger-db-bootstrap",
        database: { host: db.address, port: db.port, name: LEDGER_DB.name, masterSecretArn: db.masterUserSecretArn, kmsKeyArn: db.kmsKeyArn },
        role: { username: LEDGER_DB.user, schema: LEDGER_DB.schema, passwordSecret: { name: appSecret.metadata.name, key: "db-password" } },
        images: s.bootstrapImages,
        scratchDatabase: LEDGER_DB.scratch,
      },
      { parent: this },
    );

    // ---- production.toml (the guide's sections) and the shared node environment.
    const toml = productionToml({ backupSchedule: s.backup.fullSchedule, localRetentionDays: s.backup.localRetentionDays, performance: s.performance });
    const configMap = new k8s.core.v1.ConfigMap(`${name}-config`, { metadata: { name: CONFIG_MAP, namespace: ns, labels: {} }, data: { "production.toml": toml } }, k8sChild);
    const fromSecret = (envName: string, key: string): EnvVar => ({ name: envName, valueFrom: { secretKeyRef: { name: appSecret.metadata.name, key } } });
    // Traces go to the external Jaeger collector (OTLP gRPC), or nowhere when tracing is off.
    const tracing: EnvVar[] = s.monitoring.tracing
      ? [
          { name: "OTEL_TRACES_EXPORTER", value: "otlp" },
          { name: "OTEL_EXPORTER_OTLP_ENDPOINT", value: s.monitoring.jaegerEndpoint },
          { name: "OTEL_EXPORTER_OTLP_PROTOCOL", value: "grpc" },
          { name: "OTEL_TRACES_SAMPLER", value: "parentbased_traceidratio" },
          { name: "OTEL_TRACES_SAMPLER_ARG", value: String(s.monitoring.samplingRatio) },
        ]
      : [{ name: "OTEL_TRACES_EXPORTER", value: "none" }];
    const sharedEnv: EnvVar[] = [
      fromSecret("DATABASE_URL", "database-url"),
      fromSecret("DATABASE_REPLICA_URL", "database-replica-url"),
      fromSecret("DB_PASSWORD", "db-password"),
      fromSecret("JWT_SECRET", "jwt-secret"),
      fromSecret("REDIS_URL", "redis-url"),
      { name: "RUST_LOG", value: "info" },
      ...tracing,
    ];

    const serviceAccount = (suffix: string, accountName: string) =>
      new k8s.core.v1.ServiceAccount(`${name}-${suffix}-sa`, { metadata: { name: accountName, namespace: ns, labels: {} }, automountServiceAccountToken: false }, k8sChild);
    const nodeAccount = serviceAccount("node", "zkp-ledger-node");

    const clusterService = new k8s.core.v1.Service(
      `${name}-cluster`,
      {
        metadata: { name: CLUSTER_SERVICE, namespace: ns, labels: { ...NODE_LABELS } },
        // Headless, and listing unready pods: raft peers must find each other before they are ready.
        spec: { clusterIP: "None", publishNotReadyAddresses: true, selector: { ...NODE_LABELS }, ports: [{ name: "metrics", port: METRICS_PORT, targetPort: "metrics" }] },
      },
      k8sChild,
    );

    const checksum = createHash("sha256").update(toml).digest("hex").slice(0, 16);
    const ledgerNodesCreated = nodes.map(
      (node) =>
        new LedgerNode(
          `${name}-${node.name.replace(/^zkp-ledger-/, "")}`,
          {
            node,
            peers: nodes,
            namespace: ns,
            provider: p.kubernetes,
            image: s.image,
            resources: s.resources,
            volumeGb: s.volumeGb,
            storageClassName: p.storageClassName,
            clusterId: s.clusterId,
            clientCertificate: pki.clients.get(node.id)!,
            caCertPem: pki.caCertPem,
            sharedEnv,
            serviceAccountName: nodeAccount.metadata.name,
            configChecksum: checksum,
            protect: config.protection.protectResources,
            dependsOn: [configMap, tlsSecret, appSecret, clusterService, bootstrap.job],
            vpaDependsOn: [...(p.ready ?? [])],
          },
          { parent: this },
        ),
    );
    podDisruptionBudget(`${name}-nodes-pdb`, { name: "zkp-ledger-nodes", namespace: ns, labels: {}, selector: NODE_LABELS, maxUnavailable: 1 }, k8sChild);

    const lb = new LedgerLoadBalancer(
      `${name}-lb`,
      { namespace: ns, provider: p.kubernetes, nodes, image: s.loadBalancer.image, replicas: s.loadBalancer.replicas, scheme: s.loadBalancer.scheme, serviceAccountName: serviceAccount("lb", "zkp-ledger-lb").metadata.name, labels: {}, dependsOn: [tlsSecret], deletionProtection: context.config.protection.deletionProtection },
      { parent: this },
    );

    const backups = new LedgerBackups(
      `${name}-backups`,
      {
        context,
        namespace: NAMESPACE,
        namespaceResource: namespace,
        awsProvider: p.aws,
        kubernetesProvider: p.kubernetes,
        oidcProviderArn: p.oidcProviderArn,
        oidcIssuer: p.oidcIssuer,
        region: region.name,
        timeZone: region.timezone,
        image: s.image,
        toolImages: s.bootstrapImages,
        nodes,
        schedules: { full: s.backup.fullSchedule, incremental: s.backup.incrementalSchedule, verify: s.backup.verifySchedule },
        remoteRetentionDays: s.backup.remoteRetentionDays,
        bucketLabels: dataLabels(context.labels, { classification: "confidential", jurisdiction: region.jurisdiction, purpose: "zkp-ledger-backups" }),
        env: [fromSecret("DATABASE_URL", "database-url"), { name: "ZKP_LEDGER_CONFIG", value: "/etc/zkp-ledger/production.toml" }, ...tracing],
        database: {
          connection: [
            { name: "PGHOST", value: db.address },
            { name: "PGPORT", value: db.port.apply(String) },
            { name: "PGDATABASE", value: LEDGER_DB.name },
            { name: "PGUSER", value: LEDGER_DB.user },
            fromSecret("PGPASSWORD", "db-password"),
            { name: "PGSSLMODE", value: "require" },
          ],
          scratchDatabase: LEDGER_DB.scratch,
        },
        resources: s.resources,
        labels: {},
      },
      { parent: this },
    );

    new LedgerMonitoring(
      `${name}-monitoring`,
      {
        namespace: ns,
        provider: p.kubernetes,
        ruleLabels: s.monitoring.ruleLabels,
        prometheusUrl: s.monitoring.prometheusUrl,
        grafanaImage: s.monitoring.grafanaImage,
        grafanaAdminPassword: grafanaPassword.result,
        serviceAccountName: serviceAccount("grafana", "zkp-ledger-grafana").metadata.name,
        labels: {},
        // The PrometheusRule CRD comes with the platform's Prometheus Operator.
        ruleDependsOn: [namespace, ...(p.ready ?? [])],
        certificates: [
          { kind: "ca", name: "zkp-ledger-ca", notAfter: pki.caNotAfter },
          { kind: "server", name: "zkp-ledger", notAfter: pki.server.notAfter },
          ...nodes.map((n) => ({ kind: "client" as const, name: n.id, notAfter: pki.clients.get(n.id)!.notAfter })),
        ],
        backupJobs: { verify: [BACKUP_JOBS.verify, `${BACKUP_JOBS.database}-verify`], backups: [BACKUP_JOBS.database, "zkp-ledger-backup-(full|incremental)-.+"], staleHours: 26 },
      },
      { parent: this },
    );

    new NetworkIsolation(
      `${name}-network`,
      {
        namespace: ns,
        provider: p.kubernetes,
        prefix: "zkp-ledger",
        labels: {},
        allows: ledgerNetworkAllows({
          nodes,
          vpcCidr: p.vpcCidr,
          prometheusNamespace: s.monitoring.prometheusNamespace,
          prometheusPort: urlPort(s.monitoring.prometheusUrl),
          jaeger: s.monitoring.tracing ? { namespace: s.monitoring.jaegerNamespace, port: urlPort(s.monitoring.jaegerEndpoint) } : undefined,
          bootstrapSelector: bootstrap.podSelector,
        }),
      },
      { parent: this },
    );

    this.exports = {
      namespace: ns,
      region: region.name,
      nodes: nodes.map((n) => ({ id: n.id, role: n.role, service: n.name, port: n.port })),
      statefulSets: ledgerNodesCreated.length,
      loadBalancerHostname: lb.hostname,
      databaseEndpoint: db.address,
      databaseReplicaEndpoint: replica ? replica.address : "",
      redisEndpoint: redis.primaryEndpoint,
      backupBucket: backups.bucket.bucketName,
      caCertificatePem: pki.caCertPem,
    };
    this.registerOutputs(this.exports);
  }
}
