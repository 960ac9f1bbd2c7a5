import * as gcp from "@pulumi/gcp";
import { ACCESS } from "../../lib/controls";
import { GCP_IAM_TYPES, grantsOf, PUBLIC_MEMBERS } from "../../lib/gcp-iam";
import { resourceRule } from "../../lib/rule";
import { get, records, str, type Props } from "../../lib/values";

/**
 * No grant to allUsers / allAuthenticatedUsers: IAM members, bindings and policies on any
 * resource, BigQuery dataset accesses, Cloud Storage ACLs. A deliberate public endpoint (the
 * Convergence API's run.invoker) carries a waiver with its reason and expiry in the policy
 * config.
 */
export const gcpNoPublicMembers = resourceRule<Props>({
  id: "baseline-gcp-no-public-members",
  description: "No GCP resource grants access to allUsers or allAuthenticatedUsers unless waived with a written reason and expiry.",
  severity: "critical",
  controls: ACCESS,
  remediation: "Grant the role to specific principals (service accounts, groups). If public access is intended (an API that authenticates its own callers), add a waiver for the resource in policies/config/<stack>.json under this rule with `reason` and `expires`.",
  appliesTo: [...GCP_IAM_TYPES, gcp.bigquery.Dataset, gcp.bigquery.DatasetAccess, gcp.storage.BucketAccessControl, gcp.storage.DefaultObjectAccessControl, gcp.storage.ObjectAccessControl, gcp.storage.BucketACL, gcp.storage.DefaultObjectACL],
  check: (props, args, finding) => {
    const publicIn = (value: string | undefined) => value !== undefined && PUBLIC_MEMBERS.has(value);
    for (const g of grantsOf(args.type, props)) if (PUBLIC_MEMBERS.has(g.member)) finding(`grants ${g.role} to ${g.member}`);
    if (args.isType(gcp.bigquery.Dataset) || args.isType(gcp.bigquery.DatasetAccess)) {
      const entries = args.isType(gcp.bigquery.Dataset) ? records(props.accesses) : [props];
      for (const a of entries) {
        if (publicIn(str(a.specialGroup)) || publicIn(str(a.iamMember))) finding(`dataset access ${str(a.role) ?? ""} for ${str(a.specialGroup) ?? str(a.iamMember)}`);
      }
    }
    if (args.isType(gcp.storage.BucketAccessControl) || args.isType(gcp.storage.DefaultObjectAccessControl) || args.isType(gcp.storage.ObjectAccessControl)) {
      if (publicIn(str(props.entity))) finding(`ACL entry for ${str(props.entity)}`);
    }
    if (args.isType(gcp.storage.BucketACL) || args.isType(gcp.storage.DefaultObjectACL)) {
      for (const entry of [...(Array.isArray(props.roleEntities) ? props.roleEntities : []), str(get(props, "predefinedAcl"))]) {
        if (typeof entry === "string" && /allUsers|allAuthenticatedUsers|publicRead|authenticatedRead/.test(entry)) finding(`ACL ${entry}`);
      }
    }
  },
});
