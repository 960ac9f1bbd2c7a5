import * as gcp from "@pulumi/gcp";
import { BACKUP, HIPAA } from "../../lib/controls";
import { resourceFacts } from "../../lib/facts";
import { resourceRule } from "../../lib/rule";
import { type Props } from "../../lib/values";

export const bigqueryDeletionProtection = resourceRule<Props>({
  id: "hipaa-bigquery-deletion-protection",
  description: "Production BigQuery tables set deletionProtection: true and datasets never delete their contents on destroy.",
  severity: "high",
  controls: [...BACKUP, HIPAA.integrity],
  remediation: "Set `deletionProtection: true` on tables and leave `deleteContentsOnDestroy` false on datasets in production.",
  appliesTo: [gcp.bigquery.Table, gcp.bigquery.Dataset],
  check: (props, args, finding) => {
    if (!resourceFacts(args).production) return;
    if (args.isType(gcp.bigquery.Dataset)) {
      if (props.deleteContentsOnDestroy === true) finding("deleteContentsOnDestroy is true");
    } else if (props.deletionProtection !== true) {
      finding(`deletionProtection is ${String(props.deletionProtection ?? "not set")}`);
    }
  },
});
