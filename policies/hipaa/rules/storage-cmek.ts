import * as gcp from "@pulumi/gcp";
import type { Unwrap } from "@pulumi/pulumi";
import { ENCRYPTION_AT_REST } from "../../lib/controls";
import { resourceFacts } from "../../lib/facts";
import { resourceRule } from "../../lib/rule";

export const storageCmek = resourceRule<Unwrap<gcp.storage.BucketArgs>>({
  id: "hipaa-storage-cmek",
  description: "Cloud Storage buckets holding PHI/PII (or unclassified data) set a customer-managed default KMS key.",
  severity: "high",
  controls: ENCRYPTION_AT_REST,
  remediation: "Set `encryption.defaultKmsKeyName` (the Cloud Storage service agent needs cryptoKeyEncrypterDecrypter on the key); label public content `data-classification: public` instead.",
  appliesTo: [gcp.storage.Bucket],
  check: (props, args, finding) => {
    if (resourceFacts(args).sensitive && !props.encryption?.defaultKmsKeyName) finding("the bucket has no encryption.defaultKmsKeyName (Google-managed encryption)");
  },
});
