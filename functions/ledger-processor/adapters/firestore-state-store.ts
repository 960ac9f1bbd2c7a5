/**
 * StateStore on Firestore (@google-cloud/firestore): one document per stream in
 * `ledger-streams/<stream>` holding the latest link, for real-time queries.
 *
 * The document must never move backwards even when two instances finish links of one stream in
 * the wrong order. Writes are conditional on the document's update time (an optimistic lock):
 * the instance remembers the update time of its own last write, so the steady state is ONE
 * write; on a precondition failure (someone else wrote) it re-reads and only writes if its link
 * is newer. No transaction round trips in the common case.
 */
import type { DocumentReference, Firestore, Timestamp } from "@google-cloud/firestore";
import { canonicalJson } from "../core/canonical";
import type { LedgerRecord } from "../core/chain";
import type { StateStore } from "../core/ports";
import { FIRESTORE } from "../layout";

const FAILED_PRECONDITION = 9;
const ALREADY_EXISTS = 6;
const NOT_FOUND = 5;

interface Known {
  readonly sequence: number;
  readonly updateTime: Timestamp;
}

export interface LatestState {
  readonly stream_id: string;
  readonly sequence: number;
  readonly hash: string;
  readonly event_id: string;
  readonly event_type: string;
  readonly event_timestamp: string;
  /** Canonical JSON (payload keys could collide with Firestore's reserved `__name__` style fields). */
  readonly payload_json: string | null;
  readonly signed: boolean;
  readonly updated_at: Date;
}

export class FirestoreStateStore implements StateStore {
  private readonly known = new Map<string, Known>();

  constructor(
    private readonly firestore: Firestore,
    private readonly cacheSize = 10_000,
  ) {}

  private ref(streamId: string): DocumentReference {
    return this.firestore.collection(FIRESTORE.streamsCollection).doc(streamId);
  }

  async writeLatest(record: LedgerRecord): Promise<void> {
    const ref = this.ref(record.stream_id);
    const data = toState(record);
    let known = this.known.get(record.stream_id);
    for (let attempt = 0; attempt < 20; attempt++) {
      if (known && known.sequence >= record.sequence) return;
      try {
        const result = known ? await ref.update({ ...data }, { lastUpdateTime: known.updateTime }) : await ref.create(data);
        this.remember(record.stream_id, { sequence: record.sequence, updateTime: result.writeTime });
        return;
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (code !== FAILED_PRECONDITION && code !== ALREADY_EXISTS && code !== NOT_FOUND) throw error;
      }
      // Someone else wrote (or our memory is stale): look at what is there now.
      const snap = await ref.get();
      known = snap.exists && snap.updateTime ? { sequence: Number(snap.get("sequence") ?? 0), updateTime: snap.updateTime } : undefined;
      if (known) this.remember(record.stream_id, known);
      else this.known.delete(record.stream_id);
    }
    throw Object.assign(new Error(`latest state of ${record.stream_id} kept changing`), { code: 10 });
  }

  async readLatest(streamId: string): Promise<LatestState | null> {
    const snap = await this.ref(streamId).get();
    if (!snap.exists) return null;
    const data = snap.data() as Omit<LatestState, "updated_at"> & { updated_at: Timestamp };
    return { ...data, updated_at: data.updated_at.toDate() };
  }

  private remember(streamId: string, known: Known): void {
    this.known.delete(streamId);
    this.known.set(streamId, known);
    if (this.known.size > this.cacheSize) this.known.delete(this.known.keys().next().value as string);
  }
}

function toState(record: LedgerRecord): LatestState {
  return {
    stream_id: record.stream_id,
    sequence: record.sequence,
    hash: record.hash,
    event_id: record.event_id,
    event_type: record.event_type,
    event_timestamp: record.timestamp,
    payload_json: record.payload === null ? null : canonicalJson(record.payload),
    signed: record.signature !== null,
    updated_at: new Date(),
  };
}
