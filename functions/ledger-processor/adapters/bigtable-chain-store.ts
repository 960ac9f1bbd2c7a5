/**
 * ChainStore on Cloud Bigtable, through the official client's generated v2 data API
 * (@google-cloud/bigtable `v2.BigtableClient`). The hand-written `Bigtable` class on top of it
 * loads a .proto file from disk at import time (client-side metrics) and pulls in the Cloud
 * Monitoring client, so it cannot be bundled into one file; the data API is all this store needs.
 *
 * chain-heads   row `<stream>`               h:link   = `<sequence, 12 digits>:<hash>` (the CAS cell)
 *                                            h:record = JSON of the head link's record
 *               row `<stream>@<event_id>`    h:seq    = sequence (event-id index = completion marker)
 * ledger-events row `<stream>#<sequence>`    e:record = JSON of the record
 * The head and an event's index row share a table so one ReadRows call fetches both.
 *
 * The head is replaced with CheckAndMutateRow whose predicate is the exact current link cell
 * (newest version only); the mutation first deletes the old cells so the row never holds two
 * versions (a second version with a skewed client timestamp could otherwise shadow the newer one).
 * Client-library retries are off (retry: null): the processor owns retries and timeouts, so an
 * outage returns the message to Pub/Sub within seconds instead of hanging in a 10-minute retry.
 */
import type { protos } from "@google-cloud/bigtable";
import type { BigtableClient } from "@google-cloud/bigtable/build/src/v2/bigtable_client";
import { BIGTABLE } from "../layout";
import type { ChainPosition, LedgerRecord } from "../core/chain";
import type { ChainStore, HeadLookup } from "../core/ports";
import { RowAssembler, type ReadRow } from "./bigtable-rows";

type Mutation = protos.google.bigtable.v2.IMutation;
type RowFilter = protos.google.bigtable.v2.IRowFilter;

export function sequenceKey(sequence: number): string {
  return String(sequence).padStart(BIGTABLE.sequenceDigits, "0");
}

export function eventRowKey(streamId: string, sequence: number): string {
  return `${streamId}${BIGTABLE.sequenceSeparator}${sequenceKey(sequence)}`;
}

export function indexRowKey(streamId: string, eventId: string): string {
  return `${streamId}${BIGTABLE.eventIndexSeparator}${eventId}`;
}

function linkValue(position: ChainPosition): string {
  return `${sequenceKey(position.sequence)}:${position.hash}`;
}

/** Newest cell of each column only. */
const LATEST: RowFilter = { cellsPerColumnLimitFilter: 1 };

export interface BigtableStoreOptions {
  readonly projectId: string;
  readonly instanceId: string;
  /** App profile of every call (BIGTABLE_APP_PROFILE); default: the instance's default profile. */
  readonly appProfileId?: string;
  /** Deadline of one RPC (the processor retries). Default 5 s. */
  readonly rpcTimeoutMs?: number;
}

export class BigtableChainStore implements ChainStore {
  private readonly eventsTable: string;
  private readonly headsTable: string;
  private readonly call: { timeout: number; retry: null };
  private readonly profile: { appProfileId?: string };

  constructor(
    private readonly client: BigtableClient,
    options: BigtableStoreOptions,
  ) {
    const instance = `projects/${options.projectId}/instances/${options.instanceId}`;
    this.eventsTable = `${instance}/tables/${BIGTABLE.eventsTable}`;
    this.headsTable = `${instance}/tables/${BIGTABLE.headsTable}`;
    this.call = { timeout: options.rpcTimeoutMs ?? 5000, retry: null };
    this.profile = options.appProfileId ? { appProfileId: options.appProfileId } : {};
  }

  async lookup(streamId: string, eventId: string): Promise<HeadLookup> {
    const headKey = Buffer.from(streamId);
    const indexKey = Buffer.from(indexRowKey(streamId, eventId));
    const rows = await this.read(this.headsTable, { rowKeys: [headKey, indexKey] }, 2);
    let head: LedgerRecord | null = null;
    let headWrittenAt = 0;
    let indexed: number | null = null;
    for (const row of rows) {
      if (row.key === streamId) {
        head = parseRecord(row.cells.get(BIGTABLE.headsFamily)?.get("record"));
        // The cell timestamp is the committing client's clock at the commit (milliseconds granularity).
        headWrittenAt = Math.floor((row.timestamps.get(BIGTABLE.headsFamily)?.get("record") ?? 0) / 1000);
      } else indexed = parseSequence(row.cells.get(BIGTABLE.indexFamily)?.get("seq"));
    }
    return { head, headWrittenAt, indexed };
  }

  async readHead(streamId: string): Promise<LedgerRecord | null> {
    const [row] = await this.read(this.headsTable, { rowKeys: [Buffer.from(streamId)] }, 1);
    return parseRecord(row?.cells.get(BIGTABLE.headsFamily)?.get("record"));
  }

