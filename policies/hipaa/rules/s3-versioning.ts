import { BACKUP, HIPAA } from "../../lib/controls";
import { S3_BUCKETS } from "../../lib/inventory";
import { bucketName, buckets, configsByBucket, S3_CONFIG } from "../../lib/s3";
import { stackRule } from "../../lib/rule";
import { StackView } from "../../lib/stack";
import { rec, str, type Props } from "../../lib/values";

/**
 * Every S3 bucket keeps object versions, so an overwrite or delete (by mistake or by an
 * attacker) can be undone, and S3 replication (which requires versioning on both sides,
 * S3 user guide "Requirements for replication") keeps working. cdk-nag S3BucketVersioningEnabled
 * (AWS Config s3-bucket-versioning-enabled). A bucket's versioning is an `aws.s3.BucketVersioning`
 * naming it, or the deprecated inline `versioning` block.
 */
export const s3Versioning = stackRule({
  id: "hipaa-s3-versioning",
  description: "Every S3 bucket has versioning enabled.",
  severity: "medium",
  controls: [...BACKUP, HIPAA.integrity],
  resourceTypes: [...S3_BUCKETS, ...S3_CONFIG.versioning],
  remediation: "Add an `aws.s3.BucketVersioning` with `bucket` set to the bucket and `versioningConfiguration: { status: \"Enabled\" }`.",
  check: (args, finding) => {
    const view = new StackView(args.resources);
    const versioning = configsByBucket(view, S3_CONFIG.versioning);
    for (const bucket of buckets(view)) {
      const name = bucketName(bucket) ?? "";
      const configs = versioning.get(name) ?? [];
      const enabled = configs.some((c) => str(rec((c.props as Props).versioningConfiguration).status) === "Enabled") || rec((bucket.props as Props).versioning).enabled === true;
      if (!enabled) finding(`bucket ${name || bucket.name} has no versioning enabled${configs.length > 0 ? " (versioning is suspended or disabled)" : ""}`, bucket.urn);
    }
  },
});
