import * as gcp from "@pulumi/gcp";
import type { Unwrap } from "@pulumi/pulumi";
import { ENCRYPTION_AT_REST } from "../../lib/controls";
import { resourceFacts } from "../../lib/facts";
import { resourceRule } from "../../lib/rule";

/** Bigtable encrypts with Google-managed keys unless every cluster names a Cloud KMS key. */
export const bigtableCmek = resourceRule<Unwrap<gcp.bigtable.InstanceArgs>>({
  id: "hipaa-bigtable-cmek",
  description: "Bigtable instances holding PHI/PII encrypt every cluster with a customer-managed Cloud KMS key.",
  severity: "high",
  controls: ENCRYPTION_AT_REST,
  remediation: "Set `kmsKeyName` on every entry of `clusters` to a symmetric Cloud KMS key in the cluster's region (the Bigtable service agent needs cryptoKeyEncrypterDecrypter on it).",
  appliesTo: [gcp.bigtable.Instance],
  check: (props, args, finding) => {
    if (!resourceFacts(args).sensitive) return;
    const clusters = props.clusters ?? [];
    if (clusters.length === 0) finding("the instance declares no clusters, so none has a customer-managed key");
    for (const c of clusters) if (!c.kmsKeyName) finding(`cluster ${c.clusterId ?? "(unnamed)"} has no kmsKeyName (Google-managed encryption)`);
  },
});
