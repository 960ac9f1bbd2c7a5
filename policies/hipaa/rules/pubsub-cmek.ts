import * as gcp from "@pulumi/gcp";
import type { Unwrap } from "@pulumi/pulumi";
import { ENCRYPTION_AT_REST } from "../../lib/controls";
import { resourceFacts } from "../../lib/facts";
import { resourceRule } from "../../lib/rule";

export const pubsubCmek = resourceRule<Unwrap<gcp.pubsub.TopicArgs>>({
  id: "hipaa-pubsub-cmek",
  description: "Pub/Sub topics carrying PHI/PII encrypt retained messages with a customer-managed Cloud KMS key.",
  severity: "high",
  controls: ENCRYPTION_AT_REST,
  remediation: "Set `kmsKeyName` on the topic (the Pub/Sub service agent needs cryptoKeyEncrypterDecrypter on the key).",
  appliesTo: [gcp.pubsub.Topic],
  check: (props, args, finding) => {
    if (resourceFacts(args).sensitive && !props.kmsKeyName) finding("the topic has no kmsKeyName (Google-managed encryption)");
  },
});
