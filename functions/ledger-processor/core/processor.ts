/**
 * The ledger processor: one Pub/Sub message in, one outcome out.
 *
 * Ordering model: a stream's chain is built in COMMIT order (arrival order), not in producer
 * order. Pub/Sub delivery is at-least-once and, across redeliveries and instances, unordered; a
 * chain gated on producer sequence numbers would have to nack early arrivals until their
 * predecessors show up and would stall behind any lost or malformed predecessor. Instead each
 * event gets the next position when it commits, the event's own timestamp is kept in the record,
 * and idempotency is by event_id. The chain proves what the ledger received and in which order,
 * which is what an audit trail must prove.
 *
 * Commit protocol per event (all steps are safe to repeat, so any failure = retry from the top):
 *  1. read the head row and the event-id index row (one Bigtable read). Index hit -> duplicate. Head holds this
 *     event -> an earlier delivery committed it but may have died before finishing: finish it.
 *  2. if the head link is not known to be complete, wait briefly for its committer to finish it
 *     (grace period), else complete it (event row, publish, index): a link is always complete
 *     before the chain moves past it.
 *  3. build the next link (hash, signature for critical types) and conditionally replace the head
 *     (Bigtable CheckAndMutate on the head row's link cell). Lost race -> re-read, rebuild, retry.
 *     This single conditional write is the commit; two instances can never both attach to the
 *     same head, so the chain cannot fork.
 *  4. complete the link: event row and accepted-topic publish in parallel, then the event-id
 *     index row, which marks the link complete; the Firestore latest-state write runs beside them.
 * Only after step 4 does the handler return (= ack). Malformed events are published to the
 * dead-letter topic and acked, so they never block their ordering key.
 */
import { buildRecord, EMPTY_CHAIN, entryOfRecord, linkHash, type ChainPosition, type LedgerRecord } from "./chain";
import { parseEvent, type LedgerEvent, type PartialIdentity } from "./event";
import { LOG_FIELDS, STORAGE_TIERS } from "../layout";
import type { ChainStore, Clock, DeadLetterSink, IncomingMessage, LogSink, RecordSink, StateStore } from "./ports";
import { backoff, DEFAULT_RETRY, isTransient, type RetryPolicy } from "./retry";
import type { Signer } from "./signer";

export type StorageTier = (typeof STORAGE_TIERS)[number];
export type Outcome = "accepted" | "duplicate" | "rejected";

export interface ProcessResult {
  readonly outcome: Outcome;
  readonly record?: LedgerRecord;
  readonly sequence?: number;
  readonly reasons?: readonly string[];
}

/** Thrown to give the message back to Pub/Sub (nack); the platform redelivers it. */
export class RetryableError extends Error {
  constructor(message: string, readonly cause?: unknown) {
    super(message);
  }
}

/** Stored chain state contradicts itself or what this instance already saw. The stream stops. */
export class ChainViolationError extends RetryableError {}

/** A malformed event with no dead-letter topic configured: nacked until the subscription dead-letters it. */
export class RejectedEventError extends Error {
  constructor(readonly reasons: readonly string[]) {
    super(`ledger event rejected: ${reasons.join("; ")}`);
  }
}

export interface ProcessorDeps {
  readonly chain: ChainStore;
  readonly state: StateStore;
  readonly records: RecordSink;
  /** Absent: malformed events throw RejectedEventError (nack until the subscription's dead-letter policy). */
  readonly deadLetter?: DeadLetterSink;
  readonly signer: Signer;
  readonly log: LogSink;
  readonly clock: Clock;
  readonly retry?: Partial<RetryPolicy>;
  /** Streams whose completion/position this instance remembers (LRU). Default 10,000. */
  readonly cacheSize?: number;
  /**
   * How long an unfinished head link is left to the delivery that committed it before another
   * delivery finishes it (and republishes it). Default 2,000 ms: far longer than finishing takes,
   * far shorter than Pub/Sub's redelivery of a dead instance's message.
   */
  readonly completionGraceMs?: number;
}

