import { RECORDS } from "../../lib/controls";
import { LABEL, resourceFacts } from "../../lib/facts";
import { DATA_STORES } from "../../lib/inventory";
import { resourceRule } from "../../lib/rule";
import { type Props } from "../../lib/values";

/** GDPR Art. 30: who controls the processing and why, recorded on the store itself. */
export const recordsOfProcessing = resourceRule<Props>({
  id: "gdpr-records-of-processing",
  description: "Every personal-data store (PHI or PII) carries `owner` and `purpose` labels (records of processing).",
  severity: "medium",
  controls: RECORDS,
  remediation: "Label the store with `dataLabels(system, { classification, jurisdiction, purpose })` (components/labels.ts), which sets owner (config compliance.owner) and purpose.",
  appliesTo: DATA_STORES,
  check: (_props, args, finding) => {
    const facts = resourceFacts(args);
    if (!facts.personal) return;
    const missing = [LABEL.owner, LABEL.purpose].filter((l) => !facts.labels[l]);
    if (missing.length > 0) finding(`personal-data store without ${missing.join(" and ")} label${missing.length > 1 ? "s" : ""}`);
  },
});
