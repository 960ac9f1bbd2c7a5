import { DATA_CLASSIFICATIONS, JURISDICTIONS } from "../../../stacks/regions";
import { GDPR, SECURITY } from "../../lib/controls";
import { LABEL, labelsOf } from "../../lib/facts";
import { DATA_STORES } from "../../lib/inventory";
import { resourceRule } from "../../lib/rule";
import { type Props } from "../../lib/values";

/** Policies and the report read classification and jurisdiction from these labels (DESIGN principle 6). */
export const datastoreComplianceLabels = resourceRule<Props>({
  id: "baseline-datastore-compliance-labels",
  description: "Every data store carries a valid `data-classification` and `jurisdiction` label.",
  severity: "medium",
  controls: [SECURITY.labels, GDPR.records, GDPR.byDesign],
  remediation: `Label the store with \`dataLabels(system, { classification, jurisdiction, purpose })\`: classification one of ${DATA_CLASSIFICATIONS.join(", ")}; jurisdiction one of ${JURISDICTIONS.join(", ")}.`,
  appliesTo: DATA_STORES,
  check: (props, args, finding) => {
    const labels = labelsOf(args.type, props, args.provider);
    const c = labels[LABEL.classification];
    const j = labels[LABEL.jurisdiction];
    if (!c) finding("no data-classification label");
    else if (!(DATA_CLASSIFICATIONS as readonly string[]).includes(c)) finding(`data-classification ${c} is not one of ${DATA_CLASSIFICATIONS.join(", ")}`);
    if (!j) finding("no jurisdiction label");
    else if (!(JURISDICTIONS as readonly string[]).includes(j)) finding(`jurisdiction ${j} is not one of ${JURISDICTIONS.join(", ")}`);
  },
});
