/**
 * The guide's monitoring: its three Prometheus alerts as a PrometheusRule (for the Prometheus
 * Operator, an external dependency: the rule's CRD must exist, hence `ruleDependsOn`),
 * and Grafana with the generated admin password (GRAFANA_ADMIN_PASSWORD, a Kubernetes Secret
 * filled from a Pulumi secret) and Prometheus provisioned as its data source. Reach Grafana with
 * `kubectl port-forward svc/zkp-ledger-grafana 3000:3000 -n zkp-ledger` (guide: :3000).
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { dashboardConfigMap } from "../../k8s/grafana-dashboards";
import { httpProbe } from "../../k8s/pod-security";
import { ledgerDashboards } from "./dashboards";
import { backupRules } from "../../k8s/backup-alerts";
import { prometheusRule, type AlertRule } from "../../k8s/prometheus";
import { SecureDeployment } from "../../k8s/secure-deployment";

export const GRAFANA_NAME = "zkp-ledger-grafana";
export const GRAFANA_SECRET = "zkp-ledger-grafana";
export const GRAFANA_SELECTOR = { "app.kubernetes.io/name": GRAFANA_NAME } as const;
const GRAFANA_UID = 472;

/** A certificate whose expiry is watched: the CA, the server certificate, each node's client certificate. */
export interface WatchedCertificate {
  readonly kind: "ca" | "server" | "client";
  /** Common name or node id. */
  readonly name: string;
  /** RFC 3339 end of validity (tls provider `validityEndTime`). */
  readonly notAfter: pulumi.Input<string>;
}

/** Days before expiry the warning and the critical alert fire (the leaf certificates renew on the first `pulumi up` 30 days out). */
export const CERT_EXPIRY_DAYS = { warning: 30, critical: 7 } as const;

/**
 * Certificate-expiry alerts (guide "Health Checks: Certificate expiry: TLS certificate rotation
 * alerts"). The certificates are Pulumi-issued, so their end of validity is known: each rule fires
 * when Prometheus's clock passes it minus the margin, with no exporter reading the Secrets.
 */
export function certificateExpiryRules(certs: readonly { kind: string; name: string; notAfter: string }[]): AlertRule[] {
  return certs.flatMap((c) => {
    const end = Math.floor(Date.parse(c.notAfter) / 1000);
    if (!Number.isFinite(end)) throw new Error(`certificate ${c.kind}/${c.name}: validity end ${JSON.stringify(c.notAfter)} is not a date`);
    return (["warning", "critical"] as const).map((severity) => ({
      alert: severity === "warning" ? "ZkpCertificateExpiring" : "ZkpCertificateExpiryImminent",
      expr: `time() > ${end - CERT_EXPIRY_DAYS[severity] * 86400}`,
      for: "5m",
      labels: { severity, certificate_kind: c.kind, certificate: c.name },
      annotations: {
        summary: `ZKP ledger ${c.kind} certificate ${c.name} expires within ${CERT_EXPIRY_DAYS[severity]} days (${c.notAfter})`,
        runbook: c.kind === "ca" ? "Replace the CA (LedgerPki) and re-issue every certificate; roll the nodes" : "Run `pulumi up`: the certificate is re-issued within 30 days of expiry and the nodes roll",
      },
    }));
  });
}

/** The guide's alerting rules, verbatim. */
export const LEDGER_ALERTS: readonly AlertRule[] = [
  {
    alert: "HighErrorRate",
    expr: 'rate(http_requests_total{status=~"5.."}[5m]) > 0.05',
    for: "5m",
    labels: { severity: "critical" },
    annotations: { summary: "ZKP ledger 5xx rate above 0.05/s", runbook: "Check node logs and /api/cluster/status" },
  },
  {
    alert: "HighMemoryUsage",
    expr: "memory_usage_percent > 85",
    for: "2m",
    labels: { severity: "warning" },
    annotations: { summary: "ZKP ledger node memory above 85 %", runbook: "Guide troubleshooting 1: adjust memory limits / max_memory_usage_mb" },
  },
  {
    alert: "SlowProofGeneration",
    expr: "histogram_quantile(0.95, proof_generation_duration_seconds) > 5",
    for: "5m",
    labels: { severity: "warning" },
    annotations: { summary: "p95 proof generation above 5 s", runbook: "Guide troubleshooting 2: raise max_proving_threads" },
  },
];

