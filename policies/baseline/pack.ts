import type { PackDefinition } from "../lib/types";
import { apiRoutesAuthenticated } from "./rules/api-routes-authenticated";
import { awsIamLeastPrivilege } from "./rules/aws-iam-least-privilege";
import { awsIrsaTrustScoped } from "./rules/aws-irsa-trust-scoped";
import { awsSgNoOpenIngress } from "./rules/aws-sg-no-open-ingress";
import { datastoreComplianceLabels } from "./rules/datastore-compliance-labels";
import { eksEndpointRestricted } from "./rules/eks-endpoint-restricted";
import { explicitProvider } from "./rules/explicit-provider";
import { gcpCustomModeNetwork } from "./rules/gcp-custom-mode-network";
import { gcpDedicatedServiceAccounts } from "./rules/gcp-dedicated-service-accounts";
import { gcpLeastPrivilegeServiceAccounts } from "./rules/gcp-least-privilege-service-accounts";
import { gcpNoPrimitiveRoles } from "./rules/gcp-no-primitive-roles";
import { gcpNoPublicMembers } from "./rules/gcp-no-public-members";
import { gcsPublicAccessPrevention } from "./rules/gcs-public-access-prevention";
import { imdsv2 } from "./rules/imdsv2";
import { k8sDefaultDenyNetworkPolicy } from "./rules/k8s-default-deny-network-policy";
import { k8sIngressTls } from "./rules/k8s-ingress-tls";
import { k8sNoPrivilegeEscalation } from "./rules/k8s-no-privilege-escalation";
import { k8sNoPrivileged } from "./rules/k8s-no-privileged";
import { k8sNoSecretsInConfigMaps } from "./rules/k8s-no-secrets-in-configmaps";
import { k8sReadOnlyRootFs } from "./rules/k8s-read-only-root-fs";
import { k8sResourceLimits } from "./rules/k8s-resource-limits";
import { k8sRunAsNonRoot } from "./rules/k8s-run-as-non-root";
import { labelsRequired } from "./rules/labels-required";
import { lambdaPermissionScoped } from "./rules/lambda-permission-scoped";
import { noPublicIps } from "./rules/no-public-ips";
import { noSecretEnvLiterals } from "./rules/no-secret-env-literals";
import { privateEgressFunctions } from "./rules/private-egress-functions";
import { rdsManagedMasterPassword } from "./rules/rds-managed-master-password";
import { s3PublicAccessBlock } from "./rules/s3-public-access-block";
import { imagesDigestPinned } from "./rules/images-digest-pinned";
import { albDropInvalidHeaders } from "./rules/alb-drop-invalid-headers";
import { securityHubStandards } from "./rules/security-hub-standards";
import { defaultSgClosed } from "./rules/default-sg-closed";
import { lambdaDlqConcurrency } from "./rules/lambda-dlq-concurrency";
import { subnetNoPublicIpOnLaunch } from "./rules/subnet-no-public-ip-on-launch";

/** Security baseline: what every resource of the program must satisfy, whatever its data (placement, labels, IAM, network, workloads, secrets). */
export const baselinePack: PackDefinition = {
  name: "neurastack-baseline",
  version: "0.1.0",
  enforcementLevel: "mandatory",
  rules: [
    // Placement and labels
    explicitProvider, labelsRequired, datastoreComplianceLabels,
    // Identity and access
    gcpNoPublicMembers, gcpNoPrimitiveRoles, gcpDedicatedServiceAccounts, gcpLeastPrivilegeServiceAccounts, awsIamLeastPrivilege, awsIrsaTrustScoped, eksEndpointRestricted, imdsv2, rdsManagedMasterPassword, apiRoutesAuthenticated, lambdaPermissionScoped,
    // Network
    noPublicIps, gcpCustomModeNetwork, s3PublicAccessBlock, gcsPublicAccessPrevention, awsSgNoOpenIngress, privateEgressFunctions, k8sIngressTls, albDropInvalidHeaders, defaultSgClosed, subnetNoPublicIpOnLaunch,
    // Kubernetes workloads and secrets
    k8sRunAsNonRoot, k8sNoPrivileged, k8sNoPrivilegeEscalation, k8sReadOnlyRootFs, k8sResourceLimits, k8sDefaultDenyNetworkPolicy, k8sNoSecretsInConfigMaps, noSecretEnvLiterals,
    // Serverless resilience (cdk-nag LambdaDLQ / LambdaConcurrency)
    lambdaDlqConcurrency,
    // Detection (#19)
    securityHubStandards,
    // Supply chain
    imagesDigestPinned,
  ],
};
