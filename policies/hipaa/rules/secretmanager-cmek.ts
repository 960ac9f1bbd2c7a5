import * as gcp from "@pulumi/gcp";
import type { Unwrap } from "@pulumi/pulumi";
import { ENCRYPTION_AT_REST } from "../../lib/controls";
import { resourceFacts } from "../../lib/facts";
import { resourceRule } from "../../lib/rule";

/** Secrets are credentials to PHI: they take CMEK unless labelled public/internal. */
export const secretManagerCmek = resourceRule<Unwrap<gcp.secretmanager.SecretArgs>>({
  id: "hipaa-secretmanager-cmek",
  description: "Secret Manager secrets encrypt every replica with a customer-managed Cloud KMS key.",
  severity: "high",
  controls: ENCRYPTION_AT_REST,
  remediation: "Use `replication.userManaged.replicas[].customerManagedEncryption.kmsKeyName` (a key in each replica's location) or `replication.auto.customerManagedEncryption.kmsKeyName`; the Secret Manager service agent needs cryptoKeyEncrypterDecrypter.",
  appliesTo: [gcp.secretmanager.Secret],
  check: (props, args, finding) => {
    if (!resourceFacts(args).sensitive) return;
    const replication = props.replication;
    if (replication?.auto) {
      if (!replication.auto.customerManagedEncryption?.kmsKeyName) finding("automatic replication without customerManagedEncryption.kmsKeyName");
      return;
    }
    const replicas = replication?.userManaged?.replicas ?? [];
    if (replicas.length === 0) finding("the secret declares no replication, so no customer-managed key");
    for (const r of replicas) if (!r.customerManagedEncryption?.kmsKeyName) finding(`replica in ${r.location} has no customerManagedEncryption.kmsKeyName`);
  },
});
