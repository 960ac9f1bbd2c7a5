/**
 * SNN-Fusion's Kubernetes workloads in one regional cluster: namespace, IRSA service account
 * (scoped to the region's buckets, cache secret and database user), the guide's ConfigMap,
 * the API Deployment + Service + HPA + PDB, the GPU inference Deployment, the neuromorphic
 * worker, the data/models PVCs and default-deny network policies with the needed allows.
 *
 * Storage: the guide's persistent volumes (data 100GB-1TB, models 50GB-500GB) are EBS gp3
 * (ReadWriteOnce: one node at a time). The API scales to 20 pods across nodes, so it cannot
 * share them; it keeps /app/data and /app/models as per-pod scratch (emptyDir) and loads
 * models from the versioned model registry bucket. The PVCs belong to the single-replica
 * neuromorphic worker (Recreate strategy, so the volume is released before the next pod).
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { serviceAccountTrust } from "../../aws/iam/documents";
import { MONITORING_NAMESPACE } from "../../aws/monitoring";
import type { RegionalPlatform } from "../../aws/platform-contract";
import { COMPUTE_TYPE_LABEL, SIMULATED_LABEL } from "../../aws/pools";
import { stateful, type SystemContext } from "../../context";
import { horizontalAutoscaler, podDisruptionBudget, verticalAutoscaler } from "../../k8s/availability";
import { cidrPeer, internetPeer, NetworkIsolation, namespacePeer, podsPeer, tcp } from "../../k8s/network-policy";
import { httpProbe, RESTRICTED_NAMESPACE_LABELS, securePodSpec, type Container } from "../../k8s/pod-security";
import { PostgresRoleBootstrap } from "../../k8s/postgres-role-bootstrap";
import { CUSTOM_METRICS, OBSERVABILITY_NAMESPACE, OTLP_GRPC_ENDPOINT } from "../../k8s/cluster-observability";
import { scrapeAnnotations } from "../../k8s/prometheus";
import type { SnnFusionConfig } from "../../../stacks/sections/snn-fusion";
import type { RegionData } from "./data";
import {
  API_LABELS,
  API_NAME,
  API_PORT,
  API_SERVICE,
  APP_LABEL,
  CONFIG_MAP,
  DATA_PVC,
  DB_BOOTSTRAP_JOB,
  DB_IAM_USER,
  DB_NAME,
  DB_SCHEMA,
  GPU_LABELS,
  GPU_NAME,
  METRICS_PORT,
  MODELS_PVC,
  NAMESPACE,
  SERVICE_PORT,
  WORKER_LABELS,
  WORKER_NAME,
} from "./names";

export interface SnnFusionWorkloadsArgs {
  readonly context: SystemContext;
  readonly settings: SnnFusionConfig;
  readonly regional: RegionalPlatform;
  readonly data: RegionData;
  /**
   * The primary region's role bootstrap Job (secondary regions): the role reaches their
   * replicas by replication, so their workloads wait for it. Undefined in a primary region,
   * which runs the Job itself.
   */
  readonly primaryRoleJob?: pulumi.Resource;
}

/** The guide's compliance value per jurisdiction (config/<region>.yaml `compliance:`). */
export function complianceOf(jurisdiction: string): string {
  return jurisdiction === "none" ? "none" : jurisdiction;
}

export class SnnFusionWorkloads extends pulumi.ComponentResource {
  readonly namespace: pulumi.Output<string>;
  readonly serviceName: pulumi.Output<string>;
  readonly serviceAccountRoleArn: pulumi.Output<string>;
  /** The Job creating the `snn_fusion_app` role (primary regions only). */
  readonly roleJob: pulumi.Resource | undefined;

