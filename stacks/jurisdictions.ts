/**
 * The jurisdiction of every place the program may put data: each AWS region and GCP location
 * it allows (stacks/regions.ts catalogs), with the law that applies there by geography.
 *
 * A location's jurisdiction is a fact, not a setting. Config may add obligations (a stricter
 * regime whose residency the location satisfies, e.g. `hipaa-us` on a US region) but never
 * remove the location's own: `jurisdiction: none` on an EU region is a config error, and the
 * residency policies (policies/gdpr/rules/residency-*.ts, replication-within-jurisdiction.ts)
 * judge a store by the stricter of its label and its location's row here, so a relabelled
 * store cannot replicate out of the EU either. The control matrix lists the transfer controls
 * of the jurisdictions this table holds (policies/lib/controls.ts RESIDENCY).
 *
 * The label vocabulary (JURISDICTIONS) names the regimes the program enforces residency for.
 * Places whose law has no label here (UK GDPR, Swiss FADP, Canada PIPEDA, Japan APPI, ...)
 * carry `none` as their floor; `law` names the regime so a reader sees the gap.
 *
 * Sources:
 *  - EU member states: https://european-union.europa.eu/principles-countries-history/eu-countries_en
 *    (GDPR applies to processing in the Union, Art. 3(1): https://eur-lex.europa.eu/eli/reg/2016/679/oj)
 *  - AWS regions and their locations: https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html
 *  - GCP locations: https://cloud.google.com/about/locations ; multi-regions US/EU:
 *    https://cloud.google.com/bigquery/docs/locations#multi-regions
 *  - Singapore PDPA 2012 (s.26 transfer limitation): https://sso.agc.gov.sg/Act/PDPA2012
 *  - CCPA (Cal. Civ. Code 1798.100 ff.): https://oag.ca.gov/privacy/ccpa ; the SNN-Fusion guide's
 *    region table gives US regions the `ccpa` default.
 *  - HIPAA-eligible services (BAA) in every commercial AWS region / GCP region:
 *    https://aws.amazon.com/compliance/hipaa-eligible-services-reference/ ,
 *    https://cloud.google.com/security/compliance/hipaa
 */

export const JURISDICTIONS = ["gdpr", "ccpa", "pdpa", "hipaa-us", "none"] as const;
export type Jurisdiction = (typeof JURISDICTIONS)[number];

export type Cloud = "aws" | "gcp";

/** EU member states (ISO 3166-1 alpha-2), plus `EU` for GCP's EU multi-region. */
export const EU_MEMBER_STATES: ReadonlySet<string> = new Set([
  "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
]);

/** One place data may live. */
export interface JurisdictionRow {
  readonly cloud: Cloud;
  /** Region name (`eu-west-1`, `europe-west1`) or GCP multi-region (`EU`, `US`). */
  readonly location: string;
  /** ISO 3166-1 alpha-2 country of the data centres (`EU`/`US` for multi-regions). */
  readonly country: string;
  /** Inside the European Union (every GDPR-regulated place). */
  readonly eu: boolean;
  /** The location's own jurisdiction: the floor config may raise but never lower. */
  readonly jurisdiction: Jurisdiction;
  /** The data-protection law of the place, in words (also where the label vocabulary has none). */
  readonly law: string;
}

/** Law and floor by country: the only place the geography-to-law mapping is written. */
const BY_COUNTRY: Readonly<Record<string, { readonly jurisdiction: Jurisdiction; readonly law: string }>> = {
  US: { jurisdiction: "ccpa", law: "US: CCPA (California residents), HIPAA where PHI is processed" },
  CA: { jurisdiction: "none", law: "Canada: PIPEDA (no label; residency not enforced)" },
  GB: { jurisdiction: "none", law: "UK GDPR / DPA 2018 (no label; outside the EU)" },
  CH: { jurisdiction: "none", law: "Switzerland: revFADP (no label; outside the EU)" },
  SG: { jurisdiction: "pdpa", law: "Singapore: PDPA 2012" },
  AU: { jurisdiction: "none", law: "Australia: Privacy Act 1988 (no label)" },
  JP: { jurisdiction: "none", law: "Japan: APPI (no label)" },
  KR: { jurisdiction: "none", law: "South Korea: PIPA (no label)" },
  IN: { jurisdiction: "none", law: "India: DPDP Act 2023 (no label)" },
  BR: { jurisdiction: "none", law: "Brazil: LGPD (no label)" },
};

function row(cloud: Cloud, location: string, country: string): JurisdictionRow {
  const eu = country === "EU" || EU_MEMBER_STATES.has(country);
  if (eu) return { cloud, location, country, eu, jurisdiction: "gdpr", law: "EU: GDPR (Regulation (EU) 2016/679)" };
  const law = BY_COUNTRY[country];
  if (!law) throw new Error(`stacks/jurisdictions.ts: no law recorded for country ${country} (${cloud} ${location})`);
  return { cloud, location, country, eu, ...law };
}

