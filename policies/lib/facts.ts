/**
 * Compliance facts of a resource, read the same way by every rule: its labels (GCP `labels`,
 * AWS `tags`, Kubernetes `metadata.labels`, plus the provider's default labels/tags), its
 * environment (label, else the stack name in its URN), data classification and jurisdiction
 * (DESIGN principle 6), and where it lives (GCP location, AWS region).
 */
import { AWS_REGIONS, DATA_CLASSIFICATIONS, JURISDICTIONS, gcpLocationInfo, type DataClassification, type Jurisdiction, type RegionInfo } from "../../stacks/regions";
import { get, isRecord, rec, records, str, strings, type Props } from "./values";

/** The provider view a rule receives (ResourceValidationArgs.provider / PolicyResource.provider). */
export interface ProviderView {
  readonly type: string;
  readonly props: Record<string, unknown>;
}

export const LABEL = {
  system: "system",
  environment: "environment",
  managedBy: "managed-by",
  classification: "data-classification",
  jurisdiction: "jurisdiction",
  owner: "owner",
  purpose: "purpose",
} as const;

export type Cloud = "gcp" | "aws" | "kubernetes" | "other";

export function cloudOf(type: string): Cloud {
  const pkg = type.split(":")[0];
  return pkg === "gcp" || pkg === "aws" || pkg === "kubernetes" ? pkg : "other";
}

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(value)) return out;
  for (const [k, v] of Object.entries(value)) if (typeof v === "string") out[k] = v;
  return out;
}

/** Labels the resource itself sets (GCP `labels`, AWS `tags`, Kubernetes `metadata.labels`); undefined if it sets none. */
export function ownLabels(type: string, props: Props): Record<string, string> | undefined {
  switch (cloudOf(type)) {
    case "gcp":
      return isRecord(props.labels) ? stringMap(props.labels) : undefined;
    case "aws":
      return isRecord(props.tags) ? stringMap(props.tags) : undefined;
    case "kubernetes": {
      const labels = get(props, "metadata", "labels");
      return isRecord(labels) ? stringMap(labels) : undefined;
    }
    default:
      return undefined;
  }
}

