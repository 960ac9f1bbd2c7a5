/**
 * The ledger processor against the real Pub/Sub, Bigtable and Firestore emulators of the Google
 * Cloud CLI: first the adapters one by one, then the acceptance run (10,000 events across 50
 * streams with duplicates and shuffled order, published to Pub/Sub and pulled by two processor
 * instances the way the trigger delivers them, with a Bigtable emulator restart in the middle).
 *
 * The Bigtable emulator keeps data in memory, so a restart alone would erase what Bigtable (a
 * durable store) would keep. The restart is therefore modelled honestly in four steps: cut the
 * processors' connections (they see resets / UNAVAILABLE from then on), snapshot the emulator
 * through a direct connection, kill and restart the emulator process on the same port and
 * restore the snapshot, then let the processors reconnect. What the run proves is spelled out
 * next to the assertions at the end.
 */
import { Bigtable, v2 } from "@google-cloud/bigtable";
import { grpc } from "google-gax";
import { PubSub, type Message, type Subscription } from "@google-cloud/pubsub";
import { createHash } from "node:crypto";
import { loadConfig, type ProcessorConfig } from "../functions/ledger-processor/config";
import { closeClients, closeProcessorFromEnv, createClients, createProcessor, type Clients } from "../functions/ledger-processor/runtime";
import { createCloudEventHandler, type PubSubCloudEvent } from "../functions/ledger-processor/handler";
import { BigtableChainStore } from "../functions/ledger-processor/adapters/bigtable-chain-store";
import { FirestoreStateStore } from "../functions/ledger-processor/adapters/firestore-state-store";
import { PubSubDeadLetterSink, PubSubRecordSink, TopicPublisher, topicName } from "../functions/ledger-processor/adapters/pubsub-sinks";
import { LocalKeySigner } from "../functions/ledger-processor/adapters/local-signer";
import { buildRecord, EMPTY_CHAIN, verifyChain, type LedgerRecord } from "../functions/ledger-processor/core/chain";
import { validateEvent, EVENT_TYPES, type LedgerEvent } from "../functions/ledger-processor/core/event";
import { PublicKeyVerifier } from "../functions/ledger-processor/core/signer";
import type { BigQueryRow } from "../functions/ledger-processor/core/row";
import { BIGTABLE, ENV, LOG_FIELDS } from "../functions/ledger-processor/layout";
import { processLedgerEvent } from "../functions/ledger-processor/cloud-function";
import { startEmulator, startEmulators, TcpProxy, type Emulator } from "./support/gcloud-emulators";
import { Stopper, sleep, waitForProgress } from "./support/progress";

// Timeouts are safety nets only: the waits below fail on a stall (no progress), not on a budget,
// so a loaded 2-core machine that runs the same work slower still passes (tests/support/progress.ts).
jest.setTimeout(600_000);
/** Nothing moved for this long: the run is stuck, not slow. */
const STALL_MS = 180_000;

const PROJECT = "neurastack-test";
let pubsubEmulator: Emulator;
let bigtableEmulator: Emulator;
let firestoreEmulator: Emulator;
let proxy: TcpProxy;
const savedEnv = { ...process.env };
const toClose: Clients[] = [];
/** Other clients to close in afterAll, whatever happened. */
const cleanups: (() => Promise<unknown>)[] = [];
/** Fired first in afterAll: waits and message handlers of a failed or timed-out test stop. */
const stopper = new Stopper();

function pubsubClient(): PubSub {
  const client = new PubSub({ projectId: PROJECT });
  cleanups.push(() => client.close());
  return client;
}

beforeAll(async () => {
  const started = await startEmulators();
  pubsubEmulator = started.pubsub!;
  bigtableEmulator = started.bigtable!;
  firestoreEmulator = started.firestore!;
  proxy = await new TcpProxy(bigtableEmulator.port).start();
  // No GCE metadata server here: skip the client libraries' probe for one (it only adds delay).
  process.env.METADATA_SERVER_DETECTION = "none";
  process.env.PUBSUB_EMULATOR_HOST = pubsubEmulator.hostPort;
  process.env.FIRESTORE_EMULATOR_HOST = firestoreEmulator.hostPort;
  // The processors reach Bigtable through the proxy, so the test can cut them off.
  process.env.BIGTABLE_EMULATOR_HOST = proxy.hostPort;
});

