/** APIs the Neural Ledger needs on its project. */

/** The guide's "Required GCP APIs" list, verbatim. */
export const GUIDE_APIS = [
  "cloudresourcemanager.googleapis.com",
  "cloudbuild.googleapis.com",
  "cloudfunctions.googleapis.com",
  "pubsub.googleapis.com",
  "bigtable.googleapis.com",
  "firestore.googleapis.com",
  "bigquery.googleapis.com",
  "cloudkms.googleapis.com",
  "monitoring.googleapis.com",
  "logging.googleapis.com",
  "secretmanager.googleapis.com",
] as const;

/**
 * What the guide leaves implicit: Cloud Functions gen2 runs on Cloud Run and stores its image
 * in Artifact Registry; Bigtable's admin API creates instances; IAM for service accounts.
 */
export const PLATFORM_APIS = [
  "run.googleapis.com",
  "artifactregistry.googleapis.com",
  "bigtableadmin.googleapis.com",
  "iam.googleapis.com",
  "storage.googleapis.com",
] as const;

/** Private networking (production): VPC and Serverless VPC Access. */
export const NETWORK_APIS = ["compute.googleapis.com", "vpcaccess.googleapis.com"] as const;

/** Budget alerts. */
export const BUDGET_APIS = ["billingbudgets.googleapis.com"] as const;

/** Services whose Data Access audit logs are on in production (HIPAA 164.312(b)). */
export const AUDITED_SERVICES = [
  "bigtable.googleapis.com",
  "bigtableadmin.googleapis.com",
  "datastore.googleapis.com",
  "firestore.googleapis.com",
  "bigquery.googleapis.com",
  "pubsub.googleapis.com",
  "cloudkms.googleapis.com",
  "storage.googleapis.com",
  "cloudfunctions.googleapis.com",
] as const;

/** Daily BigQuery table snapshots run as a scheduled query of the Data Transfer Service. */
export const SNAPSHOT_APIS = ["bigquerydatatransfer.googleapis.com"] as const;
