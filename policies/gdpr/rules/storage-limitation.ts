import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
import type { PolicyResource } from "@pulumi/policy";
import { STORAGE_LIMITATION } from "../../lib/controls";
import { isPersonal } from "../../lib/facts";
import { bucketName, configsByBucket, S3_CONFIG } from "../../lib/s3";
import { stackRule, typeToken } from "../../lib/rule";
import { StackView } from "../../lib/stack";
import { bool, get, num, records, str, type Props } from "../../lib/values";

const T = {
  dataset: typeToken(gcp.bigquery.Dataset),
  table: typeToken(gcp.bigquery.Table),
  bigtable: typeToken(gcp.bigtable.Instance),
  bigtableTable: typeToken(gcp.bigtable.Table),
  gcPolicy: typeToken(gcp.bigtable.GCPolicy),
  gcs: typeToken(gcp.storage.Bucket),
  dynamodb: typeToken(aws.dynamodb.Table),
  s3: typeToken(aws.s3.Bucket),
  s3v2: typeToken(aws.s3.BucketV2),
};

const hasDatasetExpiry = (p: Props) => num(p.defaultTableExpirationMs) !== undefined || num(p.defaultPartitionExpirationMs) !== undefined;
const hasTableExpiry = (p: Props) => num(get(p, "timePartitioning", "expirationMs")) !== undefined || num(p.expirationTime) !== undefined;
/** A GC policy that drops cells by age (`maxAge` or a max_age rule in `gcRules`). */
const gcByAge = (p: Props) => get(p, "maxAge") !== undefined || /max_age/.test(str(p.gcRules) ?? "");
const gcsDeletes = (p: Props) => records(p.lifecycleRules).some((r) => str(get(r, "action", "type")) === "Delete");
const s3Expires = (rules: readonly Props[]) => rules.some((r) => str(r.status) !== "Disabled" && (get(r, "expiration") !== undefined || records(r.expirations).length > 0));

/**
 * Personal data is kept no longer than needed: BigQuery tables expire (their own partition or
 * table expiration, or the dataset default), Bigtable tables have an age-based GC policy,
 * buckets delete objects by lifecycle, DynamoDB tables have TTL. Databases and caches erase
 * by application (data-subject requests), outside this rule.
 */
export const storageLimitation = stackRule({
  id: "gdpr-storage-limitation",
  description: "Personal-data tables and buckets have retention limits: expiration, age-based GC, lifecycle deletion or TTL.",
  severity: "high",
  controls: STORAGE_LIMITATION,
  resourceTypes: [...Object.values(T), ...S3_CONFIG.lifecycle],
  remediation: "BigQuery: `timePartitioning.expirationMs` or the dataset's `defaultPartitionExpirationMs`; Bigtable: a `gcp.bigtable.GCPolicy` with `maxAge` per column family; Cloud Storage: a lifecycle rule with action Delete; S3: a lifecycle configuration with `expiration`; DynamoDB: `ttl.enabled`.",
  check: (args, finding) => {
    const view = new StackView(args.resources);
    const datasets = view.refIndex([T.dataset], ["datasetId"]);
    const tablesOf = new Map<string, PolicyResource[]>();
    for (const t of view.ofType(T.table)) {
      const id = str((t.props as Props).datasetId) ?? "";
      tablesOf.set(id, [...(tablesOf.get(id) ?? []), t]);
    }
    for (const table of view.ofType(T.table)) {
      if (!isPersonal(view.factLabels(table))) continue;
      const p = table.props as Props;
      const dataset = datasets.get(str(p.datasetId) ?? "");
      if (!hasTableExpiry(p) && !(dataset && hasDatasetExpiry(dataset.props as Props))) finding(`BigQuery table ${str(p.tableId) ?? table.name} has no partition/table expiration and its dataset no default`, table.urn);
    }
    for (const dataset of view.ofType(T.dataset)) {
      const p = dataset.props as Props;
      if (!isPersonal(view.factLabels(dataset)) || (tablesOf.get(str(p.datasetId) ?? "") ?? []).length > 0) continue;
      if (!hasDatasetExpiry(p)) finding(`BigQuery dataset ${str(p.datasetId) ?? dataset.name} has no default table/partition expiration`, dataset.urn);
    }

    const aged = new Set(view.ofType(T.gcPolicy).filter((g) => gcByAge(g.props as Props)).map((g) => `${str((g.props as Props).instanceName)}/${str((g.props as Props).table)}`));
    const tablesByInstance = new Map<string, PolicyResource[]>();
    for (const t of view.ofType(T.bigtableTable)) {
      const instance = str((t.props as Props).instanceName) ?? "";
      tablesByInstance.set(instance, [...(tablesByInstance.get(instance) ?? []), t]);
    }
    for (const instance of view.ofType(T.bigtable)) {
      if (!isPersonal(view.factLabels(instance))) continue;
      const name = str((instance.props as Props).name) ?? "";
      for (const t of tablesByInstance.get(name) ?? []) {
        const tableName = str((t.props as Props).name) ?? "";
        if (!aged.has(`${name}/${tableName}`)) finding(`Bigtable table ${tableName} of ${name} has no age-based GC policy`, t.urn);
      }
    }

    for (const bucket of view.ofType(T.gcs)) {
      if (isPersonal(view.factLabels(bucket)) && !gcsDeletes(bucket.props as Props)) finding(`bucket ${str((bucket.props as Props).name) ?? bucket.name} has no lifecycle rule deleting objects`, bucket.urn);
    }
    const lifecycle = configsByBucket(view, S3_CONFIG.lifecycle);
    for (const bucket of view.ofType(T.s3, T.s3v2)) {
      if (!isPersonal(view.factLabels(bucket))) continue;
      const name = bucketName(bucket) ?? "";
      const rules = [...(lifecycle.get(name) ?? []).flatMap((c) => records((c.props as Props).rules)), ...records((bucket.props as Props).lifecycleRules).map((r) => ({ ...r, status: bool(r.enabled) === false ? "Disabled" : "Enabled" }))];
      if (!s3Expires(rules)) finding(`bucket ${name || bucket.name} has no lifecycle expiration`, bucket.urn);
    }
    for (const table of view.ofType(T.dynamodb)) {
      if (isPersonal(view.factLabels(table)) && bool(get(table.props, "ttl", "enabled")) !== true) finding(`DynamoDB table ${table.name} has no TTL`, table.urn);
    }
  },
});
