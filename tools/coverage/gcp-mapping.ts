/**
 * GoogleCloudPlatform/policy-library constraint template → this repository's rule(s), for the
 * templates whose asset types the program creates (tools/coverage/gcp-policy-library.json lists
 * every template with its asset types, read from the repository at the commit recorded there).
 * Same shape as the cdk-nag table: `rules` that check the same thing, or the `reason` it does not apply.
 */
import type { CdkNagMapping } from "./cdk-nag-mapping";

/** Pulumi GCP type → Cloud Asset Inventory type (what the templates match on). */
export const PULUMI_TO_ASSET: Readonly<Record<string, string>> = {
  "gcp:bigquery/dataset:Dataset": "bigquery.googleapis.com/Dataset",
  "gcp:bigquery/table:Table": "bigquery.googleapis.com/Table",
  "gcp:bigtable/instance:Instance": "bigtableadmin.googleapis.com/Instance",
  "gcp:kms/cryptoKey:CryptoKey": "cloudkms.googleapis.com/CryptoKey",
  "gcp:compute/network:Network": "compute.googleapis.com/Network",
  "gcp:compute/subnetwork:Subnetwork": "compute.googleapis.com/Subnetwork",
  "gcp:compute/firewall:Firewall": "compute.googleapis.com/Firewall",
  "gcp:compute/globalForwardingRule:GlobalForwardingRule": "compute.googleapis.com/GlobalForwardingRule",
  "gcp:serviceaccount/account:Account": "iam.googleapis.com/ServiceAccount",
  "gcp:projects/service:Service": "serviceusage.googleapis.com/Service",
  "gcp:projects/iAMAuditConfig:IAMAuditConfig": "cloudresourcemanager.googleapis.com/Project",
  "gcp:projects/iAMMember:IAMMember": "cloudresourcemanager.googleapis.com/Project",
  "gcp:storage/bucket:Bucket": "storage.googleapis.com/Bucket",
};

/** Templates with no asset type match IAM policies of any resource: the program writes IAM members, so they apply. */
export const GCP_MAPPING: Readonly<Record<string, CdkNagMapping>> = {
  gcp_allowed_resource_types: { reason: "Organisation allow-list of resource types: an org-level choice, not a property of this program's resources." },
  gcp_always_violates_v1: { reason: "Test template that always fails; not a control." },
  gcp_enforce_naming_v1: { reason: "Naming patterns are organisation-specific; names here come from the config-validated system/environment scheme." },
  gcp_resource_value_pattern_v1: { reason: "Generic field-pattern template with no fixed control; the concrete controls are the other rows." },
  gcp_iam_allow_ban_roles_v1: { rules: ["baseline-gcp-no-primitive-roles", "baseline-gcp-least-privilege-service-accounts"] },
  gcp_iam_allowed_bindings: { rules: ["baseline-gcp-no-public-members", "baseline-gcp-least-privilege-service-accounts"] },
  gcp_iam_allowed_policy_member_domains: { rules: ["baseline-gcp-no-public-members"] },
  gcp_iam_required_bindings_v1: { reason: "Requires org-chosen bindings to exist; the program grants only what each service account needs and asserts none is missing in component tests." },
  gcp_bigquery_cmek_encryption_v1: { rules: ["hipaa-bigquery-cmek"] },
  gcp_bigquery_dataset_world_readable_v1: { rules: ["baseline-gcp-no-public-members"] },
  gcp_bigquery_table_retention_v1: { rules: ["gdpr-storage-limitation"] },
  gcp_bq_dataset_location_v1: { rules: ["gdpr-residency-gcp"] },
  gcp_cmek_rotation_v1: { rules: ["hipaa-gcp-kms-rotation"] },
  gcp_cmek_settings_v1: { rules: ["hipaa-gcp-kms-rotation", "hipaa-signing-key-hsm"] },
  gcp_enforce_labels_v1: { rules: ["baseline-labels-required"] },
  gcp_glb_external_ip_access_constraint_v1: { rules: ["hipaa-cloudrun-behind-https"] },
  gcp_lb_forwarding_rules: { rules: ["hipaa-cloudrun-behind-https", "hipaa-gcp-tls-policy"] },
  gcp_iam_audit_log: { rules: ["hipaa-phi-audit-logging"] },
  gcp_iam_restrict_service_account_creation_v1: { rules: ["baseline-gcp-dedicated-service-accounts"] },
  gcp_network_enable_firewall_logs_v1: { rules: ["hipaa-gcp-firewall-logging"] },
  gcp_network_enable_flow_logs_v1: { rules: ["hipaa-gcp-subnet-flow-logs"] },
  gcp_network_enable_private_google_access_v1: { rules: ["baseline-private-egress-functions"] },
  gcp_network_restrict_default_v1: { rules: ["baseline-gcp-custom-mode-network"] },
  gcp_network_routing_v1: { reason: "Asks global dynamic routing for Cloud Router; the program creates no Cloud Router or VPN, and its network has no routing mode requirement." },
  gcp_restricted_firewall_rules_v1: { reason: "Organisation deny-list of firewall rules; the program opens no ingress from the internet (Cloud Run behind the HTTPS load balancer), checked by hipaa-cloudrun-behind-https." },
  gcp_serviceusage_allowed_services_v1: { reason: "Organisation allow-list of APIs; the program enables the fixed list in components/gcp/project-services.ts." },
  gcp_storage_bucket_policy_only_v1: { rules: ["baseline-gcs-public-access-prevention"] },
  gcp_storage_bucket_retention_v1: { rules: ["gdpr-storage-limitation", "hipaa-phi-long-term-retention"] },
  gcp_storage_bucket_world_readable_v1: { rules: ["baseline-gcs-public-access-prevention", "baseline-gcp-no-public-members"] },
  gcp_storage_cmek_encryption_v1: { rules: ["hipaa-storage-cmek"] },
  gcp_storage_location_v1: { rules: ["gdpr-residency-gcp"] },
  gcp_storage_logging_v1: { rules: ["hipaa-phi-audit-logging"] },
};
