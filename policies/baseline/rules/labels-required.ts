import { GDPR, SECURITY } from "../../lib/controls";
import { LABEL, labelsOf } from "../../lib/facts";
import { isLabellable } from "../../lib/inventory";
import { resourceRule } from "../../lib/rule";
import { type Props } from "../../lib/values";

/**
 * DESIGN principle 6: every resource that can carry labels (GCP `labels`, AWS `tags`,
 * Kubernetes `metadata.labels`) carries `system` and `environment`. The system component's
 * transformation fills them when the resource passes a `labels`/`tags` input at all, so a
 * finding here usually means the input was omitted.
 */
export const labelsRequired = resourceRule<Props>({
  id: "baseline-labels-required",
  description: "Every labellable resource carries `system` and `environment` labels (tags on AWS).",
  severity: "low",
  controls: [SECURITY.labels, GDPR.records],
  remediation: "Pass `labels: {}` (GCP), `tags: {}` (AWS) or `metadata: { labels: {} }` (Kubernetes) so the system's compliance transformation adds system/environment/managed-by, or set them explicitly.",
  appliesTo: ["gcp:*", "aws:*", "kubernetes:*"],
  check: (props, args, finding) => {
    if (!isLabellable(args.type)) return;
    const labels = labelsOf(args.type, props, args.provider);
    const missing = [LABEL.system, LABEL.environment].filter((l) => !labels[l]);
    if (missing.length > 0) finding(`missing label${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}`);
  },
});
