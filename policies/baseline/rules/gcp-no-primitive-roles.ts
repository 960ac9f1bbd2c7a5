import { ACCESS } from "../../lib/controls";
import { GCP_IAM_TYPES, grantsOf } from "../../lib/gcp-iam";
import { resourceRule } from "../../lib/rule";
import { type Props } from "../../lib/values";

const PRIMITIVE = new Set(["roles/owner", "roles/editor", "roles/viewer"]);

export const gcpNoPrimitiveRoles = resourceRule<Props>({
  id: "baseline-gcp-no-primitive-roles",
  description: "No GCP IAM grant uses a primitive role (roles/owner, roles/editor, roles/viewer).",
  severity: "high",
  controls: ACCESS,
  remediation: "Grant the predefined role that covers the need on the narrowest resource (e.g. roles/bigtable.user on the instance, roles/bigquery.dataEditor on the dataset).",
  appliesTo: GCP_IAM_TYPES,
  check: (props, args, finding) => {
    for (const g of grantsOf(args.type, props)) if (PRIMITIVE.has(g.role)) finding(`grants primitive role ${g.role} to ${g.member}`);
  },
});
