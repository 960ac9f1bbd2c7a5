import type { PolicyResource } from "@pulumi/policy";
import { BACKUP, STORAGE_LIMITATION } from "../../lib/controls";
import { isPhi } from "../../lib/facts";
import { RETENTION_TYPES as T, bigtableBackupDays, bigtableGcDays, snapshotRetentionByTable, tableRetentionDays } from "../../lib/retention";
import { stackRule } from "../../lib/rule";
import { StackView } from "../../lib/stack";
import { str, type Props } from "../../lib/values";

const fmt = (days: number) => (Number.isFinite(days) ? `${Math.round(days * 100) / 100} days` : "forever");

/**
 * A PHI store keeps its data at least as long as its backups do. When the store drops records
 * its backups still hold, a restore brings back what the retention period removed (an erased
 * record reappears), and the backups' period is no longer the store's real retention: the
 * retention schedule that HIPAA's audit trail and GDPR's storage limitation rely on is not
 * the one in force. Checked: BigQuery tables against their scheduled table snapshots, Bigtable
 * tables (their age-based GC) against their automated backups.
 */
export const phiRetentionCoversBackups = stackRule({
  id: "hipaa-phi-retention-covers-backups",
  description: "No PHI store keeps its data for a shorter time than its backups keep it (BigQuery snapshots, Bigtable automated backups).",
  severity: "high",
  controls: [...BACKUP, ...STORAGE_LIMITATION],
  resourceTypes: Object.values(T),
  remediation: "Raise the store's retention (BigQuery partition expiration, Bigtable GC max age) to at least its backups' retention, or shorten the backups' retention (snapshot expiration, automatedBackupPolicy.retentionPeriod).",
  check: (args, finding) => {
    const view = new StackView(args.resources);
    const datasets = view.refIndex([T.dataset], ["datasetId"]);
    const snapshots = snapshotRetentionByTable(view);
    for (const table of view.ofType(T.table)) {
      if (!isPhi(view.factLabels(table))) continue;
      const p = table.props as Props;
      const dataset = datasets.get(str(p.datasetId) ?? "")?.props as Props | undefined;
      const ref = `${str(p.project) ?? ""}.${str(p.datasetId) ?? ""}.${str(p.tableId) ?? ""}`;
      const backupDays = snapshots.get(ref) ?? [...snapshots.entries()].find(([k]) => k.endsWith(`.${str(p.datasetId)}.${str(p.tableId)}`))?.[1];
      if (backupDays === undefined) continue;
      const kept = tableRetentionDays(p, dataset) ?? Number.POSITIVE_INFINITY;
      if (kept < backupDays) finding(`BigQuery table ${ref} keeps rows ${fmt(kept)} but its snapshots are kept ${fmt(backupDays)}`, table.urn);
    }
    const gc = bigtableGcDays(view);
    const instances = new Map(view.ofType(T.bigtable).map((i) => [str((i.props as Props).name) ?? "", i] as [string, PolicyResource]));
    for (const table of view.ofType(T.bigtableTable)) {
      const p = table.props as Props;
      const instance = instances.get(str(p.instanceName) ?? "");
      if (!isPhi(view.factLabels(instance ?? table))) continue;
      const backupDays = bigtableBackupDays(table);
      const kept = gc.get(`${str(p.instanceName) ?? ""}/${str(p.name) ?? ""}`) ?? Number.POSITIVE_INFINITY;
      if (backupDays > 0 && kept < backupDays) finding(`Bigtable table ${str(p.name) ?? table.name} drops cells after ${fmt(kept)} but its automated backups are kept ${fmt(backupDays)}`, table.urn);
    }
  },
});
