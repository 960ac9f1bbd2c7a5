import * as aws from "@pulumi/aws";
import { ACCESS } from "../../lib/controls";
import { S3_BUCKETS } from "../../lib/inventory";
import { bucketName, buckets, configsByBucket, S3_CONFIG } from "../../lib/s3";
import { stackRule, typeToken } from "../../lib/rule";
import { StackView } from "../../lib/stack";
import { bool, type Props } from "../../lib/values";

const ACCOUNT_BLOCK = typeToken(aws.s3.AccountPublicAccessBlock);
const FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;

const complete = (p: Props) => FLAGS.every((f) => bool(p[f]) === true);

export const s3PublicAccessBlock = stackRule({
  id: "baseline-s3-public-access-block",
  description: "Every S3 bucket has a public access block with all four settings on (or the account has one).",
  severity: "high",
  controls: ACCESS,
  resourceTypes: [...S3_BUCKETS, ...S3_CONFIG.publicAccessBlock, ACCOUNT_BLOCK],
  remediation: "Add an `aws.s3.BucketPublicAccessBlock` for the bucket with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all true.",
  check: (args, finding) => {
    const view = new StackView(args.resources);
    if (view.ofType(ACCOUNT_BLOCK).some((b) => complete(b.props as Props))) return;
    const blocks = configsByBucket(view, S3_CONFIG.publicAccessBlock);
    for (const bucket of buckets(view)) {
      const name = bucketName(bucket) ?? "";
      const own = blocks.get(name) ?? [];
      if (own.length === 0) finding(`bucket ${name || bucket.name} has no public access block`, bucket.urn);
      else if (!own.some((b) => complete(b.props as Props))) finding(`bucket ${name}'s public access block leaves ${FLAGS.filter((f) => !own.some((b) => bool((b.props as Props)[f]) === true)).join(", ")} off`, bucket.urn);
    }
  },
});
