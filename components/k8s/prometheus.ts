/**
 * Prometheus integration without owning Prometheus: pod scrape annotations (honoured by the
 * common `kubernetes-pods` scrape job) and PrometheusRule objects for the Prometheus Operator
 * (monitoring.coreos.com/v1, e.g. kube-prometheus-stack). The operator must be installed on
 * the cluster and select the rules by `ruleSelectorLabels`.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/** Annotations that make a pod scrapable at `port` / `path`. */
export function scrapeAnnotations(port: number, path = "/metrics", scheme: "http" | "https" = "http"): Record<string, string> {
  return { "prometheus.io/scrape": "true", "prometheus.io/port": String(port), "prometheus.io/path": path, "prometheus.io/scheme": scheme };
}

/** One alerting rule, as in a Prometheus rules file. */
export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  /** Pending duration before firing, e.g. "5m". */
  readonly for: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface PrometheusRuleArgs {
  /** Kubernetes name of the PrometheusRule. */
  readonly name: string;
  readonly namespace: pulumi.Input<string>;
  /** Labels, including what the operator's ruleSelector matches (e.g. { release: "kube-prometheus-stack" }). */
  readonly labels?: Readonly<Record<string, string>>;
  /** Rule group name. */
  readonly group: string;
  /** The rules (an Output when an expression depends on resource outputs, e.g. certificate expiry). */
  readonly rules: pulumi.Input<readonly AlertRule[]>;
  /** Evaluation interval of the group. Default "30s". */
  readonly interval?: string;
}

/** A PrometheusRule custom resource with one group. */
export function prometheusRule(resourceName: string, args: PrometheusRuleArgs, opts: pulumi.CustomResourceOptions): k8s.apiextensions.CustomResource {
  return new k8s.apiextensions.CustomResource(
    resourceName,
    {
      apiVersion: "monitoring.coreos.com/v1",
      kind: "PrometheusRule",
      metadata: { name: args.name, namespace: args.namespace, labels: { ...(args.labels ?? {}) } },
      spec: pulumi.output(args.rules).apply((rules) => ({
        groups: [
          {
            name: args.group,
            interval: args.interval ?? "30s",
            rules: rules.map((r) => ({ alert: r.alert, expr: r.expr, for: r.for, labels: { ...(r.labels ?? {}) }, annotations: { ...(r.annotations ?? {}) } })),
          },
        ],
      })),
    },
    opts,
  );
}
