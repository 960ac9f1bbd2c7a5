/**
 * Dated facts: support windows and the version sets known to work together, each row with its
 * dates and its source. This is the one table of facts that expire; every check that reads it
 * takes the plan date (stacks/plan-date.ts) as an input, so a test on a fixed date never rots.
 *
 * When a vendor publishes a new version or moves a date, change the row here (and its source),
 * and nothing else.
 */
import { daysBetween, type IsoDate } from "./plan-date";

/** When a version stops being supported, and where that is written. */
export interface SupportWindow {
  /** End of standard support (the vendor's price and patch guarantees stop after this day). */
  readonly standardSupportEnds: IsoDate;
  /** End of extended support, when the vendor offers it (after this day the version is refused or force-upgraded). */
  readonly extendedSupportEnds?: IsoDate;
  /** Document (title and URL) the dates come from. */
  readonly source: string;
}

/** Where a version stands on a given day. */
export type SupportStatus =
  /** In standard support, more than `warnDays` before its end. */
  | "standard"
  /** In standard support, within `warnDays` of its end. */
  | "standard-ending"
  /** Past standard support, in extended support. */
  | "extended"
  /** Past every support window. */
  | "ended";

/** Days before the end of standard support from which a plan warns. */
export const SUPPORT_WARN_DAYS = 90;

/** The status of `window` on `date` (a day counts as inside a window up to and including its end date). */
export function supportStatus(window: SupportWindow, date: IsoDate, warnDays: number = SUPPORT_WARN_DAYS): SupportStatus {
  const untilStandardEnd = daysBetween(date, window.standardSupportEnds);
  if (untilStandardEnd >= 0) return untilStandardEnd <= warnDays ? "standard-ending" : "standard";
  if (window.extendedSupportEnds !== undefined && daysBetween(date, window.extendedSupportEnds) >= 0) return "extended";
  return "ended";
}

// ---- GCP rows (#15) ----

/**
 * Cloud Run functions runtimes: "Deprecation" is the end of standard support (creation and
 * redeployment still work), "Decommission" the end of every window (no create or update; the
 * function may be disabled). Source: Cloud Run functions, "Runtime support schedule".
 */
export const CLOUD_FUNCTIONS_RUNTIMES: Readonly<Record<string, SupportWindow>> = {
  nodejs22: { standardSupportEnds: "2027-04-30", extendedSupportEnds: "2027-10-31", source: "Cloud Run functions runtimes, Runtime support schedule (docs.cloud.google.com/run/docs/runtimes/function-runtimes)" },
  nodejs24: { standardSupportEnds: "2028-04-30", extendedSupportEnds: "2028-10-31", source: "Cloud Run functions runtimes, Runtime support schedule (docs.cloud.google.com/run/docs/runtimes/function-runtimes)" },
};

// ---- AWS rows (#14) ----

/** EKS managed add-on versions (as `aws eks describe-addon-versions --kubernetes-version <minor>` lists them). */
export interface EksAddonSet {
  readonly vpcCni: string;
  readonly coredns: string;
  readonly kubeProxy: string;
  readonly ebsCsiDriver: string;
  /** amazon-cloudwatch-observability (SNN-Fusion's Container Insights and Fluent Bit); v5.3.0 dropped the agent's configmap read that the EKS resource detector needs (aws-observability/application-signals-demo#334), so v4.10.3. */
  readonly cloudwatchObservability: string;
}

/** Helm chart versions of the cluster software (pinned exactly; keys as `platform.charts`). */
export interface EksChartSet {
  readonly clusterAutoscaler: string;
  readonly nvidiaDevicePlugin: string;
  readonly metricsServer: string;
  readonly verticalPodAutoscaler: string;
  readonly awsLoadBalancerController: string;
  readonly kubePrometheusStack: string;
}

/** One Kubernetes minor on EKS: its support window and the versions known to work with it. */
export interface EksVersion extends SupportWindow {
  readonly extendedSupportEnds: IsoDate;
  readonly addons: EksAddonSet;
  readonly charts: EksChartSet;
  /**
   * cluster-autoscaler image tag: the autoscaler's minor must equal the cluster's (kubernetes/autoscaler
   * README, "Releases": "use the Cluster Autoscaler version that matches the Kubernetes version").
   */
  readonly clusterAutoscalerImageTag: string;
  /** Where the add-on and chart versions come from. */
  readonly compatibilitySource: string;
}

const EKS_LIFECYCLE_SOURCE = "Amazon EKS user guide, Understand the Kubernetes version lifecycle on EKS, Amazon EKS Kubernetes release calendar (docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html)";
const EKS_COMPATIBILITY_SOURCE =
  "EKS user guide: Manage kube-proxy (kube-proxy versions), Manage CoreDNS (CoreDNS versions), Assign IPs to Pods with the Amazon VPC CNI, Amazon EBS CSI driver; kubernetes/autoscaler README (compatibility table; chart 9.59.0 = app 1.35.0, kubermatic/kubermatic#16253)";

/** Charts that do not follow the Kubernetes minor (each supports every minor in the table). */
const SHARED_CHARTS = {
  nvidiaDevicePlugin: "0.17.0",
  metricsServer: "3.12.2",
  verticalPodAutoscaler: "4.7.1",
  awsLoadBalancerController: "1.11.0",
  kubePrometheusStack: "66.3.1",
} as const;

/** The cluster-autoscaler chart: one chart for every minor; the image tag follows the minor. */
const AUTOSCALER_CHART = "9.59.0";