afterAll(async () => {
  stopper.stop("the suite is over");
  // Cleanups first (subscribers, intervals), newest first, then the clients they used.
  for (const cleanup of cleanups.reverse()) await Promise.resolve().then(cleanup).catch(() => undefined);
  await Promise.allSettled([...toClose.map((c) => closeClients(c)), closeProcessorFromEnv()]);
  await proxy?.stop();
  await Promise.allSettled([pubsubEmulator, bigtableEmulator, firestoreEmulator].filter(Boolean).map((e) => e.stop()));
  process.env = savedEnv;
});

/** Admin client straight to the emulator (not through the proxy). */
function admin(): Bigtable {
  const client = new Bigtable({ projectId: PROJECT, apiEndpoint: bigtableEmulator.hostPort, metricsEnabled: false });
  cleanups.push(() => client.close());
  return client;
}

async function createTables(instanceId: string): Promise<void> {
  const instance = admin().instance(instanceId);
  await instance.createTable(BIGTABLE.eventsTable, { families: [BIGTABLE.eventsFamily] });
  await instance.createTable(BIGTABLE.headsTable, { families: [BIGTABLE.headsFamily, BIGTABLE.indexFamily] });
}

async function createTopics(pubsub: PubSub, prefix: string): Promise<Record<"events" | "accepted" | "dead", string>> {
  const names = { events: `${prefix}-events`, accepted: `${prefix}-accepted`, dead: `${prefix}-dead-letter` };
  for (const name of Object.values(names)) {
    await pubsub.createTopic(name);
    await pubsub.topic(name).createSubscription(`${name}-sub`, { ackDeadlineSeconds: 60 });
  }
  return names;
}

function configFor(instanceId: string, topics: { accepted: string; dead?: string }): ProcessorConfig {
  return loadConfig({
    [ENV.projectId]: PROJECT,
    [ENV.bigtableInstance]: instanceId,
    [ENV.acceptedTopic]: topics.accepted,
    [ENV.deadLetterTopic]: topics.dead,
  });
}

function clientsFor(config: ProcessorConfig): Clients {
  const clients = createClients(config);
  toClose.push(clients);
  return clients;
}

const NOW = Date.now();
function ledgerEvent(fields: Partial<Record<string, unknown>>): LedgerEvent {
  const v = validateEvent({ event_id: "e", stream_id: "s", event_type: "data.ingested", timestamp: new Date(NOW - 60_000).toISOString(), payload: { n: 1 }, ...fields }, NOW);
  if (!v.ok) throw new Error(v.reasons.join("; "));
  return v.event;
}

/**
 * Collects a subscription's messages: until `enough(messages)` holds (waiting on progress, so a
 * slow first delivery under load is no failure), then until it has been quiet for `idleMs` (so
 * extra deliveries are counted). The subscription is closed even when the wait fails.
 */
async function drain(subscription: Subscription, enough: (messages: readonly Message[]) => boolean, idleMs = 1500): Promise<Message[]> {
  const messages: Message[] = [];
  let last = Date.now();
  const close = () => subscription.close();
  cleanups.push(close);
  subscription.on("message", (m: Message) => {
    messages.push(m);
    m.ack();
    last = Date.now();
  });
  try {
    await waitForProgress("drain", () => enough(messages), () => messages.length, { stallMs: STALL_MS, stopper, describe: () => `${messages.length} messages` });
    while (Date.now() - last < idleMs) await sleep(100);
  } finally {
    await close();
  }
  return messages;
}

