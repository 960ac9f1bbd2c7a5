import * as aws from "@pulumi/aws";
import type { Unwrap } from "@pulumi/pulumi";
import { KEY_MANAGEMENT } from "../../lib/controls";
import { resourceRule } from "../../lib/rule";
import { num } from "../../lib/values";
import { DEFAULT_MAX_ROTATION_DAYS } from "./gcp-kms-rotation";

/** AWS rotates symmetric keys yearly unless `rotationPeriodInDays` says otherwise (90-2560). */
export const awsKmsRotation = resourceRule<Unwrap<aws.kms.KeyArgs>>({
  id: "hipaa-aws-kms-rotation",
  description: "AWS KMS symmetric keys have automatic rotation on, at most every 90 days (asymmetric signing keys excepted).",
  severity: "high",
  controls: KEY_MANAGEMENT,
  remediation: "Set `enableKeyRotation: true` and `rotationPeriodInDays: 90` on SYMMETRIC_DEFAULT keys; use SIGN_VERIFY keys only for signatures.",
  config: { maxRotationDays: { type: "integer", minimum: 90, default: DEFAULT_MAX_ROTATION_DAYS } },
  appliesTo: [aws.kms.Key],
  check: (props, args, finding) => {
    const spec = props.customerMasterKeySpec ?? "SYMMETRIC_DEFAULT";
    const usage = props.keyUsage ?? "ENCRYPT_DECRYPT";
    if (usage === "SIGN_VERIFY") return;
    if (spec !== "SYMMETRIC_DEFAULT") return finding(`key spec ${spec} with usage ${usage} cannot rotate automatically; use a SYMMETRIC_DEFAULT key`);
    if (props.enableKeyRotation !== true) return finding("enableKeyRotation is not true: the key never rotates");
    const max = num(args.getConfig<{ maxRotationDays?: number }>().maxRotationDays) ?? DEFAULT_MAX_ROTATION_DAYS;
    const period = props.rotationPeriodInDays ?? 365;
    if (period > max) finding(`rotation every ${period} days${props.rotationPeriodInDays === undefined ? " (the default)" : ""} is longer than ${max} days`);
  },
});