  constructor(name: string, args: SnnFusionWorkloadsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:systems:SnnFusionWorkloads", name, {}, opts);
    const { context, settings, regional, data } = args;
    const k8sOpts = { parent: this, provider: regional.kubernetes };
    const awsOpts = { parent: this, provider: regional.aws };
    const region = regional.region;
    const config = context.config;

    // Protected like the volumes in it (deleting a namespace deletes its PVCs); created once the
    // cluster's nodes, add-ons and StorageClass are ready.
    const ns = new k8s.core.v1.Namespace(
      `${name}-ns`,
      { metadata: { name: NAMESPACE, labels: { ...RESTRICTED_NAMESPACE_LABELS, ...APP_LABEL } } },
      { ...stateful(config, k8sOpts), dependsOn: [...(regional.ready ?? [])] },
    );
    const namespace = ns.metadata.name;

    // IRSA: only snn-fusion/snn-fusion-api, only this region's buckets, keys, cache secret and DB user.
    const buckets = [data.buckets.dataLake, data.buckets.modelRegistry, data.buckets.backups];
    const identity = aws.getCallerIdentityOutput({}, awsOpts);
    const policy = pulumi
      .all([
        pulumi.all(buckets.map((b) => b.arn)),
        pulumi.all(buckets.map((b) => b.kmsKeyArn)),
        data.cache.authTokenSecretArn,
        data.cache.kmsKeyArn,
        data.database.resourceId,
        data.reader.resourceId,
        identity.accountId,
      ])
      .apply(([bucketArns, keyArns, secretArn, cacheKey, dbResourceId, readerResourceId, account]) =>
        JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            { Sid: "ListBuckets", Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: bucketArns },
            { Sid: "Objects", Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:DeleteObject"], Resource: bucketArns.map((a) => `${a}/*`) },
            { Sid: "BucketKeys", Effect: "Allow", Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"], Resource: keyArns },
            { Sid: "CacheAuthToken", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: secretArn },
            { Sid: "CacheAuthTokenKey", Effect: "Allow", Action: ["kms:Decrypt"], Resource: cacheKey },
            {
              Sid: "DatabaseIamAuth",
              Effect: "Allow",
              Action: ["rds-db:connect"],
              Resource: [...new Set([dbResourceId, readerResourceId])].map((id) => `arn:aws:rds-db:${region.name}:${account}:dbuser:${id}/${DB_IAM_USER}`),
            },
          ],
        }),
      );
    const role = new aws.iam.Role(
      `${name}-irsa`,
      { description: `IRSA role of ${NAMESPACE}/${API_NAME} in ${region.name}`, assumeRolePolicy: serviceAccountTrust(regional.oidcProviderArn, regional.oidcIssuer, NAMESPACE, API_NAME), tags: {} },
      awsOpts,
    );
    new aws.iam.RolePolicy(`${name}-irsa`, { role: role.id, policy }, awsOpts);
    const serviceAccount = new k8s.core.v1.ServiceAccount(
      `${name}-sa`,
      { metadata: { name: API_NAME, namespace, labels: { ...APP_LABEL }, annotations: { "eks.amazonaws.com/role-arn": role.arn } }, automountServiceAccountToken: false },
      k8sOpts,
    );

