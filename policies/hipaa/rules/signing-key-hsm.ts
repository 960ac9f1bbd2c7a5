import * as gcp from "@pulumi/gcp";
import type { Unwrap } from "@pulumi/pulumi";
import { HIPAA, GDPR } from "../../lib/controls";
import { resourceFacts } from "../../lib/facts";
import { resourceRule } from "../../lib/rule";

/** Signatures over ledger events prove integrity (FDA 21 CFR Part 11 in the seed): their keys live in an HSM in production. */
export const signingKeyHsm = resourceRule<Unwrap<gcp.kms.CryptoKeyArgs>>({
  id: "hipaa-signing-key-hsm",
  description: "Production asymmetric signing keys are HSM-protected.",
  severity: "high",
  controls: [HIPAA.integrity, HIPAA.authentication, GDPR.integrityConfidentiality],
  remediation: "Set `versionTemplate: { algorithm, protectionLevel: \"HSM\" }` on ASYMMETRIC_SIGN keys in production.",
  appliesTo: [gcp.kms.CryptoKey],
  check: (props, args, finding) => {
    if (props.purpose !== "ASYMMETRIC_SIGN" || !resourceFacts(args).production) return;
    const level = props.versionTemplate?.protectionLevel ?? "SOFTWARE";
    if (level !== "HSM") finding(`protection level ${level}: production signing keys must be HSM-backed`);
  },
});
