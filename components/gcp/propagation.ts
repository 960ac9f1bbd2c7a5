/**
 * Waits for documented propagation delays the Google provider does not wait for itself, so the
 * first `pulumi up` on a fresh project succeeds in one pass instead of on a retry. Each delay is
 * a `time.Sleep` (pulumiverse/time): it sleeps once, when created, and again only when one of
 * its `triggers` changes (a new metric, a new grant), never on an unchanged update.
 */
import * as pulumi from "@pulumi/pulumi";
import * as time from "@pulumiverse/time";

/** The delays, each with the document that states it. */
export const PROPAGATION = {
  /**
   * IAM grants: "typically ... 2 minutes", can take 7 minutes or longer (Google Cloud IAM,
   * "Access change propagation"). Services that check a key grant when a resource is created
   * (Bigtable, Firestore, BigQuery, Pub/Sub, Cloud Functions CMEK) fail with PERMISSION_DENIED
   * until it has propagated; the provider's own example for a custom Cloud Functions build
   * account sleeps 60 s (terraform-provider-google, cloudfunctions2_basic_builder).
   */
  iamGrant: { seconds: 120, source: "cloud.google.com/iam/docs/access-change-propagation; terraform-provider-google docs, cloudfunctions2_function (time_sleep after builder grants)" },
  /**
   * A new log-based metric's type is unknown to Cloud Monitoring for a while: creating an alert
   * policy on it fails with 404 "Cannot find metric(s) ... it could take up to 10 minutes to
   * become available" (hashicorp/terraform-provider-google#11102, open; the provider retries
   * only concurrent-edit errors on AlertPolicy create).
   */
  logMetric: { seconds: 600, source: "hashicorp/terraform-provider-google#11102" },
} as const;
export type PropagationKind = keyof typeof PROPAGATION;

export interface PropagationDelayArgs {
  readonly provider: time.Provider;
  readonly kind: PropagationKind;
  /** What must have happened first (the grants, the metrics). */
  readonly after: readonly pulumi.Resource[];
  /** Values whose change means something new must propagate (re-sleep), e.g. metric ids. */
  readonly triggers?: Readonly<Record<string, pulumi.Input<string>>>;
}

/** A Sleep of the kind's documented delay after `after`; dependents list it in `dependsOn`. */
export function propagationDelay(name: string, args: PropagationDelayArgs, opts: pulumi.CustomResourceOptions): time.Sleep {
  const delay = PROPAGATION[args.kind];
  return new time.Sleep(name, {
    createDuration: `${delay.seconds}s`,
    triggers: args.triggers ? { ...args.triggers } : undefined,
  }, { ...opts, provider: args.provider, dependsOn: [...args.after] });
}
