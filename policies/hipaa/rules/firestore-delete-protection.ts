import * as gcp from "@pulumi/gcp";
import type { Unwrap } from "@pulumi/pulumi";
import { BACKUP, HIPAA } from "../../lib/controls";
import { resourceFacts } from "../../lib/facts";
import { resourceRule } from "../../lib/rule";

export const firestoreDeleteProtection = resourceRule<Unwrap<gcp.firestore.DatabaseArgs>>({
  id: "hipaa-firestore-delete-protection",
  description: "Production Firestore databases have delete protection enabled and are never deleted with the stack.",
  severity: "high",
  controls: [...BACKUP, HIPAA.integrity],
  remediation: "Set `deleteProtectionState: \"DELETE_PROTECTION_ENABLED\"` and leave `deletionPolicy` at ABANDON (not DELETE) in production.",
  appliesTo: [gcp.firestore.Database],
  check: (props, args, finding) => {
    if (!resourceFacts(args).production) return;
    if (props.deleteProtectionState !== "DELETE_PROTECTION_ENABLED") finding(`deleteProtectionState is ${props.deleteProtectionState ?? "not set"}`);
    if (props.deletionPolicy === "DELETE") finding("deletionPolicy is DELETE");
  },
});