export interface LedgerMonitoringArgs {
  readonly namespace: pulumi.Input<string>;
  readonly provider: k8s.Provider;
  /** Labels the Prometheus Operator's ruleSelector matches. */
  readonly ruleLabels: Readonly<Record<string, string>>;
  readonly prometheusUrl: string;
  readonly grafanaImage: string;
  /** GRAFANA_ADMIN_PASSWORD (a Pulumi secret). */
  readonly grafanaAdminPassword: pulumi.Output<string>;
  readonly serviceAccountName: pulumi.Input<string>;
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * What the PrometheusRule waits for: the platform's `ready` resources (node groups, add-ons,
   * and the Prometheus Operator release that installs the PrometheusRule CRD). Default none.
   */
  readonly ruleDependsOn?: readonly pulumi.Resource[];
  /** Certificates whose expiry alerts. Default none. */
  readonly certificates?: readonly WatchedCertificate[];
  /** Backup CronJob names: alerts on failed backups and failed or missing verification. Default none. */
  readonly backupJobs?: { readonly verify: readonly string[]; readonly backups: readonly string[]; readonly staleHours: number };
}

export class LedgerMonitoring extends pulumi.ComponentResource {
  readonly rule: k8s.apiextensions.CustomResource;
  /** Certificate-expiry and backup rules. */
  readonly operationsRule: k8s.apiextensions.CustomResource;
  readonly grafana: SecureDeployment;
  /** The dashboard ConfigMaps. */
  readonly dashboards: readonly k8s.core.v1.ConfigMap[];

