/**
 * How long stores keep data and how long their backups keep it, read from resource inputs:
 * BigQuery table / partition expiration (own or the dataset's default), Bigtable GC max age and
 * automated backup retention, and BigQuery table snapshots made by a scheduled query.
 */
import * as gcp from "@pulumi/gcp";
import type { PolicyResource } from "@pulumi/policy";
import { typeToken } from "./rule";
import type { StackView } from "./stack";
import { get, num, records, str, type Props } from "./values";

export const DAY_SECONDS = 86_400;
const MS_PER_DAY = DAY_SECONDS * 1000;

export const RETENTION_TYPES = {
  dataset: typeToken(gcp.bigquery.Dataset),
  table: typeToken(gcp.bigquery.Table),
  transfer: typeToken(gcp.bigquery.DataTransferConfig),
  bigtable: typeToken(gcp.bigtable.Instance),
  bigtableTable: typeToken(gcp.bigtable.Table),
  gcPolicy: typeToken(gcp.bigtable.GCPolicy),
} as const;

/** Seconds of a Go duration ("720h", "2160h0m0s", "1h30m") or a protobuf one ("604800s"). */
export function goDurationSeconds(value: unknown): number | undefined {
  const s = str(value)?.trim();
  if (!s) return undefined;
  if (s === "0") return 0;
  const re = /(\d+(?:\.\d+)?)(h|m|s|ms)/g;
  let total = 0;
  let consumed = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    const n = Number(m[1]);
    total += m[2] === "h" ? n * 3600 : m[2] === "m" ? n * 60 : m[2] === "s" ? n : n / 1000;
    consumed += m[0].length;
  }
  return consumed === s.length && consumed > 0 ? total : undefined;
}

/**
 * Days a BigQuery table keeps a row: its partition expiration, else the dataset's default
 * partition expiration (partitioned tables), else the dataset's default table expiration
 * (BigQuery: a table inherits the dataset defaults when it is created). Undefined: no limit.
 */
export function tableRetentionDays(table: Props, dataset: Props | undefined): number | undefined {
  const partitioned = get(table, "timePartitioning") !== undefined;
  const own = num(get(table, "timePartitioning", "expirationMs"));
  if (own !== undefined) return own / MS_PER_DAY;
  if (partitioned) {
    const fromDataset = num(dataset?.defaultPartitionExpirationMs);
    if (fromDataset !== undefined) return fromDataset / MS_PER_DAY;
  }
  const tableDefault = num(dataset?.defaultTableExpirationMs);
  return tableDefault !== undefined ? tableDefault / MS_PER_DAY : undefined;
}

/** `project.dataset.table` -> days its scheduled snapshots are kept (the longest schedule). */
export function snapshotRetentionByTable(view: StackView): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of view.ofType(RETENTION_TYPES.transfer)) {
    const p = t.props as Props;
    if (str(p.dataSourceId) !== "scheduled_query") continue;
    const query = str(get(p, "params", "query")) ?? "";
    if (!/CREATE\s+SNAPSHOT\s+TABLE/i.test(query)) continue;
    const source = /CLONE\s+`([^`]+)`/i.exec(query)?.[1];
    const days = /expiration_timestamp\s*=\s*TIMESTAMP_ADD\(.*?INTERVAL\s+(\d+)\s+DAY/is.exec(query)?.[1];
    if (!source) continue;
    // A snapshot without an expiration is kept until deleted.
    const kept = days !== undefined ? Number(days) : Number.POSITIVE_INFINITY;
    out.set(source, Math.max(out.get(source) ?? 0, kept));
  }
  return out;
}

/** `instance/table` -> the age (days) the table's GC policies drop cells at (the shortest, over families with an age rule). */
export function bigtableGcDays(view: StackView): Map<string, number> {
  const out = new Map<string, number>();
  for (const g of view.ofType(RETENTION_TYPES.gcPolicy)) {
    const p = g.props as Props;
    const seconds = goDurationSeconds(get(p, "maxAge", "duration")) ?? (num(get(p, "maxAge", "days")) !== undefined ? num(get(p, "maxAge", "days"))! * DAY_SECONDS : undefined);
    if (seconds === undefined) continue;
    const key = `${str(p.instanceName) ?? ""}/${str(p.table) ?? ""}`;
    out.set(key, Math.min(out.get(key) ?? Number.POSITIVE_INFINITY, seconds / DAY_SECONDS));
  }
  return out;
}

/** Days a Bigtable table's automated backups are kept (0: none). */
export function bigtableBackupDays(table: PolicyResource): number {
  const policies = records((table.props as Props).automatedBackupPolicy);
  const policy = policies[0] ?? ((table.props as Props).automatedBackupPolicy as Props | undefined);
  return (goDurationSeconds(get(policy, "retentionPeriod")) ?? 0) / DAY_SECONDS;
}