  async findEvent(streamId: string, eventId: string): Promise<number | null> {
    const [row] = await this.read(this.headsTable, { rowKeys: [Buffer.from(indexRowKey(streamId, eventId))] }, 1);
    return parseSequence(row?.cells.get(BIGTABLE.indexFamily)?.get("seq"));
  }

  async advanceHead(streamId: string, expected: ChainPosition, next: LedgerRecord): Promise<boolean> {
    const family = BIGTABLE.headsFamily;
    const write: Mutation[] = [
      { deleteFromColumn: { familyName: family, columnQualifier: Buffer.from("link") } },
      { deleteFromColumn: { familyName: family, columnQualifier: Buffer.from("record") } },
      setCell(family, "link", linkValue(next)),
      setCell(family, "record", JSON.stringify(next)),
    ];
    const linkCell: RowFilter[] = [{ familyNameRegexFilter: family }, { columnQualifierRegexFilter: Buffer.from("link") }, LATEST];
    const request: protos.google.bigtable.v2.ICheckAndMutateRowRequest = { ...this.profile, tableName: this.headsTable, rowKey: Buffer.from(streamId) };
    if (expected.sequence === 0) {
      // Empty stream: write only if no link cell exists yet.
      const [response] = await this.client.checkAndMutateRow({ ...request, predicateFilter: { chain: { filters: linkCell } }, falseMutations: write }, this.call);
      return response.predicateMatched !== true;
    }
    // valueRegexFilter is a full-match RE2 pattern; digits, ":" and hex need no escaping.
    const predicateFilter: RowFilter = { chain: { filters: [...linkCell, { valueRegexFilter: Buffer.from(linkValue(expected)) }] } };
    const [response] = await this.client.checkAndMutateRow({ ...request, predicateFilter, trueMutations: write }, this.call);
    return response.predicateMatched === true;
  }

  async writeEvent(record: LedgerRecord): Promise<void> {
    await this.mutate(this.eventsTable, eventRowKey(record.stream_id, record.sequence), [setCell(BIGTABLE.eventsFamily, "record", JSON.stringify(record))]);
  }

  async writeIndex(record: LedgerRecord): Promise<void> {
    await this.mutate(this.headsTable, indexRowKey(record.stream_id, record.event_id), [setCell(BIGTABLE.indexFamily, "seq", String(record.sequence))]);
  }

  async readChain(streamId: string): Promise<LedgerRecord[]> {
    const prefix = `${streamId}${BIGTABLE.sequenceSeparator}`;
    // `#` + 1 = `$`: the range [<stream>#, <stream>$) is exactly the chain's rows.
    const end = `${streamId}${String.fromCharCode(BIGTABLE.sequenceSeparator.charCodeAt(0) + 1)}`;
    const rows = await this.read(this.eventsTable, { rowRanges: [{ startKeyClosed: Buffer.from(prefix), endKeyOpen: Buffer.from(end) }] }, 0, 600_000);
    const records: LedgerRecord[] = [];
    for (const row of rows) {
      const text = row.cells.get(BIGTABLE.eventsFamily)?.get("record");
      if (text) records.push(JSON.parse(text.toString("utf8")) as LedgerRecord);
    }
    return records;
  }

  private async mutate(tableName: string, rowKey: string, mutations: Mutation[]): Promise<void> {
    await this.client.mutateRow({ ...this.profile, tableName, rowKey: Buffer.from(rowKey), mutations }, this.call);
  }

  private read(tableName: string, rows: protos.google.bigtable.v2.IRowSet, rowsLimit: number, timeout = this.call.timeout): Promise<ReadRow[]> {
    return new Promise((resolve, reject) => {
      const assembler = new RowAssembler();
      // Streaming calls retry inside the client (retry-request) unless told not to.
      const stream = this.client.readRows({ ...this.profile, tableName, rows, filter: LATEST, rowsLimit }, { timeout, retry: null, retryRequestOptions: { retries: 0, noResponseRetries: 0 } });
      stream.on("data", (response: protos.google.bigtable.v2.IReadRowsResponse) => {
        try {
          for (const chunk of response.chunks ?? []) assembler.push(chunk);
        } catch (error) {
          stream.cancel();
          reject(error);
        }
      });
      stream.on("error", reject);
      stream.on("end", () => resolve(assembler.take()));
    });
  }
}

function parseRecord(value: Buffer | undefined): LedgerRecord | null {
  return value ? (JSON.parse(value.toString("utf8")) as LedgerRecord) : null;
}

function parseSequence(value: Buffer | undefined): number | null {
  return value ? Number(value.toString("utf8")) : null;
}

function setCell(familyName: string, qualifier: string, value: string): Mutation {
  // Millisecond granularity (the table default); the client's clock, as the Bigtable clients do.
  return { setCell: { familyName, columnQualifier: Buffer.from(qualifier), timestampMicros: Date.now() * 1000, value: Buffer.from(value) } };
}
