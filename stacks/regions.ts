/**
 * Region catalogs: where each cloud region is, its timezone and locale. Country, EU membership
 * and the region's own jurisdiction come from stacks/jurisdictions.ts (one sourced table); a
 * region may be configured with another jurisdiction only where residency allows it and the
 * region's own obligations are kept.
 */
import { placeOf, type Cloud, type Jurisdiction } from "./jurisdictions";

export { JURISDICTIONS, residencyAllows, residencyRule, type Jurisdiction } from "./jurisdictions";

export const DATA_CLASSIFICATIONS = ["phi", "pii", "confidential", "internal", "public"] as const;
export type DataClassification = (typeof DATA_CLASSIFICATIONS)[number];

export interface RegionInfo {
  /** Human-readable location, e.g. "N. Virginia". */
  readonly location: string;
  /** ISO 3166 country code of the data centres. */
  readonly country: string;
  /** True when the region is inside the European Union (GDPR residency). */
  readonly eu: boolean;
  /** IANA timezone used by workloads in the region (seed: Supported Regions table). */
  readonly timezone: string;
  /** POSIX locale used by workloads in the region. */
  readonly locale: string;
  /** The region's own jurisdiction (stacks/jurisdictions.ts): the default, and the floor config cannot lower. */
  readonly defaultJurisdiction: Jurisdiction;
}

type CatalogEntry = Pick<RegionInfo, "location" | "timezone" | "locale">;

/** Adds the table's facts (country, EU, own jurisdiction) to a catalog; a place missing there is a bug. */
function withGeography(cloud: Cloud, entries: Readonly<Record<string, CatalogEntry>>): Readonly<Record<string, RegionInfo>> {
  return Object.fromEntries(
    Object.entries(entries).map(([name, entry]) => {
      const place = placeOf(cloud, name);
      if (!place) throw new Error(`stacks/regions.ts: ${cloud} ${name} has no row in stacks/jurisdictions.ts`);
      return [name, { ...entry, country: place.country, eu: place.eu, defaultJurisdiction: place.jurisdiction }];
    }),
  );
}

export const AWS_REGIONS: Readonly<Record<string, RegionInfo>> = withGeography("aws", {
  "us-east-1": { location: "N. Virginia", timezone: "America/New_York", locale: "en_US.UTF-8" },
  "us-east-2": { location: "Ohio", timezone: "America/New_York", locale: "en_US.UTF-8" },
  "us-west-1": { location: "N. California", timezone: "America/Los_Angeles", locale: "en_US.UTF-8" },
  "us-west-2": { location: "Oregon", timezone: "America/Los_Angeles", locale: "en_US.UTF-8" },
  "ca-central-1": { location: "Canada (Central)", timezone: "America/Toronto", locale: "en_CA.UTF-8" },
  // The seed's table gives Europe/London for Ireland; kept as the guide says, overridable per region.
  "eu-west-1": { location: "Ireland", timezone: "Europe/London", locale: "en_GB.UTF-8" },
  "eu-west-2": { location: "London", timezone: "Europe/London", locale: "en_GB.UTF-8" },
  "eu-west-3": { location: "Paris", timezone: "Europe/Paris", locale: "fr_FR.UTF-8" },
  "eu-central-1": { location: "Frankfurt", timezone: "Europe/Berlin", locale: "de_DE.UTF-8" },
  "eu-central-2": { location: "Zurich", timezone: "Europe/Zurich", locale: "de_CH.UTF-8" },
  "eu-north-1": { location: "Stockholm", timezone: "Europe/Stockholm", locale: "sv_SE.UTF-8" },
  "eu-south-1": { location: "Milan", timezone: "Europe/Rome", locale: "it_IT.UTF-8" },
  "eu-south-2": { location: "Spain", timezone: "Europe/Madrid", locale: "es_ES.UTF-8" },
  "ap-southeast-1": { location: "Singapore", timezone: "Asia/Singapore", locale: "en_SG.UTF-8" },
  "ap-southeast-2": { location: "Sydney", timezone: "Australia/Sydney", locale: "en_AU.UTF-8" },
  "ap-northeast-1": { location: "Tokyo", timezone: "Asia/Tokyo", locale: "ja_JP.UTF-8" },
  "ap-northeast-2": { location: "Seoul", timezone: "Asia/Seoul", locale: "ko_KR.UTF-8" },
  "ap-south-1": { location: "Mumbai", timezone: "Asia/Kolkata", locale: "en_IN.UTF-8" },
  "sa-east-1": { location: "Sao Paulo", timezone: "America/Sao_Paulo", locale: "pt_BR.UTF-8" },
});

export const GCP_REGIONS: Readonly<Record<string, RegionInfo>> = withGeography("gcp", {
  "northamerica-northeast1": { location: "Montreal", timezone: "America/Toronto", locale: "en_CA.UTF-8" },
  "northamerica-northeast2": { location: "Toronto", timezone: "America/Toronto", locale: "en_CA.UTF-8" },
  "us-central1": { location: "Iowa", timezone: "America/Chicago", locale: "en_US.UTF-8" },
  "us-east1": { location: "South Carolina", timezone: "America/New_York", locale: "en_US.UTF-8" },
  "us-east4": { location: "N. Virginia", timezone: "America/New_York", locale: "en_US.UTF-8" },
  "us-west1": { location: "Oregon", timezone: "America/Los_Angeles", locale: "en_US.UTF-8" },
  "europe-west1": { location: "Belgium", timezone: "Europe/Brussels", locale: "en_GB.UTF-8" },
  "europe-west2": { location: "London", timezone: "Europe/London", locale: "en_GB.UTF-8" },
  "europe-west3": { location: "Frankfurt", timezone: "Europe/Berlin", locale: "de_DE.UTF-8" },
  "europe-west4": { location: "Netherlands", timezone: "Europe/Amsterdam", locale: "nl_NL.UTF-8" },
  "europe-north1": { location: "Finland", timezone: "Europe/Helsinki", locale: "fi_FI.UTF-8" },
  "asia-southeast1": { location: "Singapore", timezone: "Asia/Singapore", locale: "en_SG.UTF-8" },
  "asia-northeast1": { location: "Tokyo", timezone: "Asia/Tokyo", locale: "ja_JP.UTF-8" },
});

/** BigQuery / Firestore / KMS multi-region locations, with the same facts as a region. */
export const GCP_MULTI_REGIONS: Readonly<Record<string, RegionInfo>> = withGeography("gcp", {
  US: { location: "United States (multi-region)", timezone: "UTC", locale: "en_US.UTF-8" },
  EU: { location: "European Union (multi-region)", timezone: "UTC", locale: "en_GB.UTF-8" },
});

/** Facts of a GCP location (region, zone's region or multi-region), or undefined when unknown. */
export function gcpLocationInfo(location: string): RegionInfo | undefined {
  return GCP_MULTI_REGIONS[location.toUpperCase()] ?? GCP_REGIONS[location.toLowerCase()];
}
