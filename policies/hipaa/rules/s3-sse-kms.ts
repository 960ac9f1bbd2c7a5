import { ENCRYPTION_AT_REST } from "../../lib/controls";
import { isSensitive } from "../../lib/facts";
import { S3_BUCKETS } from "../../lib/inventory";
import { bucketName, buckets, configsByBucket, S3_CONFIG } from "../../lib/s3";
import { stackRule } from "../../lib/rule";
import { StackView } from "../../lib/stack";
import { get, isRecord, records, str, type Props } from "../../lib/values";

const KMS = new Set(["aws:kms", "aws:kms:dsse"]);

function problems(rules: readonly Props[]): string[] {
  if (rules.length === 0) return ["declares no encryption rule"];
  const out: string[] = [];
  for (const r of rules) {
    const algorithm = str(get(r, "applyServerSideEncryptionByDefault", "sseAlgorithm"));
    if (!algorithm || !KMS.has(algorithm)) out.push(`uses ${algorithm ?? "no"} default encryption instead of aws:kms`);
    else if (!str(get(r, "applyServerSideEncryptionByDefault", "kmsMasterKeyId"))) out.push("uses aws:kms without kmsMasterKeyId (the AWS-managed aws/s3 key)");
  }
  return out;
}

/** Inline encryption of a legacy bucket resource: `serverSideEncryptionConfiguration.rule` (Bucket) or `serverSideEncryptionConfigurations[].rules` (BucketV2). */
function inlineRules(props: Props): Props[] {
  const single = props.serverSideEncryptionConfiguration;
  if (isRecord(single)) return isRecord(single.rule) ? [single.rule] : [];
  return records(props.serverSideEncryptionConfigurations).flatMap((c) => [...records(c.rules)]);
}

/** S3 encrypts with SSE-S3 by default; PHI/PII buckets need SSE-KMS with a customer key. */
export const s3SseKms = stackRule({
  id: "hipaa-s3-sse-kms",
  description: "S3 buckets holding PHI/PII (or unclassified data) have a server-side encryption configuration with SSE-KMS and a customer-managed key (access-log target buckets, which S3 requires to use SSE-S3, excepted).",
  severity: "high",
  controls: ENCRYPTION_AT_REST,
  resourceTypes: [...S3_BUCKETS, ...S3_CONFIG.encryption, ...S3_CONFIG.logging],
  remediation: "Add an `aws.s3.BucketServerSideEncryptionConfiguration` for the bucket with `applyServerSideEncryptionByDefault: { sseAlgorithm: \"aws:kms\", kmsMasterKeyId }` (and `bucketKeyEnabled: true`).",
  check: (args, finding) => {
    const view = new StackView(args.resources);
    const configs = configsByBucket(view, S3_CONFIG.encryption);
    // S3 server access logs can only be delivered to SSE-S3 buckets: log targets are exempt.
    const logTargets = new Set(view.ofType(...S3_CONFIG.logging).map((l) => str((l.props as Props).targetBucket)));
    for (const bucket of buckets(view)) {
      const name = bucketName(bucket);
      if (!isSensitive(view.labels(bucket)) || logTargets.has(name)) continue;
      for (const config of (name && configs.get(name)) || []) {
        for (const p of problems(records((config.props as Props).rules))) finding(`encryption configuration of bucket ${name} ${p}`, config.urn);
      }
      const inline = inlineRules(bucket.props as Props);
      if ((name && configs.has(name)) || inline.length > 0) {
        for (const p of inline.length > 0 ? problems(inline) : []) finding(`inline encryption of bucket ${name} ${p}`, bucket.urn);
        continue;
      }
      finding(`bucket ${name ?? bucket.name} has no server-side encryption configuration (SSE-S3 default, not a customer-managed key)`, bucket.urn);
    }
  },
});
