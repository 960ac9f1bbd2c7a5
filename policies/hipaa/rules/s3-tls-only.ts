import type { PolicyResource } from "@pulumi/policy";
import { ENCRYPTION_IN_TRANSIT } from "../../lib/controls";
import { parsePolicy } from "../../lib/iam";
import { S3_BUCKETS } from "../../lib/inventory";
import { bucketName, buckets, configsByBucket, S3_CONFIG } from "../../lib/s3";
import { stackRule } from "../../lib/rule";
import { StackView } from "../../lib/stack";
import { type Props } from "../../lib/values";

/** A Deny of s3:* (or *) when aws:SecureTransport is false. */
function deniesPlaintext(document: unknown): boolean {
  const statements = parsePolicy(document) ?? [];
  return statements.some(
    (s) =>
      s.effect === "Deny" &&
      s.actions.some((a) => a === "*" || a.toLowerCase() === "s3:*") &&
      Object.entries(s.conditions).some(([op, body]) => /^Bool(IfExists)?$/.test(op) && (body["aws:SecureTransport"] ?? []).includes("false")),
  );
}

export const s3TlsOnly = stackRule({
  id: "hipaa-s3-tls-only",
  description: "Every S3 bucket has a bucket policy that denies requests not made over TLS (aws:SecureTransport = false).",
  severity: "high",
  controls: ENCRYPTION_IN_TRANSIT,
  resourceTypes: [...S3_BUCKETS, ...S3_CONFIG.policy],
  remediation: "Attach an `aws.s3.BucketPolicy` with a statement `{ Effect: \"Deny\", Principal: \"*\", Action: \"s3:*\", Resource: [bucketArn, `${bucketArn}/*`], Condition: { Bool: { \"aws:SecureTransport\": \"false\" } } }`.",
  check: (args, finding) => {
    const view = new StackView(args.resources);
    const policies = configsByBucket(view, S3_CONFIG.policy);
    for (const bucket of buckets(view)) {
      const name = bucketName(bucket);
      const attached: PolicyResource[] = (name && policies.get(name)) || [];
      const documents = [...attached.map((p) => (p.props as Props).policy), (bucket.props as Props).policy].filter((d) => d !== undefined);
      if (!documents.some(deniesPlaintext)) finding(`bucket ${name ?? bucket.name} has no policy denying non-TLS requests`, bucket.urn);
    }
  },
});