    const configMap = new k8s.core.v1.ConfigMap(
      `${name}-config`,
      {
        metadata: { name: CONFIG_MAP, namespace, labels: { ...APP_LABEL } },
        data: {
          // The guide's environment variables, with its defaults.
          SNN_FUSION_ENV: context.config.environment,
          SNN_FUSION_LOG_LEVEL: settings.logLevel,
          SNN_FUSION_API_HOST: "0.0.0.0",
          SNN_FUSION_API_PORT: String(API_PORT),
          SNN_FUSION_METRICS_PORT: String(METRICS_PORT),
          SNN_FUSION_DATA_DIR: "/app/data",
          SNN_FUSION_MODELS_DIR: "/app/models",
          SNN_FUSION_CACHE_SIZE: "1GB",
          SNN_FUSION_MAX_MEMORY: "8GB",
          SNN_FUSION_DEVICE: "auto",
          // Regional configuration (guide: config/<region>.yaml).
          SNN_FUSION_REGION: region.name,
          SNN_FUSION_TIMEZONE: region.timezone,
          SNN_FUSION_LOCALE: region.locale,
          SNN_FUSION_COMPLIANCE: complianceOf(region.jurisdiction),
          SNN_FUSION_DATA_RESIDENCY: "true",
          TZ: region.timezone,
          LANG: region.locale,
          LC_ALL: region.locale,
          AWS_REGION: region.name,
          // Where the data lives (no credentials: IAM auth, IRSA and Secrets Manager).
          SNN_FUSION_DATABASE_HOST: data.database.address,
          SNN_FUSION_DATABASE_PORT: data.database.port.apply(String),
          SNN_FUSION_DATABASE_READ_HOST: data.reader.address,
          SNN_FUSION_DATABASE_NAME: DB_NAME,
          SNN_FUSION_DATABASE_USER: DB_IAM_USER,
          SNN_FUSION_DATABASE_IAM_AUTH: "true",
          SNN_FUSION_DATABASE_SSLMODE: "verify-full",
          SNN_FUSION_DATABASE_ROLE: data.database.role,
          SNN_FUSION_REDIS_HOST: data.cache.primaryEndpoint,
          SNN_FUSION_REDIS_READER_HOST: data.cache.readerEndpoint,
          SNN_FUSION_REDIS_PORT: String(data.cache.port),
          SNN_FUSION_REDIS_TLS: "true",
          SNN_FUSION_REDIS_AUTH_SECRET_ARN: data.cache.authTokenSecretArn,
          SNN_FUSION_DATA_LAKE_BUCKET: data.buckets.dataLake.bucketName,
          SNN_FUSION_MODEL_REGISTRY_BUCKET: data.buckets.modelRegistry.bucketName,
          SNN_FUSION_BACKUP_BUCKET: data.buckets.backups.bucketName,
          // Request tracing (guide "Correlation: Request tracing across services") to the
          // cluster's OpenTelemetry Collector (components/k8s/cluster-observability.ts).
          OTEL_SERVICE_NAME: API_NAME,
          OTEL_TRACES_EXPORTER: "otlp",
          OTEL_EXPORTER_OTLP_ENDPOINT: OTLP_GRPC_ENDPOINT,
          OTEL_EXPORTER_OTLP_PROTOCOL: "grpc",
          OTEL_TRACES_SAMPLER: "parentbased_traceidratio",
          OTEL_TRACES_SAMPLER_ARG: context.config.environment === "production" ? "0.1" : "1",
          OTEL_RESOURCE_ATTRIBUTES: `deployment.environment=${context.config.environment},cloud.region=${region.name}`,
        },
      },
      k8sOpts,
    );
    const envFrom = [{ configMapRef: { name: configMap.metadata.name } }];

    // The API logs in as snn_fusion_app with IAM tokens only; the role is created on the group
    // primary (replicas receive it by replication) by the shared bootstrap block.
    const bootstrap =
      data.database.role === "primary"
        ? new PostgresRoleBootstrap(
            `${name}-db-bootstrap`,
            {
              namespace: NAMESPACE,
              namespaceResource: ns,
              kubernetesProvider: regional.kubernetes,
              awsProvider: regional.aws,
              oidcProviderArn: regional.oidcProviderArn,
              oidcIssuer: regional.oidcIssuer,
              jobName: DB_BOOTSTRAP_JOB,
              database: { host: data.database.address, port: data.database.port, name: DB_NAME, masterSecretArn: data.database.masterUserSecretArn, kmsKeyArn: data.database.kmsKeyArn },
              role: { username: DB_IAM_USER, schema: DB_SCHEMA, auth: { kind: "iam" } },
              images: settings.bootstrapImages,
              labels: { ...APP_LABEL },
            },
            { parent: this },
          )
        : undefined;
    this.roleJob = bootstrap?.job ?? args.primaryRoleJob;
    const roleReady = this.roleJob ? [this.roleJob] : [];
    const health = httpProbe("/health", "http", { periodSeconds: 10, timeoutSeconds: 5 });