/** Every AWS region the program allows, with its country (AWS regions page). */
const AWS: readonly [string, string][] = [
  ["us-east-1", "US"], ["us-east-2", "US"], ["us-west-1", "US"], ["us-west-2", "US"],
  ["ca-central-1", "CA"],
  ["eu-west-1", "IE"], ["eu-west-2", "GB"], ["eu-west-3", "FR"], ["eu-central-1", "DE"], ["eu-central-2", "CH"],
  ["eu-north-1", "SE"], ["eu-south-1", "IT"], ["eu-south-2", "ES"],
  ["ap-southeast-1", "SG"], ["ap-southeast-2", "AU"], ["ap-northeast-1", "JP"], ["ap-northeast-2", "KR"], ["ap-south-1", "IN"],
  ["sa-east-1", "BR"],
];

/** Every GCP region and multi-region the program allows, with its country (GCP locations page). */
const GCP: readonly [string, string][] = [
  ["northamerica-northeast1", "CA"], ["northamerica-northeast2", "CA"],
  ["us-central1", "US"], ["us-east1", "US"], ["us-east4", "US"], ["us-west1", "US"],
  ["europe-west1", "BE"], ["europe-west2", "GB"], ["europe-west3", "DE"], ["europe-west4", "NL"], ["europe-north1", "FI"],
  ["asia-southeast1", "SG"], ["asia-northeast1", "JP"],
  ["US", "US"], ["EU", "EU"],
];

export const JURISDICTION_TABLE: readonly JurisdictionRow[] = [...AWS.map(([l, c]) => row("aws", l, c)), ...GCP.map(([l, c]) => row("gcp", l, c))];

const byKey = new Map(JURISDICTION_TABLE.map((r) => [`${r.cloud}:${r.cloud === "gcp" && r.location.toUpperCase() === r.location ? r.location : r.location.toLowerCase()}`, r]));

/** The row of a place (GCP multi-regions case-insensitively), or undefined when the program does not allow it. */
export function placeOf(cloud: Cloud, location: string): JurisdictionRow | undefined {
  return byKey.get(`${cloud}:${location}`) ?? (cloud === "gcp" ? (byKey.get(`gcp:${location.toUpperCase()}`) ?? byKey.get(`gcp:${location.toLowerCase()}`)) : undefined);
}

/** Whether data under `jurisdiction` may reside in a place with these facts. */
export function residencyAllows(jurisdiction: Jurisdiction, place: { readonly eu: boolean; readonly country: string }): boolean {
  switch (jurisdiction) {
    case "gdpr":
      return place.eu;
    case "ccpa":
    case "hipaa-us":
      return place.country === "US" || place.country === "CA";
    case "pdpa":
      return place.country === "SG";
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

/** The places of the table a jurisdiction lets data reside in. */
function allowedPlaces(jurisdiction: Jurisdiction): ReadonlySet<JurisdictionRow> {
  return new Set(JURISDICTION_TABLE.filter((r) => residencyAllows(jurisdiction, r)));
}

/**
 * Whether `configured` keeps every obligation of `own`: it allows data in no place `own`
 * forbids (so `hipaa-us` covers `ccpa`, `none` covers nothing but `none`).
 */
export function covers(configured: Jurisdiction, own: Jurisdiction): boolean {
  if (configured === own || own === "none") return true;
  const wider = allowedPlaces(own);
  return [...allowedPlaces(configured)].every((p) => wider.has(p));
}

/**
 * Why `configured` would remove obligations of data in `location`, or undefined when it keeps
 * them. (Whether the place allows `configured` at all is residencyAllows' question.)
 */
export function downgradeProblem(configured: Jurisdiction, cloud: Cloud, location: string): string | undefined {
  const place = placeOf(cloud, location);
  if (!place) return undefined; // Unknown places are reported by the region-name checks.
  // A label the place does not allow at all (gdpr in Virginia) is a residency breach, not a downgrade.
  if (!residencyAllows(configured, place)) return undefined;
  if (!covers(configured, place.jurisdiction)) {
    return `${location} (${place.country}) is under ${JSON.stringify(place.jurisdiction)} by geography (${place.law}; stacks/jurisdictions.ts); config may add obligations, never remove the location's own`;
  }
  return undefined;
}

/**
 * The jurisdiction data in `location` is judged by: the label unless it drops the place's own
 * obligations, then the place's (a label the place does not allow stays, so its breach shows).
 */
export function effectiveJurisdiction(label: Jurisdiction | undefined, cloud: Cloud, location: string): Jurisdiction | undefined {
  const own = placeOf(cloud, location)?.jurisdiction;
  if (label === undefined) return own;
  return downgradeProblem(label, cloud, location) === undefined ? label : own;
}
