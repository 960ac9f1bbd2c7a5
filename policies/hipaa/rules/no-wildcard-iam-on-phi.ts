import * as aws from "@pulumi/aws";
import type { PolicyResource } from "@pulumi/policy";
import { ACCESS } from "../../lib/controls";
import { cloudOf, isPhi } from "../../lib/facts";
import { isWildcardAction, parsePolicy, resourceMatches, serviceOf } from "../../lib/iam";
import { DATA_STORES } from "../../lib/inventory";
import { stackRule, typeToken } from "../../lib/rule";
import { StackView } from "../../lib/stack";
import { records, str, type Props } from "../../lib/values";

const POLICY_DOCS = [aws.iam.Policy, aws.iam.RolePolicy, aws.iam.UserPolicy, aws.iam.GroupPolicy, aws.s3.BucketPolicy].map(typeToken);
const ROLE = typeToken(aws.iam.Role);
const ATTACHMENTS = [aws.iam.RolePolicyAttachment, aws.iam.PolicyAttachment, aws.iam.UserPolicyAttachment, aws.iam.GroupPolicyAttachment].map(typeToken);

/** IAM service prefixes that reach each kind of store. */
const SERVICES: Readonly<Record<string, readonly string[]>> = {
  "aws:rds/instance:Instance": ["rds", "rds-db"],
  "aws:rds/cluster:Cluster": ["rds", "rds-db"],
  "aws:elasticache/replicationGroup:ReplicationGroup": ["elasticache"],
  "aws:s3/bucket:Bucket": ["s3"],
  "aws:s3/bucketV2:BucketV2": ["s3"],
  "aws:dynamodb/table:Table": ["dynamodb"],
};

/** AWS managed policies granting every action of a service. */
const FULL_ACCESS: Readonly<Record<string, string>> = {
  AmazonS3FullAccess: "s3",
  AmazonRDSFullAccess: "rds",
  AmazonRDSDataFullAccess: "rds",
  AmazonElastiCacheFullAccess: "elasticache",
  AmazonDynamoDBFullAccess: "dynamodb",
  AdministratorAccess: "*",
  PowerUserAccess: "*",
};

/**
 * Least privilege on PHI: no Allow statement with a wildcard action (`*`, `s3:*`, `s3:Get*`)
 * for a service that holds PHI, on `*` or on a PHI store's ARN, and no *FullAccess managed
 * policy for such a service.
 */
export const noWildcardIamOnPhi = stackRule({
  id: "hipaa-no-wildcard-iam-on-phi",
  description: "No IAM policy grants wildcard actions on PHI resources (or on * for a service holding PHI).",
  severity: "high",
  controls: ACCESS,
  resourceTypes: [...POLICY_DOCS, ROLE, ...ATTACHMENTS, ...DATA_STORES.filter((t) => cloudOf(t) === "aws")],
  remediation: "List the exact actions the workload needs (e.g. s3:GetObject, s3:PutObject) on the exact ARNs (bucket/prefix/*), and replace *FullAccess managed policies with such a policy.",
  check: (args, finding) => {
    const view = new StackView(args.resources);
    const phiArns: string[] = [];
    const phiServices = new Set<string>();
    for (const store of view.ofType(...Object.keys(SERVICES))) {
      if (!isPhi(view.factLabels(store))) continue;
      const arn = str((store.props as Props).arn);
      if (arn) phiArns.push(arn, `${arn}/*`);
      for (const s of SERVICES[store.type] ?? []) phiServices.add(s);
    }
    if (phiServices.size === 0) return;

    const checkDocument = (owner: PolicyResource, document: unknown, label: string) => {
      for (const s of parsePolicy(document) ?? []) {
        if (s.effect !== "Allow") continue;
        const wild = [...s.actions.filter(isWildcardAction), ...(s.notActions.length > 0 ? ["NotAction"] : [])].filter((a) => a === "NotAction" || serviceOf(a) === "*" || phiServices.has(serviceOf(a)));
        if (wild.length === 0) continue;
        const hits = s.resources.filter((r) => r === "*" || phiArns.some((arn) => resourceMatches(r, arn) || resourceMatches(arn, r)));
        if (hits.length > 0) finding(`${label} allows ${wild.join(", ")} on ${hits.join(", ")}, which covers PHI stores`, owner.urn);
      }
    };
    for (const p of view.ofType(...POLICY_DOCS)) checkDocument(p, (p.props as Props).policy, `policy ${p.name}`);
    for (const role of view.ofType(ROLE)) {
      for (const inline of records((role.props as Props).inlinePolicies)) checkDocument(role, inline.policy, `inline policy ${str(inline.name) ?? ""} of role ${role.name}`);
    }
    for (const a of view.ofType(...ATTACHMENTS)) {
      const arn = str((a.props as Props).policyArn) ?? "";
      const managed = /^arn:aws[a-z-]*:iam::aws:policy\/(.+)$/.exec(arn)?.[1]?.split("/").pop();
      const service = managed ? FULL_ACCESS[managed] : undefined;
      if (service && (service === "*" || phiServices.has(service))) finding(`attachment ${a.name} grants ${managed} (every ${service === "*" ? "" : service + " "}action), which covers PHI stores`, a.urn);
    }
  },
});
