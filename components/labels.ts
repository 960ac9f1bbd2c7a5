/**
 * Compliance facts as labels (GCP), tags (AWS) and metadata labels (Kubernetes). Policies and
 * the compliance report read them; `complianceTransformation` fills the defaults so a
 * component only states what is specific (classification, jurisdiction, purpose).
 */
import * as pulumi from "@pulumi/pulumi";
import type { DataClassification, Jurisdiction } from "../stacks/regions";

export type Labels = Readonly<Record<string, string>>;

export interface SystemLabels {
  /** Kebab-case system name, e.g. "neural-ledger". */
  readonly system: string;
  readonly environment: string;
  /** Team owning the data (GDPR Art. 30). */
  readonly owner: string;
}

/** Labels of a data store: classification, jurisdiction and the purpose of processing. */
export interface DataLabels {
  readonly classification: DataClassification;
  readonly jurisdiction: Jurisdiction;
  /** Why the data is processed (records of processing), a label value, e.g. "event-ledger". */
  readonly purpose: string;
}

export const MANAGED_BY = "pulumi";

/** Lowercase, [a-z0-9_-], at most 63 characters: valid as a GCP label and a Kubernetes label value. */
export function labelValue(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9_-]/g, "-").replace(/^-+|-+$/g, "").slice(0, 63);
}

export function baseLabels(system: SystemLabels): Labels {
  return { system: labelValue(system.system), environment: labelValue(system.environment), "managed-by": MANAGED_BY };
}

export function dataLabels(system: SystemLabels, data: DataLabels): Labels {
  return {
    ...baseLabels(system),
    "data-classification": data.classification,
    jurisdiction: data.jurisdiction,
    owner: labelValue(system.owner),
    purpose: labelValue(data.purpose),
  };
}

type Props = Record<string, unknown>;

const isPlainLabels = (v: unknown): v is Record<string, string> =>
  typeof v === "object" && v !== null && !pulumi.Output.isInstance(v) && Object.values(v).every((x) => typeof x === "string");

function mergeInto(existing: unknown, defaults: Labels): pulumi.Input<Record<string, string>> {
  if (existing === undefined) return { ...defaults };
  // Most labels are plain values: merge without creating an Output (one per resource adds up).
  if (isPlainLabels(existing)) return { ...defaults, ...existing };
  return pulumi.output(existing as pulumi.Input<Record<string, string>>).apply((given) => ({ ...defaults, ...(given ?? {}) }));
}

/** GCP types whose `labels` input is configuration, not resource labels (e.g. a channel's email_address). */
const LABELS_ARE_CONFIG = new Set(["gcp:monitoring/notificationChannel:NotificationChannel"]);

/**
 * A resource transformation for a system component: every child that already has a `labels`
 * (GCP), `tags` (AWS) or `metadata.labels` (Kubernetes) input gets the system's base labels
 * under the ones it set itself. Resources that take no labels are left alone.
 */
export function complianceTransformation(system: SystemLabels): pulumi.ResourceTransformation {
  const defaults = baseLabels(system);
  return (args) => {
    const props = args.props as Props;
    const pkg = args.type.split(":")[0];
    if (pkg === "gcp" && "labels" in props && !LABELS_ARE_CONFIG.has(args.type)) {
      return { props: { ...props, labels: mergeInto(props.labels, defaults) }, opts: args.opts };
    }
    if (pkg === "aws" && "tags" in props) {
      return { props: { ...props, tags: mergeInto(props.tags, defaults) }, opts: args.opts };
    }
    if (pkg === "kubernetes" && typeof props.metadata === "object" && props.metadata !== null) {
      const metadata = props.metadata as Props;
      if ("labels" in metadata) return { props: { ...props, metadata: { ...metadata, labels: mergeInto(metadata.labels, defaults) } }, opts: args.opts };
    }
    return undefined;
  };
}
