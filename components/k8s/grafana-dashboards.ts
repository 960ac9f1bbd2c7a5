/**
 * Grafana dashboards as code, typed by the dashboard model Grafana publishes (@grafana/schema
 * `Dashboard`), provisioned through the Grafana chart's dashboard sidecar: a ConfigMap labelled
 * `grafana_dashboard: "1"` in any namespace, its folder named by the `grafana_folder` annotation
 * (components/k8s/cluster-observability.ts turns the sidecar on). Every panel queries the
 * cluster's Prometheus data source (kube-prometheus-stack's uid "prometheus").
 */
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { Dashboard, Panel } from "@grafana/schema";

/** Label and annotation the sidecar reads (kube-prometheus-stack grafana.sidecar.dashboards). */
export const DASHBOARD_LABEL = { key: "grafana_dashboard", value: "1" } as const;
export const FOLDER_ANNOTATION = "grafana_folder";
/** The kube-prometheus-stack Prometheus data source. */
export const PROMETHEUS_DATASOURCE = { type: "prometheus", uid: "prometheus" } as const;
/** Dashboard JSON schema version the panels below are written for (Grafana 11). */
export const SCHEMA_VERSION = 39;

export interface PanelSpec {
  readonly title: string;
  readonly kind: "timeseries" | "stat" | "gauge";
  readonly queries: readonly { readonly expr: string; readonly legend?: string }[];
  /** Grafana unit id, e.g. "s", "percent", "bytes", "reqps". */
  readonly unit?: string;
  readonly description?: string;
}

/** A dashboard of panels laid out two per row. */
export function dashboard(uid: string, title: string, tags: readonly string[], panels: readonly PanelSpec[]): Dashboard {
  const built: Panel[] = panels.map((p, i) => ({
    id: i + 1,
    type: p.kind,
    title: p.title,
    description: p.description,
    datasource: { ...PROMETHEUS_DATASOURCE },
    gridPos: { h: 8, w: 12, x: (i % 2) * 12, y: Math.floor(i / 2) * 8 },
    fieldConfig: { defaults: { unit: p.unit ?? "short" }, overrides: [] },
    options: {},
    targets: p.queries.map((q, j) => ({ refId: String.fromCharCode(65 + j), datasource: { ...PROMETHEUS_DATASOURCE }, expr: q.expr, legendFormat: q.legend ?? "__auto" })),
  }));
  return {
    uid,
    title,
    tags: [...tags],
    editable: false,
    schemaVersion: SCHEMA_VERSION,
    time: { from: "now-6h", to: "now" },
    refresh: "1m",
    timezone: "utc",
    panels: built,
  };
}

export interface DashboardConfigMapArgs {
  readonly namespace: pulumi.Input<string>;
  readonly folder: string;
  readonly dashboard: Dashboard;
  readonly labels?: Readonly<Record<string, string>>;
}

/** The ConfigMap the sidecar loads (`<uid>.json`). */
export function dashboardConfigMap(resourceName: string, args: DashboardConfigMapArgs, opts: pulumi.CustomResourceOptions): k8s.core.v1.ConfigMap {
  const uid = args.dashboard.uid ?? resourceName;
  return new k8s.core.v1.ConfigMap(
    resourceName,
    {
      metadata: {
        name: `dashboard-${uid}`.slice(0, 63),
        namespace: args.namespace,
        labels: { ...(args.labels ?? {}), [DASHBOARD_LABEL.key]: DASHBOARD_LABEL.value },
        annotations: { [FOLDER_ANNOTATION]: args.folder },
      },
      data: { [`${uid}.json`]: JSON.stringify(args.dashboard) },
    },
    opts,
  );
}