describe("adapters on the emulators", () => {
  const instanceId = "adapters";
  let clients: Clients;
  let store: BigtableChainStore;
  const signer = new LocalKeySigner();

  beforeAll(async () => {
    await createTables(instanceId);
    clients = clientsFor(configFor(instanceId, { accepted: "unused" }));
    store = new BigtableChainStore(clients.bigtable, { projectId: PROJECT, instanceId });
  });

  it("Bigtable: exactly one of two concurrent conditional writes on a head wins", async () => {
    const first = await buildRecord(ledgerEvent({ event_id: "a1", stream_id: "cas" }), EMPTY_CHAIN, signer);
    const rival = await buildRecord(ledgerEvent({ event_id: "b1", stream_id: "cas" }), EMPTY_CHAIN, signer);
    const created = await Promise.all([store.advanceHead("cas", EMPTY_CHAIN, first), store.advanceHead("cas", EMPTY_CHAIN, rival)]);
    expect(created.filter(Boolean)).toHaveLength(1);
    const head = (await store.readHead("cas"))!;
    const at1 = { sequence: 1, hash: head.hash };
    const [x, y] = await Promise.all([
      buildRecord(ledgerEvent({ event_id: "a2", stream_id: "cas" }), at1, signer),
      buildRecord(ledgerEvent({ event_id: "b2", stream_id: "cas" }), at1, signer),
    ]);
    const moved = await Promise.all([store.advanceHead("cas", at1, x), store.advanceHead("cas", at1, y)]);
    expect(moved.filter(Boolean)).toHaveLength(1);
    // A writer holding the old head can no longer attach anything.
    const stale = await buildRecord(ledgerEvent({ event_id: "c2", stream_id: "cas" }), at1, signer);
    await expect(store.advanceHead("cas", at1, stale)).resolves.toBe(false);
    await expect(store.advanceHead("cas", EMPTY_CHAIN, stale)).resolves.toBe(false);
    expect((await store.readHead("cas"))?.sequence).toBe(2);
  });

  it("Bigtable: event rows read back in sequence order; the index and the head come back in one lookup", async () => {
    let prev = EMPTY_CHAIN;
    const written: LedgerRecord[] = [];
    const before = Date.now();
    for (let i = 0; i < 12; i++) {
      const r = await buildRecord(ledgerEvent({ event_id: `o${i}`, stream_id: "order", event_type: EVENT_TYPES[i % EVENT_TYPES.length] }), prev, signer);
      expect(await store.advanceHead("order", prev, r)).toBe(true);
      written.push(r);
      prev = { sequence: r.sequence, hash: r.hash };
    }
    await Promise.all([...written].reverse().map((r) => store.writeEvent(r)));
    await store.writeIndex(written[4]);
    // A stream whose name is a prefix of this one must not leak into its scan.
    const other = await buildRecord(ledgerEvent({ event_id: "z", stream_id: "order2" }), EMPTY_CHAIN, signer);
    await store.writeEvent(other);
    const chain = await store.readChain("order");
    expect(chain.map((r) => r.sequence)).toEqual(written.map((r) => r.sequence));
    expect((await verifyChain(chain, new PublicKeyVerifier({ [signer.keyVersion]: signer.publicKeyPem }), prev)).ok).toBe(true);
    const found = await store.lookup("order", "o4");
    expect(found).toEqual({ head: written[11], headWrittenAt: expect.any(Number), indexed: 5 });
    // The head's write time is the commit's cell timestamp (milliseconds since the epoch).
    expect(found.headWrittenAt).toBeGreaterThanOrEqual(before - 1);
    expect(found.headWrittenAt).toBeLessThanOrEqual(Date.now());
    await expect(store.lookup("order", "o5")).resolves.toMatchObject({ head: written[11], indexed: null });
    await expect(store.lookup("nothing-here", "x")).resolves.toEqual({ head: null, headWrittenAt: 0, indexed: null });
  });

  it("Firestore: the latest state never moves backwards, even across instances finishing out of order", async () => {
    const a = new FirestoreStateStore(clients.firestore);
    const b = new FirestoreStateStore(clients.firestore);
    let prev = EMPTY_CHAIN;
    const records: LedgerRecord[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await buildRecord(ledgerEvent({ event_id: `f${i}`, stream_id: "state" }), prev, signer);
      records.push(r);
      prev = { sequence: r.sequence, hash: r.hash };
    }
    await a.writeLatest(records[0]);
    await b.writeLatest(records[3]);
    await a.writeLatest(records[1]); // stale precondition: re-reads, sees 4, keeps it
    await a.writeLatest(records[5]);
    await b.writeLatest(records[4]); // b's cache says 4, the document holds 6
    const latest = await a.readLatest("state");
    expect(latest).toMatchObject({ sequence: 6, hash: records[5].hash, event_id: "f5" });
  });

  it("Pub/Sub: accepted records arrive as BigQuery rows; malformed messages arrive unchanged with their reasons", async () => {
    const pubsub = pubsubClient();
    const topics = await createTopics(pubsub, "adapters");
    const publisher = clients.publisher;
    const sink = new PubSubRecordSink(new TopicPublisher(publisher, topicName(PROJECT, topics.accepted)));
    const dead = new PubSubDeadLetterSink(new TopicPublisher(publisher, topicName(PROJECT, topics.dead)));
    const record = await buildRecord(ledgerEvent({ event_id: "p1", stream_id: "pub", event_type: "consent.revoked" }), EMPTY_CHAIN, signer);
    await Promise.all([sink.publish(record), dead.deadLetter({ data: Buffer.from("{broken"), messageId: "orig-1" }, ["a", "b"], { event_id: "p9" })]);
    const [rows, dlq] = await Promise.all([drain(pubsub.subscription(`${topics.accepted}-sub`), (m) => m.length >= 1), drain(pubsub.subscription(`${topics.dead}-sub`), (m) => m.length >= 1)]);
    expect(rows).toHaveLength(1);
    const row = JSON.parse(rows[0].data.toString()) as BigQueryRow;
    expect(row).toMatchObject({ event_id: "p1", sequence: 1, hash: record.hash, signature: record.signature, payload: JSON.stringify(record.payload) });
    expect(dlq).toHaveLength(1);
    expect(dlq[0].data.toString()).toBe("{broken");
    expect(dlq[0].attributes).toMatchObject({ rejection_reasons: "a; b", original_message_id: "orig-1", event_id: "p9" });
    await pubsub.close();
  });

  it("the deployed entry point processes a Pub/Sub CloudEvent with configuration from the environment", async () => {
    const pubsub = pubsubClient();
    const topics = await createTopics(pubsub, "entry");
    await createTables("entry");
    Object.assign(process.env, { [ENV.projectId]: PROJECT, [ENV.bigtableInstance]: "entry", [ENV.acceptedTopic]: topics.accepted, [ENV.deadLetterTopic]: topics.dead });
    const lines: string[] = [];
    const write = jest.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => (lines.push(String(chunk)), true));
    try {
      const body = { event_id: "entry-1", stream_id: "entry-stream", event_type: "device.connected", timestamp: new Date().toISOString(), payload: { port: 3 } };
      const cloudEvent = { id: "1", data: { message: { data: Buffer.from(JSON.stringify(body)).toString("base64"), messageId: "mid-1" }, subscription: "s" } };
      await expect(processLedgerEvent(cloudEvent)).resolves.toBeUndefined();
      await expect(processLedgerEvent({ id: "2", data: { message: { data: Buffer.from("garbage").toString("base64"), messageId: "mid-2" } } })).resolves.toBeUndefined();
    } finally {
      write.mockRestore();
    }
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logged.map((l) => l[LOG_FIELDS.outcome])).toEqual(["accepted", "rejected"]);
    const head = await new BigtableChainStore(clients.bigtable, { projectId: PROJECT, instanceId: "entry" }).readHead("entry-stream");
    expect(head).toMatchObject({ event_id: "entry-1", sequence: 1, payload: { port: 3 } });
    const [rows, dlq] = await Promise.all([drain(pubsub.subscription(`${topics.accepted}-sub`), (m) => m.length >= 1), drain(pubsub.subscription(`${topics.dead}-sub`), (m) => m.length >= 1)]);
    expect(rows.map((m) => JSON.parse(m.data.toString()).event_id)).toEqual(["entry-1"]);
    expect(dlq.map((m) => m.attributes.original_message_id)).toEqual(["mid-2"]);
    await pubsub.close();
  });
});

