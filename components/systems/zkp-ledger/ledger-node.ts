/**
 * One ledger node: a single-replica StatefulSet (its own persistent volume, stable identity
 * `<name>-0.zkp-ledger-cluster`), a Service named as nginx's upstream names it
 * (`zkp-ledger-secondary-1:8081`), and the node's mTLS client certificate as a TLS Secret.
 *
 * One StatefulSet per node rather than one scaled set: each node has its own id, port and
 * client certificate (guide: secondary-003 on :8083), which a shared pod template cannot give.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { httpProbe, securePodSpec, type ContainerResources, type EnvVar } from "../../k8s/pod-security";
import { scrapeAnnotations } from "../../k8s/prometheus";
import { verticalAutoscaler } from "../../k8s/availability";
import type { IssuedCertificate } from "./pki";
import { CLUSTER_SERVICE, CONFIG_MAP, LEDGER_UID, METRICS_PORT, TLS_SECRET, type LedgerNodeSpec } from "./layout";

/** Labels every ledger node pod carries (NetworkPolicies and the PDB select on them). */
export const NODE_LABELS = { "app.kubernetes.io/part-of": "zkp-ledger", "app.kubernetes.io/component": "ledger-node" } as const;

export interface LedgerNodeArgs {
  readonly node: LedgerNodeSpec;
  /** Every node of the cluster (peers for raft). */
  readonly peers: readonly LedgerNodeSpec[];
  readonly namespace: pulumi.Input<string>;
  readonly provider: k8s.Provider;
  readonly image: string;
  readonly resources: ContainerResources;
  readonly volumeGb: number;
  readonly storageClassName: string;
  /** ZKP_LEDGER_CLUSTER_ID. */
  readonly clusterId: string;
  /** The node's client certificate and the CA (mTLS). */
  readonly clientCertificate: IssuedCertificate;
  readonly caCertPem: pulumi.Input<string>;
  /** Environment shared by every node (database/JWT secret refs, tracing...). */
  readonly sharedEnv: EnvVar[];
  readonly serviceAccountName: pulumi.Input<string>;
  /** Hash of production.toml: a config change rolls the pod. */
  readonly configChecksum: string;
  readonly labels?: Readonly<Record<string, string>>;
  /** Protect the StatefulSet (production: it owns the node's volume). Default false. */
  readonly protect?: boolean;
  /** What the StatefulSet waits for (config, secrets, the database bootstrap Job). */
  readonly dependsOn?: pulumi.Resource[];
  /** What the VPA waits for (the platform release that installs the VPA CRDs). Default none. */
  readonly vpaDependsOn?: readonly pulumi.Resource[];
}

export class LedgerNode extends pulumi.ComponentResource {
  readonly statefulSet: k8s.apps.v1.StatefulSet;
  readonly service: k8s.core.v1.Service;

