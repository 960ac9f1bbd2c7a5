/**
 * Region catalogs: where each cloud region is, and which data-protection regimes it can host.
 * The SNN-Fusion guide's region table gives the default jurisdiction of the six AWS regions;
 * a region may be configured with another jurisdiction only where residency allows it.
 */

export const JURISDICTIONS = ["gdpr", "ccpa", "pdpa", "hipaa-us", "none"] as const;
export type Jurisdiction = (typeof JURISDICTIONS)[number];

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
  /** Default jurisdiction when config names none. */
  readonly defaultJurisdiction: Jurisdiction;
}

export const AWS_REGIONS: Readonly<Record<string, RegionInfo>> = {
  "us-east-1": { location: "N. Virginia", country: "US", eu: false, timezone: "America/New_York", locale: "en_US.UTF-8", defaultJurisdiction: "ccpa" },
  "us-east-2": { location: "Ohio", country: "US", eu: false, timezone: "America/New_York", locale: "en_US.UTF-8", defaultJurisdiction: "ccpa" },
  "us-west-1": { location: "N. California", country: "US", eu: false, timezone: "America/Los_Angeles", locale: "en_US.UTF-8", defaultJurisdiction: "ccpa" },
  "us-west-2": { location: "Oregon", country: "US", eu: false, timezone: "America/Los_Angeles", locale: "en_US.UTF-8", defaultJurisdiction: "ccpa" },
  "ca-central-1": { location: "Canada (Central)", country: "CA", eu: false, timezone: "America/Toronto", locale: "en_CA.UTF-8", defaultJurisdiction: "none" },
  // The seed's table gives Europe/London for Ireland; kept as the guide says, overridable per region.
  "eu-west-1": { location: "Ireland", country: "IE", eu: true, timezone: "Europe/London", locale: "en_GB.UTF-8", defaultJurisdiction: "gdpr" },
  "eu-west-2": { location: "London", country: "GB", eu: false, timezone: "Europe/London", locale: "en_GB.UTF-8", defaultJurisdiction: "none" },
  "eu-west-3": { location: "Paris", country: "FR", eu: true, timezone: "Europe/Paris", locale: "fr_FR.UTF-8", defaultJurisdiction: "gdpr" },
  "eu-central-1": { location: "Frankfurt", country: "DE", eu: true, timezone: "Europe/Berlin", locale: "de_DE.UTF-8", defaultJurisdiction: "gdpr" },
  "eu-central-2": { location: "Zurich", country: "CH", eu: false, timezone: "Europe/Zurich", locale: "de_CH.UTF-8", defaultJurisdiction: "none" },
  "eu-north-1": { location: "Stockholm", country: "SE", eu: true, timezone: "Europe/Stockholm", locale: "sv_SE.UTF-8", defaultJurisdiction: "gdpr" },
  "eu-south-1": { location: "Milan", country: "IT", eu: true, timezone: "Europe/Rome", locale: "it_IT.UTF-8", defaultJurisdiction: "gdpr" },
  "eu-south-2": { location: "Spain", country: "ES", eu: true, timezone: "Europe/Madrid", locale: "es_ES.UTF-8", defaultJurisdiction: "gdpr" },
  "ap-southeast-1": { location: "Singapore", country: "SG", eu: false, timezone: "Asia/Singapore", locale: "en_SG.UTF-8", defaultJurisdiction: "pdpa" },
  "ap-southeast-2": { location: "Sydney", country: "AU", eu: false, timezone: "Australia/Sydney", locale: "en_AU.UTF-8", defaultJurisdiction: "none" },
  "ap-northeast-1": { location: "Tokyo", country: "JP", eu: false, timezone: "Asia/Tokyo", locale: "ja_JP.UTF-8", defaultJurisdiction: "none" },
  "ap-northeast-2": { location: "Seoul", country: "KR", eu: false, timezone: "Asia/Seoul", locale: "ko_KR.UTF-8", defaultJurisdiction: "none" },
  "ap-south-1": { location: "Mumbai", country: "IN", eu: false, timezone: "Asia/Kolkata", locale: "en_IN.UTF-8", defaultJurisdiction: "none" },
  "sa-east-1": { location: "Sao Paulo", country: "BR", eu: false, timezone: "America/Sao_Paulo", locale: "pt_BR.UTF-8", defaultJurisdiction: "none" },
};