/** Deterministic PRNG (mulberry32) so a failing run can be reproduced. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Snapshot {
  readonly tables: Record<string, { key: Buffer; cells: { family: string; qualifier: Buffer; timestamp: string; value: Buffer }[] }[]>;
}

async function snapshotBigtable(instanceId: string): Promise<Snapshot> {
  const instance = admin().instance(instanceId);
  const tables: Snapshot["tables"] = {};
  for (const table of [BIGTABLE.eventsTable, BIGTABLE.headsTable]) {
    const [rows] = await instance.table(table).getRows({ decode: false });
    tables[table] = rows.map((row) => ({
      key: Buffer.from(row.id),
      cells: Object.entries(row.data as Record<string, Record<string, { value: Buffer; timestamp: string }[]>>).flatMap(([family, columns]) =>
        Object.entries(columns).flatMap(([qualifier, cells]) => cells.map((c) => ({ family, qualifier: Buffer.from(qualifier), timestamp: String(c.timestamp), value: c.value }))),
      ),
    }));
  }
  return { tables };
}

async function restoreBigtable(instanceId: string, snapshot: Snapshot): Promise<void> {
  await createTables(instanceId);
  const data = new v2.BigtableClient({ servicePath: "127.0.0.1", port: bigtableEmulator.port, sslCreds: grpc.credentials.createInsecure() });
  cleanups.push(() => data.close());
  for (const [table, rows] of Object.entries(snapshot.tables)) {
    for (let i = 0; i < rows.length; i += 500) {
      const entries = rows.slice(i, i + 500).map((row) => ({
        rowKey: row.key,
        mutations: row.cells.map((c) => ({ setCell: { familyName: c.family, columnQualifier: c.qualifier, timestampMicros: c.timestamp, value: c.value } })),
      }));
      const stream = data.mutateRows({ tableName: `projects/${PROJECT}/instances/${instanceId}/tables/${table}`, entries });
      await new Promise<void>((resolve, reject) => {
        stream.on("data", (response: { entries?: { status?: { code?: number | null } | null }[] | null }) => {
          const failed = (response.entries ?? []).filter((e) => (e.status?.code ?? 0) !== 0);
          if (failed.length > 0) reject(new Error(`restore: ${failed.length} rows failed`));
        });
        stream.on("error", reject);
        stream.on("end", () => resolve());
      });
    }
  }
}

describe("10,000 events across 50 streams through Pub/Sub, with a Bigtable emulator restart", () => {
  const STREAMS = 50;
  const PER_STREAM = 200;
  const DUPLICATES = 600;
  const MALFORMED = 100;
  const CUT_AFTER_ACKS = 3000;
  const instanceId = "acceptance";

  // The jest timeout is a last resort (an hour); the progress waits fail a stuck run long before.
  it("stores every accepted event exactly once in verifiable chains and dead-letters the malformed ones", async () => {
    const run = new Stopper();
    const subscribers: Subscription[] = [];
    try {
      await acceptance(run, subscribers);
    } finally {
      // Whatever happened: stop the handlers, close the subscribers (no leaked streaming pulls).
      run.stop("the acceptance test is over");
      await Promise.allSettled(subscribers.map((s) => s.close()));
    }
  }, 3_600_000);

  async function acceptance(run: Stopper, subscribers: Subscription[]): Promise<void> {
    const random = prng(6);
    await createTables(instanceId);
    const pubsub = pubsubClient();
    const topics = await createTopics(pubsub, "acceptance");
    const signer = new LocalKeySigner();

    // --- the workload -------------------------------------------------------------------------
    const valid: { id: string; data: Buffer }[] = [];
    for (let s = 0; s < STREAMS; s++) {
      for (let n = 0; n < PER_STREAM; n++) {
        const body = {
          event_id: `evt-${s}-${n}`,
          stream_id: `session-${s}`,
          event_type: EVENT_TYPES[Math.floor(random() * EVENT_TYPES.length)],
          timestamp: new Date(NOW - 3_600_000 + n * 1000).toISOString(),
          payload: { n, channel: Math.floor(random() * 64), quality: Math.round(random() * 1000) / 1000 },
        };
        valid.push({ id: body.event_id, data: Buffer.from(JSON.stringify(body)) });
      }
    }
    const malformedBodies = [
      "{not json",
      JSON.stringify({ event_id: "m", stream_id: "session-1", event_type: "data.ingested" }),
      JSON.stringify({ event_id: "m", stream_id: "session#1", event_type: "data.ingested", timestamp: new Date(NOW).toISOString() }),
      JSON.stringify({ event_id: "m", stream_id: "session-2", event_type: "made.up", timestamp: new Date(NOW).toISOString() }),
      JSON.stringify({ event_id: "m", stream_id: "session-3", event_type: "data.ingested", timestamp: "yesterday" }),
      JSON.stringify({ event_id: "m", stream_id: "session-4", event_type: "data.ingested", timestamp: new Date(NOW).toISOString(), payload: [1] }),
      JSON.stringify([1, 2, 3]),
      "",
    ];
    const malformed = Array.from({ length: MALFORMED }, (_, i) => Buffer.from(malformedBodies[i % malformedBodies.length].replace('"m"', `"bad-${i}"`)));
    const duplicates = Array.from({ length: DUPLICATES }, () => valid[Math.floor(random() * valid.length)]);
    const outgoing = [...valid.map((v) => v.data), ...duplicates.map((d) => d.data), ...malformed.map((m, i) => ({ m, i }))].map((x) =>
      Buffer.isBuffer(x) ? { data: x, malformed: false } : { data: x.m, malformed: true },
    );
    for (let i = outgoing.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [outgoing[i], outgoing[j]] = [outgoing[j], outgoing[i]];
    }

    // --- two processor instances driven by pull subscriptions, as the trigger would drive them --
    const config = configFor(instanceId, { accepted: topics.accepted, dead: topics.dead });
    const lines: Record<string, unknown>[] = [];
    const acked = new Set<string>();
    const ackedEventIds = new Set<string>();
    const seen = new Set<string>();
    let nacks = 0;
    for (let i = 0; i < 2; i++) {
      const processor = createProcessor(config, clientsFor(config), { signer, log: { write: (e) => lines.push(e) }, retry: { attempts: 3, baseDelayMs: 20, maxDelayMs: 200 } });
      const handle = createCloudEventHandler(() => processor);
      const subscriber = pubsubClient().subscription(`${topics.events}-sub`, { flowControl: { maxMessages: 48, allowExcessMessages: false } });
      subscriber.on("message", (message: Message) => {
        // After the test (or the suite) is over, deliveries are left alone: the subscriber is closing.
        if (run.stopped || stopper.stopped) return;
        const cloudEvent: PubSubCloudEvent = {
          id: message.id,
          data: { message: { data: message.data.toString("base64"), messageId: message.id, publishTime: message.publishTime.toISOString(), attributes: message.attributes }, subscription: "acceptance" },
        };
        const first = !seen.has(message.id);
        seen.add(message.id);
        handle(cloudEvent).then(
          (result) => {
            // About 2% of first deliveries lose their ack (processed, then redelivered).
            if (first && createHash("sha256").update(message.id).digest()[0] < 5) {
              nacks++;
              message.nack();
              return;
            }
            message.ack();
            acked.add(message.id);
            if (result.record) ackedEventIds.add(result.record.event_id);
            else if (result.outcome === "duplicate") ackedEventIds.add(JSON.parse(message.data.toString()).event_id);
          },
          // A thrown error is a nack; the trigger's retry policy backs off before redelivering.
          () => setTimeout(() => message.nack(), 200),
        );
      });
      subscribers.push(subscriber);
      cleanups.push(() => subscriber.close());
    }

    // LEDGER_TEST_PROGRESS=1 prints the run's progress (for tuning; never asserted on).
    const progress = process.env.LEDGER_TEST_PROGRESS
      ? setInterval(() => {
          const counts = lines.reduce<Record<string, number>>((acc, l) => ({ ...acc, [String(l.outcome)]: (acc[String(l.outcome)] ?? 0) + 1 }), {});
          process.stderr.write(`progress: acked ${acked.size} ${JSON.stringify(counts)}\n`);
        }, 5000)
      : undefined;
    cleanups.push(async () => clearInterval(progress));

    const input = pubsub.topic(topics.events, { batching: { maxMessages: 1000, maxMilliseconds: 20 } });
    // Attributes keep the empty malformed message publishable (Pub/Sub refuses a message with neither).
    const messageIds = await Promise.all(outgoing.map((o) => input.publishMessage({ data: o.data, attributes: { source: "acceptance" } })));
    const malformedIds = new Set(messageIds.filter((_, i) => outgoing[i].malformed));

    // --- the Bigtable restart, once a third of the messages are acked -------------------------
    const status = () => `acked ${acked.size} of ${messageIds.length}, ${lines.length} deliveries logged, ${nacks} simulated lost acks`;
    const waitOptions = { stallMs: STALL_MS, pollMs: 50, stopper, describe: status };
    await waitForProgress("acks before the cut", () => acked.size >= CUT_AFTER_ACKS, () => acked.size, waitOptions);
    proxy.cut();
    const ackedBeforeCut = new Set(ackedEventIds);
    await new Promise((r) => setTimeout(r, 500)); // let requests already inside the emulator finish
    const snapshot = await snapshotBigtable(instanceId);
    await bigtableEmulator.stop();
    bigtableEmulator = await startEmulator("bigtable", { port: bigtableEmulator.port });
    await restoreBigtable(instanceId, snapshot);
    await new Promise((r) => setTimeout(r, 1000));
    const retriesDuringOutage = lines.filter((l) => l.outcome === "retry").length;
    proxy.restore();

    // Every message acked: progress is acks, so the wait lasts as long as the processors keep
    // working (reconnect back-off after the restart included) and fails only if they stop.
    await waitForProgress("acks after the restart", () => acked.size >= messageIds.length, () => acked.size, waitOptions);
    await Promise.all(subscribers.map((s) => s.close()));
    expect(acked.size).toBe(messageIds.length);

    // --- what the run proves --------------------------------------------------------------------
    // 1. Ack only after durable writes: every event acked before the cut was already in Bigtable
    //    at the cut (the snapshot), i.e. nothing was acknowledged that a crash could lose.
    const snapshotIds = new Set(
      snapshot.tables[BIGTABLE.eventsTable].flatMap((row) => row.cells.filter((c) => c.qualifier.toString() === "record").map((c) => (JSON.parse(c.value.toString()) as LedgerRecord).event_id)),
    );
    expect(ackedBeforeCut.size).toBeGreaterThan(0);
    expect([...ackedBeforeCut].filter((id) => !snapshotIds.has(id))).toEqual([]);
    // The outage was real: processors failed and gave messages back while Bigtable was gone.
    expect(retriesDuringOutage).toBeGreaterThan(0);

    // 2. Exactly once, one chain per stream, every chain verifies end to end (hashes, links,
    //    signatures of critical events, head = last link), across duplicates, lost acks,
    //    shuffled order, two racing instances and the restart.
    const store = new BigtableChainStore(clientsFor(config).bigtable, { projectId: PROJECT, instanceId });
    const verifier = new PublicKeyVerifier({ [signer.keyVersion]: signer.publicKeyPem });
    const stored: LedgerRecord[] = [];
    const heads = new Map<string, LedgerRecord>();
    for (let s = 0; s < STREAMS; s++) {
      const chain = await store.readChain(`session-${s}`);
      const head = (await store.readHead(`session-${s}`))!;
      heads.set(`session-${s}`, head);
      const report = await verifyChain(chain, verifier, { sequence: head.sequence, hash: head.hash });
      expect({ stream: s, problems: report.problems }).toEqual({ stream: s, problems: [] });
      expect(chain).toHaveLength(PER_STREAM);
      stored.push(...chain);
    }
    expect(stored).toHaveLength(valid.length);
    expect(new Set(stored.map((r) => r.event_id))).toEqual(new Set(valid.map((v) => v.id)));
    expect(stored.filter((r) => r.signature !== null).length).toBeGreaterThan(0);

    // 3. Firestore holds each stream's latest link.
    const state = new FirestoreStateStore(clientsFor(config).firestore);
    for (const [streamId, head] of heads) {
      expect(await state.readLatest(streamId)).toMatchObject({ sequence: PER_STREAM, hash: head.hash });
    }

    // 4. Every stored link was published to the accepted topic with its stored hash (BigQuery
    //    gets at-least-once delivery keyed by event_id; duplicates there are counted, not hidden).
    const byId = new Map(stored.map((r) => [r.event_id, r]));
    const distinctIds = (messages: readonly Message[], id: (m: Message) => string) => new Set(messages.map(id)).size;
    const rowId = (m: Message) => (JSON.parse(m.data.toString()) as BigQueryRow).event_id;
    const rows = (await drain(pubsub.subscription(`${topics.accepted}-sub`), (m) => distinctIds(m, rowId) >= byId.size)).map((m) => JSON.parse(m.data.toString()) as BigQueryRow);
    expect(new Set(rows.map((r) => r.event_id))).toEqual(new Set(byId.keys()));
    expect(rows.filter((r) => byId.get(r.event_id)?.hash !== r.hash)).toEqual([]);

    // 5. Malformed messages ended in the dead-letter topic, with reasons, and nowhere else.
    const dead = await drain(pubsub.subscription(`${topics.dead}-sub`), (m) => distinctIds(m, (x) => x.attributes.original_message_id) >= malformedIds.size);
    expect(new Set(dead.map((m) => m.attributes.original_message_id))).toEqual(malformedIds);
    expect(dead.every((m) => m.attributes.rejection_reasons.length > 0)).toBe(true);

    // 6. One structured log line per delivery: no chain violation, every outcome accounted for.
    expect(lines.every((l) => l[LOG_FIELDS.chainViolation] === false)).toBe(true);
    const acceptedLines = lines.filter((l) => l.outcome === "accepted").map((l) => l[LOG_FIELDS.eventId] as string);
    expect(new Set(acceptedLines).size).toBe(acceptedLines.length);
    expect(lines.filter((l) => l.outcome === "rejected").length).toBeGreaterThanOrEqual(MALFORMED);
    expect(lines.filter((l) => l.outcome === "duplicate").length).toBeGreaterThanOrEqual(DUPLICATES);

    const outcomes = lines.reduce<Record<string, number>>((acc, l) => ({ ...acc, [String(l.outcome)]: (acc[String(l.outcome)] ?? 0) + 1 }), {});
    process.stderr.write(
      `ledger acceptance: ${messageIds.length} messages, outcomes ${JSON.stringify(outcomes)}, simulated lost acks ${nacks}, ` +
        `acked before cut ${ackedBeforeCut.size}, accepted-topic rows ${rows.length} for ${byId.size} events, dead-lettered ${dead.length}\n`,
    );
    await pubsub.close();
  }
});
