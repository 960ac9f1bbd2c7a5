import { KEY_MANAGEMENT } from "../../lib/controls";
import { isPhi } from "../../lib/facts";
import { DATA_STORES, UNLABELLED_STORES } from "../../lib/inventory";
import { AWS_ALIAS, AWS_KEY, GCP_KEY, KeyIndex, keyRefsOf, keyRotates } from "../../lib/keys";
import { bucketName, buckets, configsByBucket, S3_CONFIG } from "../../lib/s3";
import { stackRule } from "../../lib/rule";
import { StackView } from "../../lib/stack";
import { type Props } from "../../lib/values";

/**
 * Joins PHI stores to the keys they name: a PHI store's key must be a key of this stack that
 * rotates (a key from elsewhere cannot be verified and is reported too).
 */
export const phiCmekRotation = stackRule({
  id: "hipaa-phi-cmek-rotation",
  description: "Every customer-managed key used by a PHI store is managed in this stack and rotates automatically.",
  severity: "high",
  controls: KEY_MANAGEMENT,
  resourceTypes: [...DATA_STORES, ...UNLABELLED_STORES, ...S3_CONFIG.encryption, GCP_KEY, AWS_KEY, AWS_ALIAS],
  remediation: "Create the store's key in the same system component with rotation (`rotationPeriod` on Cloud KMS keys, `enableKeyRotation` on AWS KMS keys) and reference it by its output.",
  check: (args, finding) => {
    const view = new StackView(args.resources);
    const keys = new KeyIndex(view);
    const sse = configsByBucket(view, S3_CONFIG.encryption);
    const reported = new Set<string>();
    const checkRefs = (store: { urn: string; name: string }, refs: readonly string[]) => {
      for (const ref of refs) {
        const key = keys.resolve(ref);
        if (!key) finding(`PHI store ${store.name} uses key ${ref}, which this stack does not manage, so its rotation cannot be verified`, store.urn);
        else if (!keyRotates(key) && !reported.has(`${key.urn}|${store.urn}`)) {
          reported.add(`${key.urn}|${store.urn}`);
          finding(`key ${key.name}, used by PHI store ${store.name}, does not rotate`, key.urn);
        }
      }
    };
    for (const store of view.ofType(...DATA_STORES, ...UNLABELLED_STORES)) {
      if (!isPhi(view.factLabels(store))) continue;
      checkRefs(store, keyRefsOf(store.type, store.props as Props));
    }
    for (const bucket of buckets(view)) {
      if (!isPhi(view.factLabels(bucket))) continue;
      const configs = sse.get(bucketName(bucket) ?? "") ?? [];
      checkRefs(bucket, configs.flatMap((c) => keyRefsOf(c.type, c.props as Props)));
    }
  },
});
