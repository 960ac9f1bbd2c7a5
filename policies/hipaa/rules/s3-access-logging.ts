import { AUDIT_LOGGING } from "../../lib/controls";
import { isSensitive } from "../../lib/facts";
import { S3_BUCKETS } from "../../lib/inventory";
import { bucketName, buckets, configsByBucket, S3_CONFIG } from "../../lib/s3";
import { stackRule } from "../../lib/rule";
import { StackView } from "../../lib/stack";
import { isRecord, str, type Props } from "../../lib/values";

/** Server access logs of PHI/PII buckets; the log-target buckets themselves are exempt (AWS advises against logging into itself). */
export const s3AccessLogging = stackRule({
  id: "hipaa-s3-access-logging",
  description: "S3 buckets holding PHI/PII (or unclassified data) write server access logs to a log bucket.",
  severity: "medium",
  controls: AUDIT_LOGGING,
  resourceTypes: [...S3_BUCKETS, ...S3_CONFIG.logging],
  remediation: "Add an `aws.s3.BucketLogging` for the bucket with `targetBucket` set to the region's access-log bucket and a `targetPrefix`.",
  check: (args, finding) => {
    const view = new StackView(args.resources);
    const logging = configsByBucket(view, S3_CONFIG.logging);
    const targets = new Set(view.ofType(...S3_CONFIG.logging).map((l) => str((l.props as Props).targetBucket)));
    for (const bucket of buckets(view)) {
      const name = bucketName(bucket) ?? "";
      if (targets.has(name) || !isSensitive(view.labels(bucket))) continue;
      const inline = (bucket.props as Props).logging;
      if (logging.has(name) || (isRecord(inline) && str(inline.targetBucket))) continue;
      finding(`bucket ${name || bucket.name} writes no server access logs`, bucket.urn);
    }
  },
});
