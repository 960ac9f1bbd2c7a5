/**
 * The processor's commit protocol, driven through its ports with an in-memory chain store that
 * has Bigtable's semantics (single-row conditional write on the head) and fault injection
 * (fail before or after a write is applied). The adapters themselves are tested against the
 * emulators in tests/ledger-processor.emulators.test.ts.
 */
import { verifyChain, type ChainPosition, type LedgerRecord } from "./core/chain";
import type { ChainStore, Clock, DeadLetterSink, IncomingMessage, RecordSink, StateStore } from "./core/ports";
import { ChainViolationError, LedgerProcessor, RejectedEventError, RetryableError, type ProcessorDeps } from "./core/processor";
import { PublicKeyVerifier } from "./core/signer";
import { LocalKeySigner } from "./adapters/local-signer";
import { LOG_FIELDS, OUTCOMES } from "./layout";

type Method = keyof ChainStore;
const unavailable = () => Object.assign(new Error("14 UNAVAILABLE: connection reset"), { code: 14 });

/** Bigtable-like semantics: the head changes only through a conditional write. */
class MemoryChainStore implements ChainStore {
  readonly heads = new Map<string, LedgerRecord>();
  readonly events = new Map<string, LedgerRecord>();
  readonly index = new Map<string, number>();
  readonly calls: Method[] = [];
  readonly writtenAt = new Map<string, number>();
  /** Resolves when released: holds writeIndex calls of the first `n` records back (a slow committer). */
  holdIndex?: Promise<void>;
  private faults: { method: Method; when: "before" | "after"; left: number }[] = [];

  /** The next `count` calls of `method` fail, before or after their effect is applied. */
  fail(method: Method, when: "before" | "after", count = 1): void {
    this.faults.push({ method, when, left: count });
  }

  private async step<T>(method: Method, apply: () => T): Promise<T> {
    this.calls.push(method);
    await new Promise((r) => setImmediate(r));
    const fault = this.faults.find((f) => f.method === method && f.left > 0);
    if (fault) fault.left--;
    if (fault?.when === "before") throw unavailable();
    const result = apply();
    if (fault?.when === "after") throw unavailable();
    return result;
  }

  lookup(streamId: string, eventId: string) {
    return this.step("lookup", () => ({
      head: this.heads.get(streamId) ?? null,
      headWrittenAt: this.writtenAt.get(streamId) ?? 0,
      indexed: this.index.get(`${streamId}@${eventId}`) ?? null,
    }));
  }
  readHead(streamId: string) {
    return this.step("readHead", () => this.heads.get(streamId) ?? null);
  }
  findEvent(streamId: string, eventId: string) {
    return this.step("findEvent", () => this.index.get(`${streamId}@${eventId}`) ?? null);
  }
  advanceHead(streamId: string, expected: ChainPosition, next: LedgerRecord) {
    return this.step("advanceHead", () => {
      const head = this.heads.get(streamId);
      const current = head ? head.sequence : 0;
      if (current !== expected.sequence || (head && head.hash !== expected.hash)) return false;
      this.heads.set(streamId, next);
      this.writtenAt.set(streamId, Date.now());
      return true;
    });
  }
  writeEvent(record: LedgerRecord) {
    return this.step("writeEvent", () => void this.events.set(`${record.stream_id}#${record.sequence}`, record));
  }
  async writeIndex(record: LedgerRecord) {
    if (this.holdIndex) await this.holdIndex;
    return this.step("writeIndex", () => void this.index.set(`${record.stream_id}@${record.event_id}`, record.sequence));
  }
  readChain(streamId: string) {
    return this.step("readChain", () => [...this.events.values()].filter((r) => r.stream_id === streamId).sort((a, b) => a.sequence - b.sequence));
  }
}

class Recorder implements RecordSink, StateStore, DeadLetterSink {
  readonly published: LedgerRecord[] = [];
  readonly latest = new Map<string, number>();
  readonly dead: { message: IncomingMessage; reasons: readonly string[] }[] = [];
  deadFailures = 0;
  stateFailures = 0;
  async publish(record: LedgerRecord) {
    this.published.push(record);
  }
  async writeLatest(record: LedgerRecord) {
    if (this.stateFailures-- > 0) throw unavailable();
    this.latest.set(record.stream_id, Math.max(this.latest.get(record.stream_id) ?? 0, record.sequence));
  }
  async deadLetter(message: IncomingMessage, reasons: readonly string[]) {
    if (this.deadFailures-- > 0) throw unavailable();
    this.dead.push({ message, reasons });
  }
}

