import * as gcp from "@pulumi/gcp";
import type { Unwrap } from "@pulumi/pulumi";
import { KEY_MANAGEMENT } from "../../lib/controls";
import { resourceRule } from "../../lib/rule";
import { DAY_SECONDS, durationSeconds, num } from "../../lib/values";

export const DEFAULT_MAX_ROTATION_DAYS = 90;

/**
 * Symmetric keys rotate at most every 90 days. Asymmetric signing keys cannot rotate
 * automatically (verifiers pin the public key) and are exempt; every other purpose that
 * cannot rotate (asymmetric decryption, MAC, raw) is a violation.
 */
export const gcpKmsRotation = resourceRule<Unwrap<gcp.kms.CryptoKeyArgs>>({
  id: "hipaa-gcp-kms-rotation",
  description: "Cloud KMS encryption keys rotate automatically at least every 90 days (asymmetric signing keys excepted).",
  severity: "high",
  controls: KEY_MANAGEMENT,
  remediation: "Set `rotationPeriod` to at most \"7776000s\" (90 days) on ENCRYPT_DECRYPT keys; use ASYMMETRIC_SIGN only for signatures.",
  config: { maxRotationDays: { type: "integer", minimum: 1, default: DEFAULT_MAX_ROTATION_DAYS } },
  appliesTo: [gcp.kms.CryptoKey],
  check: (props, args, finding) => {
    const purpose = props.purpose ?? "ENCRYPT_DECRYPT";
    if (purpose === "ASYMMETRIC_SIGN") return;
    if (purpose !== "ENCRYPT_DECRYPT") return finding(`purpose ${purpose} cannot rotate automatically; use a symmetric ENCRYPT_DECRYPT key`);
    const max = num(args.getConfig<{ maxRotationDays?: number }>().maxRotationDays) ?? DEFAULT_MAX_ROTATION_DAYS;
    const seconds = durationSeconds(props.rotationPeriod);
    if (seconds === undefined) return finding("the key has no rotationPeriod: it never rotates");
    if (seconds > max * DAY_SECONDS) finding(`rotationPeriod ${props.rotationPeriod} is longer than ${max} days`);
  },
});
