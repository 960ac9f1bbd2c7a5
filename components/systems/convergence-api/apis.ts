/**
 * The Google APIs the Convergence API needs on its project (the guide's "Prerequisites:
 * BigQuery API enabled, Cloud KMS API enabled" and what the rest implies). They are enabled by
 * the shared ProjectServices block (components/gcp/project-services.ts), never disabled on destroy.
 */
/** The APIs for a configuration: always the core set, compute with the load balancer, ACM with a perimeter. */
export function requiredServices(options: { readonly loadBalancer: boolean; readonly perimeter: boolean }): string[] {
  return [
    "run.googleapis.com",
    "cloudkms.googleapis.com",
    "secretmanager.googleapis.com",
    "bigquery.googleapis.com",
    "pubsub.googleapis.com",
    "iam.googleapis.com",
    "cloudresourcemanager.googleapis.com",
    "monitoring.googleapis.com",
    "logging.googleapis.com",
    ...(options.loadBalancer ? ["compute.googleapis.com"] : []),
    ...(options.perimeter ? ["accesscontextmanager.googleapis.com"] : []),
  ];
}
