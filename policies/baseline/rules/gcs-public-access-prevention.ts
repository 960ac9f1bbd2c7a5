import * as gcp from "@pulumi/gcp";
import type { Unwrap } from "@pulumi/pulumi";
import { ACCESS } from "../../lib/controls";
import { resourceRule } from "../../lib/rule";

export const gcsPublicAccessPrevention = resourceRule<Unwrap<gcp.storage.BucketArgs>>({
  id: "baseline-gcs-public-access-prevention",
  description: "Cloud Storage buckets enforce public access prevention and uniform bucket-level access.",
  severity: "high",
  controls: ACCESS,
  remediation: "Set `publicAccessPrevention: \"enforced\"` and `uniformBucketLevelAccess: true`.",
  appliesTo: [gcp.storage.Bucket],
  check: (props, _args, finding) => {
    if (props.publicAccessPrevention !== "enforced") finding(`publicAccessPrevention is ${props.publicAccessPrevention ?? "inherited"}, not enforced`);
    if (props.uniformBucketLevelAccess !== true) finding("uniformBucketLevelAccess is not true (object ACLs can grant access)");
  },
});
