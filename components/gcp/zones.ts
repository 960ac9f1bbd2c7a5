/**
 * Compute zones per region. Zone suffixes are not uniform: us-east1 and europe-west1 have no
 * zone "a" (b, c, d), us-central1 adds "f". A Bigtable cluster in a zone that does not exist is
 * refused by the API, so zones are checked offline. Source: Google Cloud, "Regions and zones"
 * (cloud.google.com/compute/docs/regions-zones#available), for the regions of stacks/regions.ts.
 */
export const ZONE_SUFFIXES: Readonly<Record<string, readonly string[]>> = {
  "northamerica-northeast1": ["a", "b", "c"],
  "northamerica-northeast2": ["a", "b", "c"],
  "us-central1": ["a", "b", "c", "f"],
  "us-east1": ["b", "c", "d"],
  "us-east4": ["a", "b", "c"],
  "us-west1": ["a", "b", "c"],
  "europe-west1": ["b", "c", "d"],
  "europe-west2": ["a", "b", "c"],
  "europe-west3": ["a", "b", "c"],
  "europe-west4": ["a", "b", "c"],
  "europe-north1": ["a", "b", "c"],
  "asia-southeast1": ["a", "b", "c"],
  "asia-northeast1": ["a", "b", "c"],
};

/** Why `suffix` is not a zone of `region`, or undefined when it is (or the region is not in the table). */
export function zoneProblem(region: string, suffix: string): string | undefined {
  const known = ZONE_SUFFIXES[region];
  if (!known || known.includes(suffix)) return undefined;
  return `${region}-${suffix} is not a zone of ${region} (zones: ${known.map((s) => `${region}-${s}`).join(", ")})`;
}
