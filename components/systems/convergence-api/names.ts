/**
 * Physical names of the Convergence API, all derived from the name suffix exactly as the
 * deployment guide spells them (convergence-api-staging, convergence-keyring-prod, ...), so a
 * runbook written against the guide finds every resource.
 */
import { CONVERGENCE_PREFIX } from "../../../stacks/sections/convergence";

export interface ConvergenceNames {
  /** Cloud Run service and service account id: convergence-api-<suffix>. */
  readonly service: string;
  readonly serviceAccountId: string;
  /** KMS key ring (one per location, same name): convergence-keyring-<suffix>. */
  readonly keyRing: string;
  /** The application's key for tenant API keys (guide: api-key-encryption). */
  readonly appKey: string;
  /** CMEK key for data at rest (secret replicas, dataset, rotation topic), one per location. */
  readonly cmekKey: string;
  /** Secret Manager secret of the admin API key: admin-api-key-<suffix>. */
  readonly adminSecret: string;
  /** Pub/Sub topic and subscription for Secret Manager rotation events. */
  readonly rotationTopic: string;
  /** BigQuery dataset id (letters, digits, underscores). */
  readonly dataset: string;
  /** Log-based metric counting KMS failures. */
  readonly kmsFailureMetric: string;
  /** VPC Service Controls perimeter short name (letters, digits, underscores). */
  readonly perimeter: string;
}

export function convergenceNames(suffix: string): ConvergenceNames {
  const service = `${CONVERGENCE_PREFIX}-${suffix}`;
  const underscored = suffix.replace(/-/g, "_");
  return {
    service,
    serviceAccountId: service,
    keyRing: `convergence-keyring-${suffix}`,
    appKey: "api-key-encryption",
    cmekKey: "convergence-data-cmek",
    adminSecret: `admin-api-key-${suffix}`,
    rotationTopic: `admin-api-key-rotation-${suffix}`,
    dataset: `convergence_${underscored}`,
    kmsFailureMetric: `convergence-kms-failures-${suffix}`,
    perimeter: `convergence_api_${underscored}`,
  };
}

/** KMS location of a BigQuery location: multi-regions are lowercase in KMS (US -> us). */
export function kmsLocationOf(location: string): string {
  return location.toLowerCase();
}