    // API: the guide's 500m-4 CPU and 2-8 GB memory per pod, 2-20 replicas via the HPA.
    const api = new k8s.apps.v1.Deployment(
      `${name}-api`,
      {
        metadata: { name: API_NAME, namespace, labels: { ...API_LABELS } },
        spec: {
          replicas: settings.api.replicas.desired ?? settings.api.replicas.min,
          selector: { matchLabels: { ...API_LABELS } },
          strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
          template: {
            metadata: { labels: { ...API_LABELS }, annotations: scrapeAnnotations(METRICS_PORT) },
            spec: securePodSpec({
              serviceAccountName: serviceAccount.metadata.name,
              spreadSelector: API_LABELS,
              containers: [
                {
                  name: API_NAME,
                  image: settings.image,
                  ports: [
                    { name: "http", containerPort: API_PORT },
                    { name: "metrics", containerPort: METRICS_PORT },
                  ],
                  envFrom,
                  resources: settings.apiResources,
                  startupProbe: httpProbe("/health", "http", { periodSeconds: 10, failureThreshold: 30 }),
                  livenessProbe: health,
                  readinessProbe: health,
                  writablePaths: ["/tmp", "/app/data", "/app/models"],
                  writableSizeLimit: "10Gi",
                },
              ],
            }),
          },
        },
      },
      { ...k8sOpts, dependsOn: roleReady },
    );

    const service = new k8s.core.v1.Service(
      `${name}-service`,
      {
        metadata: { name: API_SERVICE, namespace, labels: { ...API_LABELS } },
        spec: {
          type: "ClusterIP",
          selector: { ...API_LABELS },
          ports: [
            { name: "http", port: SERVICE_PORT, targetPort: "http", protocol: "TCP" },
            { name: "metrics", port: METRICS_PORT, targetPort: "metrics", protocol: "TCP" },
          ],
        },
      },
      k8sOpts,
    );

    horizontalAutoscaler(
      `${name}-api-hpa`,
      {
        name: API_NAME,
        namespace,
        labels: { ...API_LABELS },
        target: { kind: "Deployment", name: api.metadata.name },
        minReplicas: settings.api.replicas.min,
        maxReplicas: settings.api.replicas.max,
        cpuUtilization: settings.api.cpuTargetPercent,
        memoryUtilization: settings.api.memoryTargetPercent,
        podsMetrics: [{ name: CUSTOM_METRICS.httpRequestsPerSecond, averageValue: String(settings.api.requestsPerSecondPerPod) }],
      },
      k8sOpts,
    );
    // Guide "VPA: Automatic resource optimization" within "CPU 500m-4 cores, memory 2GB-8GB per
    // pod". The HPA scales the API on CPU and memory, so its VPA only recommends (a VPA acting on
    // the same metrics would fight the HPA); the single-replica workloads are resized by VPA.
    const vpaBounds = { minAllowed: { cpu: "500m", memory: "2Gi" }, maxAllowed: { cpu: "4", memory: "8Gi" } };
    const vpaOpts = { ...k8sOpts, dependsOn: [...(regional.ready ?? [])] };
    verticalAutoscaler(`${name}-api-vpa`, { name: API_NAME, namespace, labels: { ...API_LABELS }, target: { kind: "Deployment", name: api.metadata.name }, updateMode: "Off", ...vpaBounds }, vpaOpts);
    podDisruptionBudget(`${name}-api-pdb`, { name: API_NAME, namespace, labels: { ...API_LABELS }, selector: API_LABELS, maxUnavailable: 1 }, k8sOpts);

    // Persistent volumes on the platform's encrypted gp3 class, protected in production.
    const pvc = (suffix: string, pvcName: string, sizeGb: number) =>
      new k8s.core.v1.PersistentVolumeClaim(
        `${name}-${suffix}`,
        {
          metadata: { name: pvcName, namespace, labels: { ...APP_LABEL } },
          spec: { accessModes: ["ReadWriteOnce"], storageClassName: regional.storageClassName, resources: { requests: { storage: `${sizeGb}Gi` } } },
        },
        stateful(config, k8sOpts),
      );
    const dataPvc = pvc("data-pvc", DATA_PVC, settings.storage.dataGb);
    const modelsPvc = pvc("models-pvc", MODELS_PVC, settings.storage.modelsGb);