const clock: Clock = { now: () => Date.now(), monotonic: () => performance.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };
const signer = new LocalKeySigner();
const verifier = new PublicKeyVerifier({ [signer.keyVersion]: signer.publicKeyPem });

function setup(overrides: Partial<ProcessorDeps> = {}) {
  const chain = new MemoryChainStore();
  const sink = new Recorder();
  const lines: Record<string, unknown>[] = [];
  const deps: ProcessorDeps = {
    chain,
    state: sink,
    records: sink,
    deadLetter: sink,
    signer,
    log: { write: (e: Record<string, unknown>) => lines.push(e) },
    clock,
    retry: { attempts: 3, baseDelayMs: 5 },
    completionGraceMs: 30,
    ...overrides,
  };
  return { chain, sink, lines, deps, processor: new LedgerProcessor(deps) };
}

let ids = 0;
function message(fields: Record<string, unknown> = {}): IncomingMessage {
  const n = ++ids;
  const body = { event_id: `evt-${n}`, stream_id: "stream-a", event_type: "data.ingested", timestamp: new Date(Date.now() - 60_000).toISOString(), payload: { n }, ...fields };
  return { data: Buffer.from(JSON.stringify(body)), messageId: `m-${n}` };
}

async function expectValidChain(chain: MemoryChainStore, streamId: string, length: number) {
  const records = await chain.readChain(streamId);
  const head = chain.heads.get(streamId)!;
  const report = await verifyChain(records, verifier, { sequence: head.sequence, hash: head.hash });
  expect(report.problems).toEqual([]);
  expect(report.length).toBe(length);
  return records;
}

