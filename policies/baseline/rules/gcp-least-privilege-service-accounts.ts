import * as gcp from "@pulumi/gcp";
import { ACCESS } from "../../lib/controls";
import { GCP_IAM_TYPES, grantsOf, isHierarchyLevel } from "../../lib/gcp-iam";
import { resourceRule } from "../../lib/rule";
import { type Props } from "../../lib/values";

/** Roles that administer resources or impersonate identities. */
const BROAD = /(\.admin$|Admin$|^roles\/iam\.serviceAccount(TokenCreator|User|KeyAdmin)$|^roles\/resourcemanager\.|^roles\/iam\.securityAdmin$)/;

/**
 * Service accounts get narrow roles on the resources they use: no admin or impersonation role
 * at project/folder/organization level, and no user-managed keys (workloads use their
 * attached identity).
 */
export const gcpLeastPrivilegeServiceAccounts = resourceRule<Props>({
  id: "baseline-gcp-least-privilege-service-accounts",
  description: "Service accounts hold no admin or impersonation role on a whole project/folder/organization, and have no user-managed keys.",
  severity: "high",
  controls: ACCESS,
  remediation: "Grant the needed role on the specific resource (key, secret, dataset, instance) instead of the project; use workload identity instead of `gcp.serviceaccount.Key`.",
  appliesTo: [...GCP_IAM_TYPES, gcp.serviceaccount.Key],
  check: (props, args, finding) => {
    if (args.isType(gcp.serviceaccount.Key)) return finding("a user-managed service account key is a long-lived credential");
    if (!isHierarchyLevel(args.type)) return;
    for (const g of grantsOf(args.type, props)) {
      if (g.member.startsWith("serviceAccount:") && BROAD.test(g.role)) finding(`grants ${g.role} on the whole ${args.type.split(":")[1].split("/")[0]} to ${g.member}`);
    }
  },
});