/** Provider inputs reach the engine JSON-encoded when they are not strings. */
function providerInput(provider: ProviderView, key: string): unknown {
  const value = provider.props[key];
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

/** Provider-level default labels (GCP `defaultLabels`) or tags (AWS `defaultTags.tags`). */
function providerLabels(provider: ProviderView | undefined): Record<string, string> {
  if (!provider) return {};
  if (provider.type === "pulumi:providers:gcp") return stringMap(providerInput(provider, "defaultLabels"));
  if (provider.type === "pulumi:providers:aws") return stringMap(get(providerInput(provider, "defaultTags"), "tags"));
  return {};
}

/** Effective labels: the provider's defaults under the resource's own. */
export function labelsOf(type: string, props: Props, provider?: ProviderView): Record<string, string> {
  return { ...providerLabels(provider), ...(ownLabels(type, props) ?? {}) };
}

/** The stack segment of a URN (`urn:pulumi:<stack>::<project>::...`). */
export function stackOfUrn(urn: string): string {
  return urn.startsWith("urn:pulumi:") ? urn.slice("urn:pulumi:".length).split("::")[0] : "";
}

/** The environment label, else the stack name (for resources that take no labels, e.g. Firestore). */
export function environmentOf(labels: Readonly<Record<string, string>>, urn: string): string {
  return labels[LABEL.environment] ?? stackOfUrn(urn);
}

export function isProduction(labels: Readonly<Record<string, string>>, urn: string): boolean {
  return environmentOf(labels, urn) === "production";
}

export function classificationOf(labels: Readonly<Record<string, string>>): DataClassification | undefined {
  const value = labels[LABEL.classification];
  return (DATA_CLASSIFICATIONS as readonly string[]).includes(value ?? "") ? (value as DataClassification) : undefined;
}

export function jurisdictionOf(labels: Readonly<Record<string, string>>): Jurisdiction | undefined {
  const value = labels[LABEL.jurisdiction];
  return (JURISDICTIONS as readonly string[]).includes(value ?? "") ? (value as Jurisdiction) : undefined;
}

/**
 * Whether a data store needs the protections of sensitive data (CMEK, backups, ...): PHI, PII
 * and confidential data, and any store whose classification is missing or unknown (a store
 * cannot opt out of protection by omitting its label; the label rule reports the omission).
 */
export function isSensitive(labels: Readonly<Record<string, string>>): boolean {
  const c = classificationOf(labels);
  return c === undefined || c === "phi" || c === "pii" || c === "confidential";
}

/** Personal data (PHI or PII): records of processing, storage limitation, residency. */
export function isPersonal(labels: Readonly<Record<string, string>>): boolean {
  const c = classificationOf(labels);
  return c === "phi" || c === "pii";
}

export function isPhi(labels: Readonly<Record<string, string>>): boolean {
  return classificationOf(labels) === "phi";
}

/** A GCP zone ("europe-west1-b") or region to its region; locations pass through. */
export function gcpRegionOfZone(zone: string): string {
  return /^[a-z]+-[a-z]+\d+-[a-z]$/.test(zone) ? zone.slice(0, zone.lastIndexOf("-")) : zone;
}

/** GCP dual-region location codes and the regions they span (storage). */
const GCP_DUAL_REGIONS: Readonly<Record<string, readonly string[]>> = {
  ASIA1: ["asia-northeast1", "asia-northeast2"],
  EUR4: ["europe-north1", "europe-west4"],
  EUR5: ["europe-west1", "europe-west2"],
  EUR7: ["europe-west2", "europe-west3"],
  EUR8: ["europe-west3", "europe-west6"],
  NAM4: ["us-central1", "us-east1"],
};

/** Facts of a GCP location, including dual regions (EU only if every member is). */
export function gcpPlaceInfo(location: string): Pick<RegionInfo, "eu" | "country"> | undefined {
  const dual = GCP_DUAL_REGIONS[location.toUpperCase()];
  if (dual) {
    const infos = dual.map((r) => gcpLocationInfo(r));
    if (infos.some((i) => i === undefined)) return undefined;
    const countries = new Set(infos.map((i) => i!.country));
    return { eu: infos.every((i) => i!.eu), country: countries.size === 1 ? [...countries][0] : "MULTI" };
  }
  if (location.toUpperCase() === "ASIA") return { eu: false, country: "ASIA" };
  return gcpLocationInfo(gcpRegionOfZone(location));
}

export function awsRegionInfo(region: string): RegionInfo | undefined {
  return AWS_REGIONS[region];
}

/** The AWS region of a resource: its own `region` input (AWS provider v7), else its provider's. */
export function awsRegionOf(props: Props, provider?: ProviderView): string | undefined {
  return str(props.region) ?? (provider ? str(provider.props.region) : undefined);
}

/** The GCP project of a resource: its own `project`, else its provider's. */
export function gcpProjectOf(props: Props, provider?: ProviderView): string | undefined {
  return str(props.project) ?? (provider ? str(provider.props.project) : undefined);
}

/**
 * Where a GCP data store keeps data: every location it names (zones of Bigtable clusters,
 * replica locations, allowed persistence regions, dual-region members). `unbounded` means the
 * service may store it anywhere (Secret Manager automatic replication, Pub/Sub without a
 * message storage policy).
 */
export interface GcpPlacement {
  readonly locations: readonly string[];
  readonly unbounded?: string;
}

export function gcpPlacementOf(type: string, props: Props, provider?: ProviderView): GcpPlacement {
  const fallback = provider ? str(provider.props.region) : undefined;
  switch (type) {
    case "gcp:bigtable/instance:Instance":
      return { locations: records(props.clusters).map((c) => str(c.zone) ?? fallback ?? "").filter((l) => l !== "") };
    case "gcp:bigquery/dataset:Dataset":
      // BigQuery's default location is the US multi-region.
      return { locations: [str(props.location) ?? "US"] };
    case "gcp:firestore/database:Database":
      return { locations: strings(props.locationId) };
    case "gcp:pubsub/topic:Topic": {
      const allowed = strings(get(props, "messageStoragePolicy", "allowedPersistenceRegions"));
      return allowed.length > 0 ? { locations: allowed } : { locations: [], unbounded: "no messageStoragePolicy: Pub/Sub may persist messages in any region" };
    }
    case "gcp:storage/bucket:Bucket": {
      const custom = strings(get(props, "customPlacementConfig", "dataLocations"));
      return { locations: custom.length > 0 ? custom : strings(props.location) };
    }
    case "gcp:secretmanager/secret:Secret": {
      const replication = rec(props.replication);
      if (replication.auto !== undefined) return { locations: [], unbounded: "automatic replication stores the secret in any region" };
      return { locations: records(get(replication, "userManaged", "replicas")).map((r) => str(r.location) ?? "").filter((l) => l !== "") };
    }
    default: {
      const own = str(props.location) ?? str(props.region) ?? fallback;
      return { locations: own ? [own] : [] };
    }
  }
}

/** What most resource rules need to know about the resource under check. */
export interface ResourceFacts {
  readonly labels: Readonly<Record<string, string>>;
  readonly production: boolean;
  readonly sensitive: boolean;
  readonly personal: boolean;
  readonly phi: boolean;
}

export function resourceFacts(args: { readonly type: string; readonly props: Props; readonly urn: string; readonly provider?: ProviderView }): ResourceFacts {
  const labels = labelsOf(args.type, args.props, args.provider);
  return { labels, production: isProduction(labels, args.urn), sensitive: isSensitive(labels), personal: isPersonal(labels), phi: isPhi(labels) };
}
