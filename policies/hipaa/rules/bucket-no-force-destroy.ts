import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
import { BACKUP, HIPAA } from "../../lib/controls";
import { resourceFacts } from "../../lib/facts";
import { resourceRule } from "../../lib/rule";
import { bool, type Props } from "../../lib/values";

/** forceDestroy deletes every object when the bucket is deleted: never for production data. */
export const bucketNoForceDestroy = resourceRule<Props>({
  id: "hipaa-bucket-no-force-destroy",
  description: "Production buckets (Cloud Storage, S3) do not set forceDestroy.",
  severity: "high",
  controls: [...BACKUP, HIPAA.integrity],
  remediation: "Remove `forceDestroy: true` (or set it false) on production buckets.",
  appliesTo: [gcp.storage.Bucket, aws.s3.Bucket, aws.s3.BucketV2],
  check: (props, args, finding) => {
    if (resourceFacts(args).production && bool(props.forceDestroy) === true) finding("forceDestroy is true: deleting the bucket would delete its objects");
  },
});
