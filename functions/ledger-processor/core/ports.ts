/**
 * Ports: what the processor needs from storage, messaging and the clock. The adapters in
 * ../adapters implement them on the official Google Cloud clients; nothing here imports an SDK.
 */
import type { ChainPosition, LedgerRecord } from "./chain";
import type { PartialIdentity } from "./event";

export interface HeadLookup {
  readonly head: LedgerRecord | null;
  /** Write time of the head (0 when there is no head). */
  readonly headWrittenAt: number;
  readonly indexed: number | null;
}

/**
 * The chain's system of record (Bigtable). The head row is the only serialisation point: a link
 * is committed exactly when advanceHead succeeds. Event rows and the event-id index are written
 * after the commit and are idempotent (same content for the same link).
 */
export interface ChainStore {
  /** The chain head (and when it was written, ms since the epoch) and the event-id index entry of `eventId`, in one read. */
  lookup(streamId: string, eventId: string): Promise<HeadLookup>;
  /** The record at the chain head (the last committed link), or null for an empty stream. */
  readHead(streamId: string): Promise<LedgerRecord | null>;
  /** The sequence the event-id index holds for this event (written once the link is complete), or null. */
  findEvent(streamId: string, eventId: string): Promise<number | null>;
  /** Conditional write: moves the head from `expected` to `next` only if the head is still `expected`. */
  advanceHead(streamId: string, expected: ChainPosition, next: LedgerRecord): Promise<boolean>;
  /** Writes the link's event row (`<stream>#<sequence>`). Idempotent. */
  writeEvent(record: LedgerRecord): Promise<void>;
  /** Writes the event-id index row; the link's completion marker. Idempotent. */
  writeIndex(record: LedgerRecord): Promise<void>;
  /** Every stored link of a stream, in sequence order. */
  readChain(streamId: string): Promise<LedgerRecord[]>;
}

/** Latest state per stream (Firestore). Must never move backwards. */
export interface StateStore {
  writeLatest(record: LedgerRecord): Promise<void>;
}

/** Where accepted records go for analytics (Pub/Sub topic drained by a BigQuery subscription). */
export interface RecordSink {
  publish(record: LedgerRecord): Promise<void>;
}

/** The message as the trigger delivered it. */
export interface IncomingMessage {
  readonly data: Buffer;
  readonly messageId: string;
  readonly attributes?: Readonly<Record<string, string>>;
  readonly publishTime?: string;
  readonly deliveryAttempt?: number;
}

/** Where malformed events go (the dead-letter topic). */
export interface DeadLetterSink {
  deadLetter(message: IncomingMessage, reasons: readonly string[], partial: PartialIdentity): Promise<void>;
}

/** One structured log line (Cloud Logging parses JSON lines on stdout into jsonPayload). */
export interface LogSink {
  write(entry: Record<string, unknown>): void;
}

export interface Clock {
  /** Wall clock, ms since the epoch (timestamp validation). */
  now(): number;
  /** Monotonic clock, ms (latencies). */
  monotonic(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export const stdoutLog: LogSink = {
  write: (entry) => {
    process.stdout.write(`${JSON.stringify(entry)}\n`);
  },
};