  constructor(name: string, args: LedgerNodeArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:zkp:LedgerNode", name, {}, opts);
    const n = args.node;
    const child = { parent: this, provider: args.provider };
    const selector = { "app.kubernetes.io/name": n.name };
    const labels = { ...(args.labels ?? {}), ...NODE_LABELS, ...selector, "zkp-ledger.io/role": n.role };

    const mtls = new k8s.core.v1.Secret(
      `${name}-mtls`,
      {
        metadata: { name: `${n.name}-mtls`, namespace: args.namespace, labels },
        type: "kubernetes.io/tls",
        stringData: pulumi.secret(pulumi.all([args.clientCertificate.certPem, args.clientCertificate.privateKeyPem, args.caCertPem]).apply(([crt, key, ca]) => ({ "tls.crt": crt, "tls.key": key, "ca.crt": ca }))),
      },
      child,
    );

    this.service = new k8s.core.v1.Service(
      `${name}-service`,
      {
        metadata: { name: n.name, namespace: args.namespace, labels },
        spec: {
          type: "ClusterIP",
          selector,
          ports: [
            { name: "https", port: n.port, targetPort: "https", protocol: "TCP" },
            { name: "metrics", port: METRICS_PORT, targetPort: "metrics", protocol: "TCP" },
          ],
        },
      },
      child,
    );

    const peers = args.peers.filter((p) => p.id !== n.id).map((p) => `${p.id}=https://${p.name}-0.${CLUSTER_SERVICE}:${p.port}`);
    const env: EnvVar[] = [
      { name: "ZKP_LEDGER_NODE_ROLE", value: n.role },
      { name: "ZKP_LEDGER_NODE_ID", value: n.id },
      { name: "ZKP_LEDGER_BIND_ADDRESS", value: `0.0.0.0:${n.port}` },
      { name: "ZKP_LEDGER_CLUSTER_ID", value: args.clusterId },
      { name: "ZKP_LEDGER_PROMETHEUS_PORT", value: String(METRICS_PORT) },
      { name: "ZKP_LEDGER_CLUSTER_PEERS", value: peers.join(",") },
      { name: "ZKP_LEDGER_CONFIG", value: "/etc/zkp-ledger/production.toml" },
      { name: "ZKP_LEDGER_TLS_CERT", value: "/opt/zkp-ledger/certs/server/tls.crt" },
      { name: "ZKP_LEDGER_TLS_KEY", value: "/opt/zkp-ledger/certs/server/tls.key" },
      { name: "ZKP_LEDGER_TLS_CA", value: "/opt/zkp-ledger/certs/server/ca.crt" },
      { name: "ZKP_LEDGER_MTLS_CLIENT_CERT", value: "/opt/zkp-ledger/certs/client/tls.crt" },
      { name: "ZKP_LEDGER_MTLS_CLIENT_KEY", value: "/opt/zkp-ledger/certs/client/tls.key" },
      { name: "OTEL_SERVICE_NAME", value: "zkp-ledger" },
      { name: "OTEL_RESOURCE_ATTRIBUTES", value: `service.instance.id=${n.id},zkp.node.role=${n.role}` },
      ...args.sharedEnv,
    ];

    const readOnly = (secretName: pulumi.Input<string>) => ({ secret: { secretName, defaultMode: 0o440 } });
    this.statefulSet = new k8s.apps.v1.StatefulSet(
      `${name}-statefulset`,
      {
        metadata: { name: n.name, namespace: args.namespace, labels },
        spec: {
          replicas: 1,
          serviceName: CLUSTER_SERVICE,
          selector: { matchLabels: selector },
          podManagementPolicy: "OrderedReady",
          updateStrategy: { type: "RollingUpdate" },
          // Volumes outlive the set: deleting or scaling a node never deletes its ledger data.
          persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
          template: {
            metadata: { labels, annotations: { ...scrapeAnnotations(METRICS_PORT), "neurastack.io/config-checksum": args.configChecksum } },
            spec: securePodSpec({
              serviceAccountName: args.serviceAccountName,
              runAsUser: LEDGER_UID,
              runAsGroup: LEDGER_UID,
              fsGroup: LEDGER_UID,
              terminationGracePeriodSeconds: 60,
              volumes: [
                { name: "config", configMap: { name: CONFIG_MAP, defaultMode: 0o444 } },
                { name: "server-tls", ...readOnly(TLS_SECRET) },
                { name: "client-tls", ...readOnly(mtls.metadata.name) },
              ],
              containers: [
                {
                  name: "zkp-ledger",
                  image: args.image,
                  ports: [
                    { name: "https", containerPort: n.port },
                    { name: "metrics", containerPort: METRICS_PORT },
                  ],
                  env,
                  resources: args.resources,
                  // Guide: application health every 30 s; readiness follows raft membership.
                  startupProbe: httpProbe("/health", "https", { scheme: "HTTPS", periodSeconds: 10, failureThreshold: 30 }),
                  livenessProbe: httpProbe("/health", "https", { scheme: "HTTPS", periodSeconds: 30, failureThreshold: 3 }),
                  readinessProbe: httpProbe("/api/cluster/status", "https", { scheme: "HTTPS", periodSeconds: 15, failureThreshold: 3 }),
                  volumeMounts: [
                    { name: "data", mountPath: "/opt/zkp-ledger/data", subPath: "data" },
                    // Local backups (production.toml [backup], 30 days) on the node's own volume.
                    { name: "data", mountPath: "/opt/zkp-ledger/backups", subPath: "backups" },
                    { name: "config", mountPath: "/etc/zkp-ledger", readOnly: true },
                    { name: "server-tls", mountPath: "/opt/zkp-ledger/certs/server", readOnly: true },
                    { name: "client-tls", mountPath: "/opt/zkp-ledger/certs/client", readOnly: true },
                  ],
                  writablePaths: ["/tmp", "/opt/zkp-ledger/logs"],
                },
              ],
            }),
          },
          volumeClaimTemplates: [
            {
              metadata: { name: "data", labels },
              spec: { accessModes: ["ReadWriteOnce"], storageClassName: args.storageClassName, resources: { requests: { storage: `${args.volumeGb}Gi` } } },
            },
          ],
        },
      },
      { ...child, protect: args.protect ?? false, dependsOn: [this.service, ...(args.dependsOn ?? [])] },
    );
    // Guide "Vertical Scaling: Resource Limits": a VPA recommends each node's resources; it does
    // not evict raft members by itself (updateMode Off), a change goes through the config.
    verticalAutoscaler(
      `${name}-vpa`,
      { name: n.name, namespace: args.namespace, labels, target: { kind: "StatefulSet", name: this.statefulSet.metadata.name }, updateMode: "Off", minAllowed: { cpu: "1000m", memory: "2Gi" }, maxAllowed: { cpu: "8", memory: "16Gi" } },
      { ...child, dependsOn: [...(args.vpaDependsOn ?? [])] },
    );
    this.registerOutputs({ statefulSetName: this.statefulSet.metadata.name, serviceName: this.service.metadata.name });
  }
}