type Timings = Record<StorageTier, number>;

/** Upper bound on polls of an unfinished head (the grace period normally ends them first). */
const MAX_COMPLETION_WAITS = 500;

export class LedgerProcessor {
  private readonly retry: RetryPolicy;
  private readonly cacheSize: number;
  private readonly completionGraceMs: number;
  /** Per stream: hash of the newest link this instance knows to be complete. */
  private readonly completed = new Map<string, string>();
  /** Per stream: highest sequence this instance has seen committed (detects a rolled-back head). */
  private readonly highWater = new Map<string, number>();
  /** Per stream: tail of the in-process queue, so one instance never races itself on a head. */
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: ProcessorDeps) {
    this.retry = { ...DEFAULT_RETRY, ...deps.retry };
    this.cacheSize = deps.cacheSize ?? 10_000;
    this.completionGraceMs = deps.completionGraceMs ?? 2000;
  }

  /** Processes one message. Resolves = ack; throws RetryableError / RejectedEventError = nack. */
  async process(message: IncomingMessage): Promise<ProcessResult> {
    const { clock } = this.deps;
    const started = clock.monotonic();
    const timings: Timings = { bigtable: 0, firestore: 0, pubsub: 0 };
    const validation = parseEvent(message.data, clock.now());
    if (!validation.ok) return this.reject(message, validation.reasons, validation.partial, started, timings);

    const event = validation.event;
    // The link whose conditional write failed with an unknown outcome (response lost): if a retry
    // finds it at the head, this delivery committed it (accepted), not an earlier one (duplicate).
    const attempt: { uncertain?: string } = {};
    let attempts = 0;
    try {
      const result = await this.serialised(event.stream_id, async () => {
        for (;;) {
          attempts++;
          try {
            return await this.append(event, timings, attempt);
          } catch (error) {
            if (error instanceof ChainViolationError || !isTransient(error) || attempts >= this.retry.attempts) throw error;
            await clock.sleep(backoff(this.retry, attempts));
          }
        }
      });
      this.logLine(result.outcome, event, started, timings, { sequence: result.sequence, attempts, deliveryAttempt: message.deliveryAttempt });
      return result;
    } catch (error) {
      const violation = error instanceof ChainViolationError;
      this.logLine("retry", event, started, timings, {
        attempts,
        deliveryAttempt: message.deliveryAttempt,
        chainViolation: violation,
        error: errorText(error),
      });
      if (error instanceof RetryableError) throw error;
      throw new RetryableError(`ledger event ${event.event_id} not stored: ${errorText(error)}`, error);
    }
  }

  private async append(event: LedgerEvent, timings: Timings, attempt: { uncertain?: string }): Promise<ProcessResult> {
    const { chain, clock } = this.deps;
    const streamId = event.stream_id;
    let conflicts = 0;
    for (let waits = 0; ; ) {
      const { head, indexed, headWrittenAt } = await chain.lookup(streamId, event.event_id);
      if (indexed !== null) {
        // Complete, except perhaps the latest-state write (it runs beside the index write): if
        // this event is still the head, repeat that one idempotent write before acking.
        if (head && head.event_id === event.event_id) await this.timed(timings, "firestore", this.deps.state.writeLatest(head));
        return { outcome: "duplicate", sequence: indexed };
      }
      this.checkHead(streamId, head);
      const own = head !== null && head.event_id === event.event_id;
      if (head && this.completed.get(streamId) !== head.hash) {
        // The head link must be complete before anything attaches after it (or before a
        // redelivery of it is acked). Its index row says whether it is.
        const done = !own && (await chain.findEvent(streamId, head.event_id)) !== null;
        if (!done) {
          const mine = own && head.hash === attempt.uncertain;
          const young = clock.now() - headWrittenAt < this.completionGraceMs;
          if (!mine && young && waits < MAX_COMPLETION_WAITS) {
            // Its committer is almost certainly finishing it right now: give it a moment instead
            // of publishing the same record a second time.
            waits++;
            await clock.sleep(2 + Math.random() * 4);
            continue;
          }
          // Committed by a delivery that died (or is this one's own lost response): finish it.
          await this.complete(head, timings, own);
        }
        this.remember(this.completed, streamId, head.hash);
      }
      if (head && own) {
        return { outcome: head.hash === attempt.uncertain ? "accepted" : "duplicate", sequence: head.sequence, record: head };
      }
      const position: ChainPosition = head ? { sequence: head.sequence, hash: head.hash } : EMPTY_CHAIN;
      const record = await buildRecord(event, position, this.deps.signer);
      attempt.uncertain = undefined;
      let committed: boolean;
      try {
        committed = await this.timed(timings, "bigtable", chain.advanceHead(streamId, position, record));
      } catch (error) {
        attempt.uncertain = record.hash;
        throw error;
      }
      if (committed) {
        this.remember(this.highWater, streamId, record.sequence);
        await this.complete(record, timings, true);
        this.remember(this.completed, streamId, record.hash);
        return { outcome: "accepted", sequence: record.sequence, record };
      }
      if (++conflicts >= this.retry.maxConflicts) {
        throw new RetryableError(`chain head of ${streamId} kept moving (${conflicts} lost conditional writes)`);
      }
      // Another instance attached first: back off a little (jitter breaks lockstep) and re-read.
      await clock.sleep(Math.random() * Math.min(20, conflicts));
    }
  }

  /**
   * Writes everything derived from a committed link. The index row (the completion marker) is
   * written once the event row and the publish are durable; the latest-state write runs beside
   * both (a redelivery of the head event repeats it, see append), and the caller acks only when
   * all have succeeded.
   */
  private async complete(record: LedgerRecord, timings: Timings, withState: boolean): Promise<void> {
    const { chain, state, records } = this.deps;
    const latest = withState ? this.timed(timings, "firestore", state.writeLatest(record)) : Promise.resolve();
    latest.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
    await Promise.all([this.timed(timings, "bigtable", chain.writeEvent(record)), this.timed(timings, "pubsub", records.publish(record))]);
    await this.timed(timings, "bigtable", chain.writeIndex(record));
    await latest;
  }

  /** The head record must hash to its own hash and must not be older than a head this instance saw. */
  private checkHead(streamId: string, head: LedgerRecord | null): void {
    const seen = this.highWater.get(streamId);
    const sequence = head?.sequence ?? 0;
    if (seen !== undefined && sequence < seen) {
      // A head that went backwards (restored backup, wiped table, a bug) would let this instance
      // attach a second chain to an old link: stop the stream instead of forking it.
      throw new ChainViolationError(`chain head of ${streamId} went back from ${seen} to ${sequence}`);
    }
    if (!head) return;
    if (head.stream_id !== streamId || linkHash(head.prev_hash, entryOfRecord(head)) !== head.hash) {
      throw new ChainViolationError(`chain head of ${streamId} at ${head.sequence} does not match its hash`);
    }
    this.remember(this.highWater, streamId, head.sequence);
  }

  private async reject(message: IncomingMessage, reasons: readonly string[], partial: PartialIdentity, started: number, timings: Timings): Promise<ProcessResult> {
    const base = {
      [LOG_FIELDS.streamId]: partial.stream_id ?? null,
      [LOG_FIELDS.eventType]: partial.event_type ?? null,
      [LOG_FIELDS.eventId]: partial.event_id ?? null,
      [LOG_FIELDS.rejectionReasons]: reasons,
      message_id: message.messageId,
    };
    const { deadLetter } = this.deps;
    if (!deadLetter) {
      this.write("WARNING", "ledger event rejected; no dead-letter topic, nacking until the subscription dead-letters it", "rejected", started, timings, base);
      throw new RejectedEventError(reasons);
    }
    let attempts = 0;
    for (;;) {
      attempts++;
      try {
        await this.timed(timings, "pubsub", deadLetter.deadLetter(message, reasons, partial));
        break;
      } catch (error) {
        if (!isTransient(error) || attempts >= this.retry.attempts) {
          this.write("ERROR", "ledger event rejected but the dead-letter publish failed; nacking", "retry", started, timings, { ...base, error: errorText(error) });
          throw new RetryableError(`dead-letter publish failed: ${errorText(error)}`, error);
        }
        await this.deps.clock.sleep(backoff(this.retry, attempts));
      }
    }
    this.write("WARNING", "ledger event rejected and dead-lettered", "rejected", started, timings, base);
    return { outcome: "rejected", reasons };
  }

  private logLine(
    outcome: Outcome | "retry",
    event: LedgerEvent,
    started: number,
    timings: Timings,
    extra: { sequence?: number; attempts: number; deliveryAttempt?: number; chainViolation?: boolean; error?: string },
  ): void {
    const severity = extra.chainViolation ? "CRITICAL" : outcome === "retry" ? "ERROR" : "INFO";
    const message = extra.chainViolation
      ? "ledger chain violation; stream halted"
      : outcome === "retry"
        ? "ledger event not stored; returned to Pub/Sub for redelivery"
        : `ledger event ${outcome}`;
    this.write(severity, message, outcome, started, timings, {
      [LOG_FIELDS.streamId]: event.stream_id,
      [LOG_FIELDS.eventType]: event.event_type,
      [LOG_FIELDS.eventId]: event.event_id,
      [LOG_FIELDS.sequence]: extra.sequence ?? null,
      [LOG_FIELDS.attempts]: extra.attempts,
      [LOG_FIELDS.chainViolation]: extra.chainViolation ?? false,
      ...(extra.deliveryAttempt !== undefined ? { delivery_attempt: extra.deliveryAttempt } : {}),
      ...(extra.error ? { error: extra.error } : {}),
    });
  }

  private write(severity: string, message: string, outcome: Outcome | "retry", started: number, timings: Timings, fields: Record<string, unknown>): void {
    let slowest: StorageTier = STORAGE_TIERS[0];
    for (const tier of STORAGE_TIERS) if (timings[tier] > timings[slowest]) slowest = tier;
    this.deps.log.write({
      [LOG_FIELDS.severity]: severity,
      [LOG_FIELDS.message]: message,
      [LOG_FIELDS.outcome]: outcome,
      [LOG_FIELDS.latencyMs]: round(this.deps.clock.monotonic() - started),
      [LOG_FIELDS.storageLatencyMs]: { bigtable: round(timings.bigtable), firestore: round(timings.firestore), pubsub: round(timings.pubsub) },
      [LOG_FIELDS.storageTier]: slowest,
      [LOG_FIELDS.chainViolation]: false,
      ...fields,
    });
  }

  private async timed<T>(timings: Timings, tier: StorageTier, work: Promise<T>): Promise<T> {
    const t0 = this.deps.clock.monotonic();
    try {
      return await work;
    } finally {
      timings[tier] += this.deps.clock.monotonic() - t0;
    }
  }

  /** Runs `work` after every earlier task of the same stream in this instance has settled. */
  private serialised<T>(streamId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(streamId) ?? Promise.resolve();
    const run = previous.then(work, work);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.locks.set(streamId, tail);
    void tail.then(() => {
      if (this.locks.get(streamId) === tail) this.locks.delete(streamId);
    });
    return run;
  }

  private remember<V>(map: Map<string, V>, key: string, value: V): void {
    map.delete(key);
    map.set(key, value);
    if (map.size > this.cacheSize) map.delete(map.keys().next().value as string);
  }
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

function errorText(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return code !== undefined ? `${String(code)} ${error.message}` : error.message;
  }
  return String(error);
}