    // GPU inference: GPU pool only (its taint keeps everything else off), one GPU per pod.
    const gpuPool = regional.pools.gpu;
    const gpuSpec = securePodSpec({
      serviceAccountName: serviceAccount.metadata.name,
      spreadSelector: GPU_LABELS,
      nodeSelector: gpuPool.labels,
      tolerations: [{ key: gpuPool.taint.key, operator: "Equal", value: gpuPool.taint.value, effect: gpuPool.taint.effect }],
      containers: [
        {
          name: GPU_NAME,
          image: settings.gpuImage,
          ports: [
            { name: "http", containerPort: API_PORT },
            { name: "metrics", containerPort: METRICS_PORT },
          ],
          envFrom,
          env: [{ name: "SNN_FUSION_DEVICE", value: "cuda" }],
          resources: { requests: { cpu: "2", memory: "8Gi" }, limits: { cpu: "4", memory: "16Gi" } },
          startupProbe: httpProbe("/health", "http", { periodSeconds: 10, failureThreshold: 60 }),
          livenessProbe: health,
          readinessProbe: health,
          writablePaths: ["/tmp", "/app/models"],
          writableSizeLimit: "20Gi",
        },
      ],
    });
    const gpus = String(settings.gpuInference.gpusPerPod);
    const withGpus = (c: Container): Container => ({
      ...c,
      resources: { requests: { ...(c.resources as { requests: Record<string, string> }).requests, "nvidia.com/gpu": gpus }, limits: { ...(c.resources as { limits: Record<string, string> }).limits, "nvidia.com/gpu": gpus } },
    });
    new k8s.apps.v1.Deployment(
      `${name}-gpu`,
      {
        metadata: { name: GPU_NAME, namespace, labels: { ...GPU_LABELS } },
        spec: {
          replicas: settings.gpuInference.replicas,
          selector: { matchLabels: { ...GPU_LABELS } },
          template: { metadata: { labels: { ...GPU_LABELS }, annotations: scrapeAnnotations(METRICS_PORT) }, spec: { ...gpuSpec, containers: (gpuSpec.containers as Container[]).map(withGpus) } },
        },
      },
      k8sOpts,
    );
    new k8s.core.v1.Service(
      `${name}-gpu-service`,
      { metadata: { name: GPU_NAME, namespace, labels: { ...GPU_LABELS } }, spec: { type: "ClusterIP", selector: { ...GPU_LABELS }, ports: [{ name: "http", port: API_PORT, targetPort: "http", protocol: "TCP" }] } },
      k8sOpts,
    );

