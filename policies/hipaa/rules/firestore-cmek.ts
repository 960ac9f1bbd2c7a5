import * as gcp from "@pulumi/gcp";
import type { Unwrap } from "@pulumi/pulumi";
import { ENCRYPTION_AT_REST } from "../../lib/controls";
import { resourceRule } from "../../lib/rule";

/** Firestore takes no labels, so every database is treated as holding the system's sensitive data. */
export const firestoreCmek = resourceRule<Unwrap<gcp.firestore.DatabaseArgs>>({
  id: "hipaa-firestore-cmek",
  description: "Firestore databases are encrypted with a customer-managed Cloud KMS key (cmekConfig).",
  severity: "high",
  controls: ENCRYPTION_AT_REST,
  remediation: "Set `cmekConfig.kmsKeyName` to a key in the database's location (the Firestore service agent needs cryptoKeyEncrypterDecrypter on it). CMEK can only be chosen when the database is created.",
  appliesTo: [gcp.firestore.Database],
  check: (props, _args, finding) => {
    if (!props.cmekConfig?.kmsKeyName) finding("the database has no cmekConfig.kmsKeyName (Google-managed encryption)");
  },
});