describe("LedgerProcessor", () => {
  it("appends events to one chain per stream and logs one structured line per event", async () => {
    const { chain, sink, lines, processor } = setup();
    for (let i = 0; i < 6; i++) await processor.process(message({ stream_id: i % 2 ? "stream-a" : "stream-b", event_type: i === 2 ? "consent.granted" : "data.ingested" }));
    await expectValidChain(chain, "stream-a", 3);
    const b = await expectValidChain(chain, "stream-b", 3);
    expect(b[1].signature).toEqual(expect.any(String));
    expect(sink.published).toHaveLength(6);
    expect(sink.latest.get("stream-a")).toBe(3);
    expect(lines).toHaveLength(6);
    for (const line of lines) {
      expect(line).toMatchObject({
        [LOG_FIELDS.outcome]: "accepted",
        [LOG_FIELDS.severity]: "INFO",
        [LOG_FIELDS.chainViolation]: false,
        [LOG_FIELDS.latencyMs]: expect.any(Number),
        [LOG_FIELDS.storageLatencyMs]: { bigtable: expect.any(Number), firestore: expect.any(Number), pubsub: expect.any(Number) },
        [LOG_FIELDS.storageTier]: expect.stringMatching(/^(bigtable|firestore|pubsub)$/),
        [LOG_FIELDS.streamId]: expect.any(String),
        [LOG_FIELDS.eventType]: expect.any(String),
      });
      expect(OUTCOMES).toContain(line.outcome);
    }
  });

  it("stores a redelivered event once and does not republish it", async () => {
    const { chain, sink, lines, processor } = setup();
    const m = message();
    await processor.process(m);
    await processor.process(message());
    const again = await processor.process(m);
    expect(again).toMatchObject({ outcome: "duplicate", sequence: 1 });
    await expectValidChain(chain, "stream-a", 2);
    expect(sink.published.map((r) => r.sequence)).toEqual([1, 2]);
    expect(lines[2]).toMatchObject({ outcome: "duplicate", sequence: 1 });
  });

  it("treats the same event id with different content as the same event (idempotency by event_id)", async () => {
    const { chain, processor } = setup();
    await processor.process(message({ event_id: "fixed" }));
    await expect(processor.process(message({ event_id: "fixed", payload: { other: true } }))).resolves.toMatchObject({ outcome: "duplicate" });
    await expectValidChain(chain, "stream-a", 1);
  });

  it("finishes a link whose first delivery died after the commit, when the event is redelivered", async () => {
    const { chain, sink, processor } = setup({ retry: { attempts: 1 } });
    const m = message();
    chain.fail("writeEvent", "before");
    await expect(processor.process(m)).rejects.toBeInstanceOf(RetryableError);
    expect(chain.heads.get("stream-a")?.sequence).toBe(1);
    expect(chain.events.size).toBe(0);
    // Redelivery (any instance): completes the committed link instead of appending it again.
    const second = new LedgerProcessor({ ...setup().deps, chain, records: sink, state: sink });
    await expect(second.process(m)).resolves.toMatchObject({ outcome: "duplicate", sequence: 1 });
    await expectValidChain(chain, "stream-a", 1);
    expect(chain.index.get(`stream-a@${chain.heads.get("stream-a")!.event_id}`)).toBe(1);
    expect(sink.published.filter((r) => r.sequence === 1).length).toBeGreaterThanOrEqual(1);
  });

  it("completes another instance's unfinished head before attaching the next link", async () => {
    const { chain, sink, processor } = setup({ retry: { attempts: 1 } });
    chain.fail("writeIndex", "before");
    await expect(processor.process(message())).rejects.toBeInstanceOf(RetryableError);
    const other = new LedgerProcessor({ ...setup().deps, chain, records: sink, state: sink });
    await other.process(message());
    const records = await expectValidChain(chain, "stream-a", 2);
    expect(chain.index.get(`stream-a@${records[0].event_id}`)).toBe(1);
    expect(new Set(sink.published.map((r) => r.sequence))).toEqual(new Set([1, 2]));
  });

  it("lets a slow committer finish its link instead of publishing it a second time", async () => {
    const { chain, sink, deps } = setup({ completionGraceMs: 5000 });
    let release: () => void = () => undefined;
    chain.holdIndex = new Promise<void>((r) => (release = r));
    const a = new LedgerProcessor(deps);
    const b = new LedgerProcessor(deps);
    const first = a.process(message());
    while (sink.published.length === 0) await new Promise((r) => setTimeout(r, 1));
    const second = b.process(message());
    await new Promise((r) => setTimeout(r, 50)); // b is waiting on a's unfinished head
    expect(chain.heads.get("stream-a")?.sequence).toBe(1);
    release();
    chain.holdIndex = undefined;
    await Promise.all([first, second]);
    await expectValidChain(chain, "stream-a", 2);
    expect(sink.published.map((r) => r.sequence)).toEqual([1, 2]);
  });

  it("reports a commit whose response was lost as accepted, exactly once", async () => {
    const { chain, sink, lines, processor } = setup();
    chain.fail("advanceHead", "after");
    await expect(processor.process(message())).resolves.toMatchObject({ outcome: "accepted", sequence: 1 });
    await expectValidChain(chain, "stream-a", 1);
    expect(sink.published).toHaveLength(1);
    expect(lines[0]).toMatchObject({ outcome: "accepted", attempts: 2 });
  });

  it("repairs the latest state on redelivery when only the state write failed", async () => {
    const { chain, sink, processor } = setup({ retry: { attempts: 1 } });
    sink.stateFailures = 1;
    const m = message();
    await expect(processor.process(m)).rejects.toBeInstanceOf(RetryableError);
    expect(chain.index.size).toBe(1); // the link itself is complete
    expect(sink.latest.get("stream-a")).toBeUndefined();
    await expect(processor.process(m)).resolves.toMatchObject({ outcome: "duplicate", sequence: 1 });
    expect(sink.latest.get("stream-a")).toBe(1);
    expect(sink.published).toHaveLength(1);
  });

  it("retries transient storage failures within the delivery", async () => {
    const { chain, lines, processor } = setup();
    chain.fail("lookup", "before", 2);
    await expect(processor.process(message())).resolves.toMatchObject({ outcome: "accepted" });
    expect(lines[0]).toMatchObject({ outcome: "accepted", attempts: 3 });
    await expectValidChain(chain, "stream-a", 1);
  });

  it("gives the message back (throws) when storage stays down, and logs outcome retry", async () => {
    const { chain, sink, lines, processor } = setup();
    chain.fail("lookup", "before", 10);
    await expect(processor.process(message())).rejects.toBeInstanceOf(RetryableError);
    expect(lines[0]).toMatchObject({ outcome: "retry", severity: "ERROR", attempts: 3, chain_violation: false });
    expect(sink.published).toHaveLength(0);
  });

  it("does not retry errors that are not transient", async () => {
    const { chain, processor } = setup();
    const calls = () => chain.calls.filter((c) => c === "lookup").length;
    jest.spyOn(chain, "lookup").mockRejectedValueOnce(Object.assign(new Error("3 INVALID_ARGUMENT"), { code: 3 }));
    await expect(processor.process(message())).rejects.toBeInstanceOf(RetryableError);
    expect(calls()).toBe(0);
  });

  it("never forks a chain when instances race on the same stream", async () => {
    const { chain, sink, deps, lines } = setup();
    const instances = [new LedgerProcessor(deps), new LedgerProcessor(deps), new LedgerProcessor(deps)];
    const messages = Array.from({ length: 90 }, (_, i) => message({ stream_id: `race-${i % 3}` }));
    // Every message delivered twice, to different instances, all at once.
    await Promise.all(messages.flatMap((m, i) => [instances[i % 3].process(m), instances[(i + 1) % 3].process(m)]));
    for (let s = 0; s < 3; s++) await expectValidChain(chain, `race-${s}`, 30);
    // The race was real: instances lost conditional writes to each other and retried.
    expect(chain.calls.filter((c) => c === "advanceHead").length).toBeGreaterThan(90);
    expect(new Set(sink.published.map((r) => r.event_id)).size).toBe(90);
    // Each event is reported accepted by exactly one delivery; the other sees a duplicate.
    const accepted = lines.filter((l) => l.outcome === "accepted").map((l) => l.event_id);
    expect(accepted.sort()).toEqual(messages.map((m) => JSON.parse(m.data.toString()).event_id).sort());
  });

  it("dead-letters a malformed event with its reasons and acks it", async () => {
    const { chain, sink, lines, processor } = setup();
    const bad = { data: Buffer.from(JSON.stringify({ event_id: "x", stream_id: "a#b" })), messageId: "bad-1" };
    await expect(processor.process(bad)).resolves.toMatchObject({ outcome: "rejected" });
    expect(sink.dead).toHaveLength(1);
    expect(sink.dead[0].reasons.join(";")).toMatch(/stream_id may only contain/);
    expect(chain.calls).toEqual([]);
    expect(lines[0]).toMatchObject({ outcome: "rejected", severity: "WARNING", event_id: "x", rejection_reasons: expect.arrayContaining([expect.stringMatching(/event_type is missing/)]) });
  });

  it("retries a failed dead-letter publish before acking", async () => {
    const { sink, processor } = setup();
    sink.deadFailures = 1;
    await expect(processor.process({ data: Buffer.from("nope"), messageId: "bad-2" })).resolves.toMatchObject({ outcome: "rejected" });
    expect(sink.dead).toHaveLength(1);
  });

  it("without a dead-letter topic, nacks a malformed event so the subscription dead-letters it", async () => {
    const { processor, lines } = setup({ deadLetter: undefined });
    await expect(processor.process({ data: Buffer.from("{}"), messageId: "bad-3" })).rejects.toBeInstanceOf(RejectedEventError);
    expect(lines[0]).toMatchObject({ outcome: "rejected" });
  });

  it("stops a stream whose stored head does not match its hash, and says so in the log", async () => {
    const { chain, lines, processor } = setup();
    await processor.process(message());
    const head = chain.heads.get("stream-a")!;
    chain.heads.set("stream-a", { ...head, payload: { tampered: true } });
    await expect(processor.process(message())).rejects.toBeInstanceOf(ChainViolationError);
    expect(lines[1]).toMatchObject({ outcome: "retry", severity: "CRITICAL", chain_violation: true });
    expect(chain.heads.get("stream-a")?.sequence).toBe(1);
  });

  it("refuses to attach to a head that went backwards (a wiped or rolled-back store)", async () => {
    const { chain, processor } = setup();
    await processor.process(message());
    await processor.process(message());
    chain.heads.clear();
    await expect(processor.process(message())).rejects.toBeInstanceOf(ChainViolationError);
    expect(chain.heads.size).toBe(0);
  });
});
