/**
 * The hook through which other components add to a cluster's kube-prometheus-stack values
 * (issue #20: Alertmanager receivers and routes from `neurastack:alerting`). ClusterAddons calls
 * it once per cluster while building the release and deep-merges the values it returns over its
 * own; the hook may create resources (e.g. an IRSA role) under its own component, and the
 * release waits for `dependsOn`.
 */
import type * as aws from "@pulumi/aws";
import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterOidc } from "./irsa";

export interface MonitoringOverlayContext {
  readonly region: string;
  readonly awsProvider: aws.Provider;
  /** The cluster's Kubernetes provider (e.g. a Secret the chart reads through `existingSecret`). */
  readonly kubernetesProvider: k8s.Provider;
  /** The cluster's OIDC provider (IRSA roles for the chart's service accounts). */
  readonly oidc: ClusterOidc;
  /** Release name and namespace of the chart (service account names follow from them). */
  readonly release: string;
  readonly namespace: string;
}

export interface MonitoringOverlay {
  /** Values deep-merged over the platform's (objects merge key by key, arrays and scalars replace). */
  readonly values: pulumi.Input<Record<string, unknown>>;
  /** What the release must wait for (e.g. the IRSA role's policy). */
  readonly dependsOn?: readonly pulumi.Resource[];
}

export type MonitoringOverlayHook = (context: MonitoringOverlayContext) => MonitoringOverlay;

/** Deep merge of chart values: objects key by key, everything else from `over`. */
export function mergeValues(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isPlainObject(b) && isPlainObject(v) ? mergeValues(b, v) : v;
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Several hooks as one: values merged in order, every dependency kept. */
export function composeOverlays(...hooks: readonly MonitoringOverlayHook[]): MonitoringOverlayHook {
  return (context) => {
    const overlays = hooks.map((h) => h(context));
    return {
      values: pulumi.all(overlays.map((o) => pulumi.output(o.values))).apply((list) => (list as Record<string, unknown>[]).reduce((acc, v) => mergeValues(acc, v), {} as Record<string, unknown>)),
      dependsOn: overlays.flatMap((o) => [...(o.dependsOn ?? [])]),
    };
  };
}