const SHARED_ADDONS = { vpcCni: "v1.21.1-eksbuild.8", ebsCsiDriver: "v1.56.0-eksbuild.1", cloudwatchObservability: "v4.10.3-eksbuild.1" } as const;

/**
 * Kubernetes minors on EKS: standard support is 14 months from the EKS release, extended 12 more;
 * after extended support EKS upgrades the cluster itself. Creating a cluster is possible on any
 * version in standard or extended support.
 */
export const EKS_VERSIONS: Readonly<Record<string, EksVersion>> = {
  "1.31": {
    standardSupportEnds: "2025-11-26",
    extendedSupportEnds: "2026-11-26",
    source: EKS_LIFECYCLE_SOURCE,
    addons: { ...SHARED_ADDONS, coredns: "v1.11.4-eksbuild.33", kubeProxy: "v1.31.14-eksbuild.9" },
    charts: { ...SHARED_CHARTS, clusterAutoscaler: AUTOSCALER_CHART },
    clusterAutoscalerImageTag: "v1.31.1",
    compatibilitySource: EKS_COMPATIBILITY_SOURCE,
  },
  "1.32": {
    standardSupportEnds: "2026-03-23",
    extendedSupportEnds: "2027-03-23",
    source: EKS_LIFECYCLE_SOURCE,
    addons: { ...SHARED_ADDONS, coredns: "v1.11.4-eksbuild.33", kubeProxy: "v1.32.13-eksbuild.5" },
    charts: { ...SHARED_CHARTS, clusterAutoscaler: AUTOSCALER_CHART },
    clusterAutoscalerImageTag: "v1.32.1",
    compatibilitySource: EKS_COMPATIBILITY_SOURCE,
  },
  "1.33": {
    standardSupportEnds: "2026-07-29",
    extendedSupportEnds: "2027-07-29",
    source: EKS_LIFECYCLE_SOURCE,
    addons: { ...SHARED_ADDONS, coredns: "v1.13.2-eksbuild.4", kubeProxy: "v1.33.10-eksbuild.2" },
    charts: { ...SHARED_CHARTS, clusterAutoscaler: AUTOSCALER_CHART },
    clusterAutoscalerImageTag: "v1.33.0",
    compatibilitySource: EKS_COMPATIBILITY_SOURCE,
  },
  "1.34": {
    standardSupportEnds: "2026-12-02",
    extendedSupportEnds: "2027-12-02",
    source: EKS_LIFECYCLE_SOURCE,
    addons: { ...SHARED_ADDONS, coredns: "v1.13.2-eksbuild.4", kubeProxy: "v1.34.6-eksbuild.2" },
    charts: { ...SHARED_CHARTS, clusterAutoscaler: AUTOSCALER_CHART },
    clusterAutoscalerImageTag: "v1.34.1",
    compatibilitySource: EKS_COMPATIBILITY_SOURCE,
  },
  "1.35": {
    standardSupportEnds: "2027-03-27",
    extendedSupportEnds: "2028-03-27",
    source: EKS_LIFECYCLE_SOURCE,
    addons: { ...SHARED_ADDONS, coredns: "v1.13.2-eksbuild.4", kubeProxy: "v1.35.3-eksbuild.2" },
    charts: { ...SHARED_CHARTS, clusterAutoscaler: AUTOSCALER_CHART },
    clusterAutoscalerImageTag: "v1.35.0",
    compatibilitySource: EKS_COMPATIBILITY_SOURCE,
  },
};

/** The default minor: the newest in the table (in standard support on 2026-12-02 and until 2027-03-27). */
export const DEFAULT_EKS_VERSION = "1.35";

/** What a plan does with an EKS minor on a date. */
export interface EksLifecycle {
  readonly status: SupportStatus;
  /** `upgradePolicy.supportType` that keeps the cluster on its version: EXTENDED once standard support ended. */
  readonly supportType: "STANDARD" | "EXTENDED";
  /** Set when the plan must fail (config error): unknown minor or past extended support. */
  readonly error?: string;
  /** Set when the plan warns: past standard support, or within SUPPORT_WARN_DAYS of its end. */
  readonly warning?: string;
}

/** The lifecycle of EKS minor `version` on `date` (stacks/plan-date.ts). */
export function eksLifecycle(version: string, date: IsoDate): EksLifecycle {
  const row = EKS_VERSIONS[version];
  if (!row) return { status: "ended", supportType: "STANDARD", error: `${JSON.stringify(version)} has no row in stacks/dated.ts EKS_VERSIONS (known: ${Object.keys(EKS_VERSIONS).join(", ")})` };
  const status = supportStatus(row, date);
  switch (status) {
    case "ended":
      return { status, supportType: "EXTENDED", error: `Kubernetes ${version} left EKS extended support on ${row.extendedSupportEnds} (plan date ${date}); EKS upgrades such clusters itself and refuses new ones: choose a newer minor (${row.source})` };
    case "extended":
      return {
        status,
        supportType: "EXTENDED",
        warning: `Kubernetes ${version} left EKS standard support on ${row.standardSupportEnds} and is in extended support (billed extra per cluster hour) until ${row.extendedSupportEnds}: upgrade before then (${row.source})`,
      };
    case "standard-ending":
      return { status, supportType: "STANDARD", warning: `Kubernetes ${version} leaves EKS standard support on ${row.standardSupportEnds} (${daysBetween(date, row.standardSupportEnds)} days after the plan date ${date}): plan the upgrade` };
    default:
      return { status, supportType: "STANDARD" };
  }
}
