import { AUDIT_LOGGING, BACKUP, HIPAA } from "../../lib/controls";
import { isPhi } from "../../lib/facts";
import { RETENTION_TYPES as T, tableRetentionDays } from "../../lib/retention";
import { stackRule } from "../../lib/rule";
import { StackView } from "../../lib/stack";
import { num, str, type Props } from "../../lib/values";

/**
 * Six years: HIPAA's retention of required documentation (45 CFR 164.316(b)(2)(i)); audit
 * trails under 21 CFR Part 11 are kept as long as the records they document (11.10(c), (e)).
 */
export const DEFAULT_MIN_LONG_TERM_DAYS = 2190;

/**
 * PHI tables in BigQuery, the long-term store, keep every row at least the configured minimum
 * (policy config `minLongTermRetentionDays`, per stack): a partition or table expiration, own or
 * inherited from the dataset's defaults, shorter than that deletes the audit trail before its
 * retention period ends. A table without expiration passes (storage limitation is
 * gdpr-storage-limitation's concern).
 */
export const phiLongTermRetention = stackRule({
  id: "hipaa-phi-long-term-retention",
  description: "PHI tables in BigQuery keep rows at least the configured long-term retention (no partition, table or dataset-default expiration shorter than it).",
  severity: "high",
  controls: [HIPAA.integrity, ...AUDIT_LOGGING, ...BACKUP],
  resourceTypes: [T.dataset, T.table],
  config: { minLongTermRetentionDays: { type: "integer", minimum: 1, default: DEFAULT_MIN_LONG_TERM_DAYS } },
  remediation: "Set the table's `timePartitioning.expirationMs` (or the dataset's default partition / table expiration) to at least the stack's minimum (policy config `minLongTermRetentionDays`), or leave it unset.",
  check: (args, finding) => {
    const min = num(args.getConfig<{ minLongTermRetentionDays?: number }>().minLongTermRetentionDays) ?? DEFAULT_MIN_LONG_TERM_DAYS;
    const view = new StackView(args.resources);
    const datasets = view.refIndex([T.dataset], ["datasetId"]);
    for (const table of view.ofType(T.table)) {
      if (!isPhi(view.factLabels(table))) continue;
      const p = table.props as Props;
      const dataset = datasets.get(str(p.datasetId) ?? "")?.props as Props | undefined;
      // Snapshot datasets hold backups, whose period is the backup retention, not the long-term one.
      const days = tableRetentionDays(p, dataset);
      if (days !== undefined && days < min) finding(`BigQuery table ${str(p.datasetId) ?? "?"}.${str(p.tableId) ?? table.name} expires rows after ${Math.round(days * 100) / 100} days, below the long-term minimum of ${min}`, table.urn);
    }
  },
});