export const GCP_REGIONS: Readonly<Record<string, RegionInfo>> = {
  "northamerica-northeast1": { location: "Montreal", country: "CA", eu: false, timezone: "America/Toronto", locale: "en_CA.UTF-8", defaultJurisdiction: "hipaa-us" },
  "northamerica-northeast2": { location: "Toronto", country: "CA", eu: false, timezone: "America/Toronto", locale: "en_CA.UTF-8", defaultJurisdiction: "hipaa-us" },
  "us-central1": { location: "Iowa", country: "US", eu: false, timezone: "America/Chicago", locale: "en_US.UTF-8", defaultJurisdiction: "hipaa-us" },
  "us-east1": { location: "South Carolina", country: "US", eu: false, timezone: "America/New_York", locale: "en_US.UTF-8", defaultJurisdiction: "hipaa-us" },
  "us-east4": { location: "N. Virginia", country: "US", eu: false, timezone: "America/New_York", locale: "en_US.UTF-8", defaultJurisdiction: "hipaa-us" },
  "us-west1": { location: "Oregon", country: "US", eu: false, timezone: "America/Los_Angeles", locale: "en_US.UTF-8", defaultJurisdiction: "hipaa-us" },
  "europe-west1": { location: "Belgium", country: "BE", eu: true, timezone: "Europe/Brussels", locale: "en_GB.UTF-8", defaultJurisdiction: "gdpr" },
  "europe-west2": { location: "London", country: "GB", eu: false, timezone: "Europe/London", locale: "en_GB.UTF-8", defaultJurisdiction: "none" },
  "europe-west3": { location: "Frankfurt", country: "DE", eu: true, timezone: "Europe/Berlin", locale: "de_DE.UTF-8", defaultJurisdiction: "gdpr" },
  "europe-west4": { location: "Netherlands", country: "NL", eu: true, timezone: "Europe/Amsterdam", locale: "nl_NL.UTF-8", defaultJurisdiction: "gdpr" },
  "europe-north1": { location: "Finland", country: "FI", eu: true, timezone: "Europe/Helsinki", locale: "fi_FI.UTF-8", defaultJurisdiction: "gdpr" },
  "asia-southeast1": { location: "Singapore", country: "SG", eu: false, timezone: "Asia/Singapore", locale: "en_SG.UTF-8", defaultJurisdiction: "pdpa" },
  "asia-northeast1": { location: "Tokyo", country: "JP", eu: false, timezone: "Asia/Tokyo", locale: "ja_JP.UTF-8", defaultJurisdiction: "none" },
};

/** BigQuery / Firestore / KMS multi-region locations, with the same facts as a region. */
export const GCP_MULTI_REGIONS: Readonly<Record<string, RegionInfo>> = {
  US: { location: "United States (multi-region)", country: "US", eu: false, timezone: "UTC", locale: "en_US.UTF-8", defaultJurisdiction: "hipaa-us" },
  EU: { location: "European Union (multi-region)", country: "EU", eu: true, timezone: "UTC", locale: "en_GB.UTF-8", defaultJurisdiction: "gdpr" },
};

/** Whether data under `jurisdiction` may reside in a place with these facts. */
export function residencyAllows(jurisdiction: Jurisdiction, region: Pick<RegionInfo, "eu" | "country">): boolean {
  switch (jurisdiction) {
    case "gdpr":
      return region.eu;
    case "ccpa":
    case "hipaa-us":
      return region.country === "US" || region.country === "CA";
    case "pdpa":
      return region.country === "SG";
    case "none":
      return true;
  }
}

/** The residency rule in words, for error messages and policy findings. */
export function residencyRule(jurisdiction: Jurisdiction): string {
  switch (jurisdiction) {
    case "gdpr":
      return "GDPR data must stay in EU regions";
    case "ccpa":
      return "CCPA data must stay in North American regions";
    case "hipaa-us":
      return "HIPAA data must stay in North American regions";
    case "pdpa":
      return "PDPA data must stay in Singapore";
    case "none":
      return "no residency rule";
  }
}

/** Facts of a GCP location (region, zone's region or multi-region), or undefined when unknown. */
export function gcpLocationInfo(location: string): RegionInfo | undefined {
  return GCP_MULTI_REGIONS[location.toUpperCase()] ?? GCP_REGIONS[location.toLowerCase()];
}
