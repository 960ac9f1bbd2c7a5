import * as aws from "@pulumi/aws";
import { ACCESS } from "../../lib/controls";
import { parsePolicy } from "../../lib/iam";
import { resourceRule } from "../../lib/rule";
import { records, str, strings, type Props } from "../../lib/values";

const ADMIN_POLICIES = /^arn:aws[a-z-]*:iam::aws:policy\/(AdministratorAccess|PowerUserAccess|IAMFullAccess)$/;

/** Statements that make a principal an administrator: Allow * (or iam:*) on *, or Allow with NotAction. */
function adminStatements(document: unknown): string[] {
  const out: string[] = [];
  for (const s of parsePolicy(document) ?? []) {
    if (s.effect !== "Allow") continue;
    if (s.notActions.length > 0) out.push(`Allow with NotAction ${s.notActions.join(", ")}`);
    const admin = s.actions.filter((a) => a === "*" || a.toLowerCase() === "iam:*");
    if (admin.length > 0 && s.resources.includes("*")) out.push(`Allow ${admin.join(", ")} on *`);
  }
  return out;
}

export const awsIamLeastPrivilege = resourceRule<Props>({
  id: "baseline-aws-iam-least-privilege",
  description: "No IAM role or policy grants administrator access (AdministratorAccess/PowerUserAccess/IAMFullAccess, Allow * or iam:* on *, Allow with NotAction).",
  severity: "critical",
  controls: ACCESS,
  remediation: "Replace the grant with a policy listing the actions and resource ARNs the role needs.",
  appliesTo: [aws.iam.Role, aws.iam.Policy, aws.iam.RolePolicy, aws.iam.UserPolicy, aws.iam.GroupPolicy, aws.iam.RolePolicyAttachment, aws.iam.PolicyAttachment, aws.iam.UserPolicyAttachment, aws.iam.GroupPolicyAttachment],
  check: (props, args, finding) => {
    if (args.isType(aws.iam.Role)) {
      for (const arn of strings(props.managedPolicyArns)) if (ADMIN_POLICIES.test(arn)) finding(`managed policy ${arn}`);
      for (const p of records(props.inlinePolicies)) for (const s of adminStatements(p.policy)) finding(`inline policy ${str(p.name) ?? ""}: ${s}`);
      return;
    }
    const arn = str(props.policyArn);
    if (arn !== undefined) {
      if (ADMIN_POLICIES.test(arn)) finding(`attaches ${arn}`);
      return;
    }
    for (const s of adminStatements(props.policy)) finding(s);
  },
});
