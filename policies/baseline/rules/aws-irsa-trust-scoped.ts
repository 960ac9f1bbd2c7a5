import * as aws from "@pulumi/aws";
import type { Unwrap } from "@pulumi/pulumi";
import { ACCESS, HIPAA } from "../../lib/controls";
import { parsePolicy } from "../../lib/iam";
import { resourceRule } from "../../lib/rule";

/**
 * A role trusted by the cluster's OIDC provider without a `:sub` condition can be assumed by
 * every pod of every namespace; trust is scoped to one service account (IRSA). No role trusts
 * everyone (`Principal: "*"`) without conditions.
 */
export const awsIrsaTrustScoped = resourceRule<Unwrap<aws.iam.RoleArgs>>({
  id: "baseline-aws-irsa-trust-scoped",
  description: "Roles trusted by an OIDC provider (IRSA) are scoped to a service account with a `:sub` condition; no role trusts `*` unconditionally.",
  severity: "high",
  controls: [...ACCESS, HIPAA.uniqueUser],
  remediation: "Add `Condition: { StringEquals: { \"<issuer>:sub\": \"system:serviceaccount:<namespace>:<name>\", \"<issuer>:aud\": \"sts.amazonaws.com\" } }` to the web-identity trust statement.",
  appliesTo: [aws.iam.Role],
  check: (props, _args, finding) => {
    for (const s of parsePolicy(props.assumeRolePolicy) ?? []) {
      if (s.effect !== "Allow") continue;
      const federated = s.principals.Federated ?? [];
      const conditionKeys = Object.values(s.conditions).flatMap((body) => Object.entries(body));
      if (federated.some((f) => /oidc-provider|oidc\.eks\./.test(f))) {
        const sub = conditionKeys.filter(([k]) => k.endsWith(":sub"));
        if (sub.length === 0) finding(`web-identity trust for ${federated.join(", ")} has no :sub condition: every service account of the cluster can assume the role`);
        else if (sub.some(([, values]) => values.some((v) => v === "*" || v === "system:serviceaccount:*"))) finding("the :sub condition allows every service account");
      }
      const everyone = (s.principals["*"] ?? []).length > 0 || (s.principals.AWS ?? []).includes("*");
      if (everyone && conditionKeys.length === 0) finding("trusts Principal * without conditions");
    }
  },
});
