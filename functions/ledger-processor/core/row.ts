/** The BigQuery row (layout.ts BIGQUERY.schema) the processor publishes for every accepted link. */
import { canonicalJson } from "./canonical";
import type { LedgerRecord } from "./chain";

export interface BigQueryRow {
  readonly event_id: string;
  readonly stream_id: string;
  readonly sequence: number;
  readonly event_type: string;
  readonly timestamp: string;
  /** The JSON column as a JSON string (what a BigQuery subscription writes into a JSON column). */
  readonly payload: string | null;
  readonly hash: string;
  readonly prev_hash: string;
  readonly signature: string | null;
  readonly signing_key_version: string | null;
}

export function toBigQueryRow(record: LedgerRecord): BigQueryRow {
  return {
    event_id: record.event_id,
    stream_id: record.stream_id,
    sequence: record.sequence,
    event_type: record.event_type,
    timestamp: record.timestamp,
    payload: record.payload === null ? null : canonicalJson(record.payload),
    hash: record.hash,
    prev_hash: record.prev_hash,
    signature: record.signature,
    signing_key_version: record.signing_key_version,
  };
}