  constructor(name: string, args: LedgerMonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:zkp:Monitoring", name, {}, opts);
    const child = { parent: this, provider: args.provider };
    const labels = { ...(args.labels ?? {}) };

    this.rule = prometheusRule(
      `${name}-alerts`,
      { name: "zkp-ledger-alerts", namespace: args.namespace, labels: { ...labels, ...args.ruleLabels }, group: "zkp-ledger", rules: LEDGER_ALERTS },
      { ...child, dependsOn: [...(args.ruleDependsOn ?? [])] },
    );
    const certificates = pulumi.all((args.certificates ?? []).map((c) => pulumi.all([c.kind, c.name, c.notAfter]).apply(([kind, certName, notAfter]) => ({ kind, name: certName, notAfter }))));
    const namespaceName = pulumi.output(args.namespace);
    this.operationsRule = prometheusRule(
      `${name}-operations-alerts`,
      {
        name: "zkp-ledger-operations-alerts",
        namespace: args.namespace,
        labels: { ...labels, ...args.ruleLabels },
        group: "zkp-ledger-operations",
        rules: pulumi.all([certificates, namespaceName]).apply(([certs, ns]) => [
          ...certificateExpiryRules(certs),
          ...(args.backupJobs ? backupRules(ns, args.backupJobs, args.backupJobs.staleHours, "Zkp") : []),
        ]),
      },
      { ...child, dependsOn: [...(args.ruleDependsOn ?? [])] },
    );

    const secret = new k8s.core.v1.Secret(
      `${name}-grafana-admin`,
      {
        metadata: { name: GRAFANA_SECRET, namespace: args.namespace, labels },
        type: "Opaque",
        stringData: pulumi.secret(args.grafanaAdminPassword.apply((password) => ({ "admin-user": "admin", "admin-password": password }))),
      },
      child,
    );
    const datasources = new k8s.core.v1.ConfigMap(
      `${name}-grafana-datasources`,
      {
        metadata: { name: `${GRAFANA_NAME}-datasources`, namespace: args.namespace, labels },
        data: {
          "datasources.yaml": [
            "apiVersion: 1",
            "datasources:",
            "  - name: Prometheus",
            "    type: prometheus",
            "    access: proxy",
            `    url: ${args.prometheusUrl}`,
            "    isDefault: true",
            "    editable: false",
            "",
          ].join("\n"),
        },
      },
      child,
    );

    // The guide's five dashboards: ConfigMaps the cluster Grafana's sidecar loads (any namespace),
    // also provisioned into this Grafana from the same ConfigMaps.
    const dashboards = ledgerDashboards().map((d) => dashboardConfigMap(`${name}-dashboard-${d.uid}`, { namespace: args.namespace, folder: "ZKP Ledger", dashboard: d, labels }, child));
    const provider = new k8s.core.v1.ConfigMap(
      `${name}-grafana-dashboard-provider`,
      {
        metadata: { name: `${GRAFANA_NAME}-dashboard-provider`, namespace: args.namespace, labels },
        data: {
          "dashboards.yaml": ["apiVersion: 1", "providers:", "  - name: zkp-ledger", "    folder: ZKP Ledger", "    type: file", "    disableDeletion: true", "    allowUiUpdates: false", "    options:", "      path: /var/lib/grafana-dashboards", ""].join("\n"),
        },
      },
      child,
    );
    this.dashboards = dashboards;
    const fromSecret = (key: string) => ({ secretKeyRef: { name: secret.metadata.name, key } });
    this.grafana = new SecureDeployment(
      `${name}-grafana`,
      {
        namespace: args.namespace,
        provider: args.provider,
        workloadName: GRAFANA_NAME,
        labels: { ...labels, "app.kubernetes.io/component": "grafana" },
        replicas: { min: 1, max: 1 },
        pod: {
          serviceAccountName: args.serviceAccountName,
          runAsUser: GRAFANA_UID,
          runAsGroup: GRAFANA_UID,
          fsGroup: GRAFANA_UID,
          volumes: [
            { name: "datasources", configMap: { name: datasources.metadata.name, defaultMode: 0o444 } },
            { name: "dashboard-provider", configMap: { name: provider.metadata.name, defaultMode: 0o444 } },
            { name: "dashboards", projected: { defaultMode: 0o444, sources: dashboards.map((d) => ({ configMap: { name: d.metadata.name } })) } },
          ],
          containers: [
            {
              name: "grafana",
              image: args.grafanaImage,
              ports: [{ name: "http", containerPort: 3000 }],
              env: [
                { name: "GF_SECURITY_ADMIN_USER", valueFrom: fromSecret("admin-user") },
                { name: "GF_SECURITY_ADMIN_PASSWORD", valueFrom: fromSecret("admin-password") },
                { name: "GF_SECURITY_DISABLE_GRAVATAR", value: "true" },
                { name: "GF_SECURITY_COOKIE_SECURE", value: "true" },
                { name: "GF_AUTH_ANONYMOUS_ENABLED", value: "false" },
                { name: "GF_ANALYTICS_REPORTING_ENABLED", value: "false" },
                { name: "GF_ANALYTICS_CHECK_FOR_UPDATES", value: "false" },
                { name: "GF_PATHS_DATA", value: "/var/lib/grafana" },
                { name: "GF_PATHS_LOGS", value: "/var/log/grafana" },
                { name: "GF_PATHS_PROVISIONING", value: "/etc/grafana/provisioning" },
              ],
              resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
              readinessProbe: httpProbe("/api/health", "http"),
              livenessProbe: httpProbe("/api/health", "http", { periodSeconds: 30, initialDelaySeconds: 30 }),
              volumeMounts: [
                { name: "datasources", mountPath: "/etc/grafana/provisioning/datasources", readOnly: true },
                { name: "dashboard-provider", mountPath: "/etc/grafana/provisioning/dashboards", readOnly: true },
                { name: "dashboards", mountPath: "/var/lib/grafana-dashboards", readOnly: true },
              ],
              writablePaths: ["/tmp", "/var/lib/grafana", "/var/log/grafana"],
            },
          ],
        },
        service: { ports: [{ name: "http", port: 3000, targetPort: "http" }] },
      },
      { parent: this },
    );
    this.registerOutputs({ ruleName: this.rule.metadata.name, grafanaService: this.grafana.serviceName });
  }
}