    // Neuromorphic worker: owns the data and models volumes, which are EBS, so it runs on the
    // cloud simulation pool only, never on an on-premises board (no EBS there).
    const neuro = regional.pools.neuromorphic;
    const workerSpec = securePodSpec({
      serviceAccountName: serviceAccount.metadata.name,
      nodeSelector: { ...neuro.labels, [SIMULATED_LABEL]: "true" },
      tolerations: [{ key: neuro.taint.key, operator: "Equal", value: neuro.taint.value, effect: neuro.taint.effect }],
      volumes: [
        { name: "data", persistentVolumeClaim: { claimName: dataPvc.metadata.name } },
        { name: "models", persistentVolumeClaim: { claimName: modelsPvc.metadata.name } },
      ],
      containers: [
        {
          name: WORKER_NAME,
          image: settings.image,
          ports: [{ name: "metrics", containerPort: METRICS_PORT }],
          envFrom,
          env: [{ name: "SNN_FUSION_WORKER", value: "neuromorphic" }],
          resources: settings.apiResources,
          livenessProbe: httpProbe("/health", "metrics", { periodSeconds: 20 }),
          volumeMounts: [
            { name: "data", mountPath: "/app/data" },
            { name: "models", mountPath: "/app/models" },
          ],
        },
      ],
    });
    verticalAutoscaler(`${name}-worker-vpa`, { name: WORKER_NAME, namespace, labels: { ...WORKER_LABELS }, target: { kind: "Deployment", name: WORKER_NAME }, updateMode: "Recreate", ...vpaBounds }, vpaOpts);
    new k8s.apps.v1.Deployment(
      `${name}-worker`,
      {
        metadata: { name: WORKER_NAME, namespace, labels: { ...WORKER_LABELS } },
        spec: {
          replicas: settings.neuromorphicWorker.replicas,
          selector: { matchLabels: { ...WORKER_LABELS } },
          strategy: { type: "Recreate" },
          template: {
            metadata: { labels: { ...WORKER_LABELS }, annotations: scrapeAnnotations(METRICS_PORT) },
            spec: {
              ...workerSpec,
              // Defence in depth: a board labelled simulated=true by mistake is still excluded.
              affinity: {
                nodeAffinity: {
                  requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: COMPUTE_TYPE_LABEL, operator: "NotIn", values: ["hybrid"] }] }] },
                },
              },
            },
          },
        },
      },
      k8sOpts,
    );

    // Default deny, then exactly the paths the system needs.
    const vpc = cidrPeer(regional.vpcCidr);
    new NetworkIsolation(
      `${name}-netpol`,
      {
        namespace,
        provider: regional.kubernetes,
        prefix: "snn-fusion",
        labels: { ...APP_LABEL },
        allows: [
          // ALB (target type ip) and kubelet probes come from inside the VPC.
          { name: "api-from-alb", podSelector: API_LABELS, ingress: [{ from: [vpc], ports: tcp(API_PORT) }] },
          { name: "gpu-from-api", podSelector: GPU_LABELS, ingress: [{ from: [podsPeer(API_LABELS)], ports: tcp(API_PORT) }] },
          { name: "metrics-from-cloudwatch", podSelector: APP_LABEL, ingress: [{ from: [namespacePeer("amazon-cloudwatch")], ports: tcp(METRICS_PORT) }] },
          // The platform's Prometheus scrapes the annotated pods.
          { name: "metrics-from-prometheus", podSelector: APP_LABEL, ingress: [{ from: [namespacePeer(MONITORING_NAMESPACE)], ports: tcp(METRICS_PORT) }] },
          { name: "api-to-gpu", podSelector: API_LABELS, egress: [{ to: [podsPeer(GPU_LABELS)], ports: tcp(API_PORT) }] },
          // PostgreSQL and Redis live in the VPC's private subnets.
          { name: "api-to-data", podSelector: API_LABELS, egress: [{ to: [vpc], ports: tcp(5432, data.cache.port) }] },
          { name: "worker-to-data", podSelector: WORKER_LABELS, egress: [{ to: [vpc], ports: tcp(5432) }] },
          ...(bootstrap
            ? [{ name: "db-bootstrap-egress", podSelector: bootstrap.podSelector, egress: [{ to: [vpc], ports: tcp(5432) }, { to: [vpc, internetPeer()], ports: tcp(443) }] }]
            : []),
          { name: "traces-to-collector", podSelector: APP_LABEL, egress: [{ to: [namespacePeer(OBSERVABILITY_NAMESPACE)], ports: tcp(4317) }] },
          // AWS APIs (S3, STS, Secrets Manager) through VPC endpoints or NAT.
          { name: "aws-apis", podSelector: APP_LABEL, egress: [{ to: [vpc, internetPeer()], ports: tcp(443) }] },
        ],
      },
      { parent: this },
    );

    this.namespace = namespace;
    this.serviceName = service.metadata.name;
    this.serviceAccountRoleArn = role.arn;
    this.registerOutputs({ namespace: this.namespace, serviceName: this.serviceName, serviceAccountRoleArn: this.serviceAccountRoleArn });
  }
}
