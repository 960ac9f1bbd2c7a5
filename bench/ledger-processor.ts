/**
 * Benchmark of the ledger processor against the Google Cloud CLI emulators (not a test; prints
 * numbers, asserts nothing). Run: `node tools/run-ts.js bench/ledger-processor.ts [--events N]
 * [--concurrency C] [--runs R]`.
 *
 * 1. Floor: the bare emulator write latency (one Bigtable MutateRow of an event row, sequential),
 *    and the other tiers' bare writes beside it.
 * 2. Handler, one event at a time (per-event latency without queueing): p50 / p99.
 * 3. Handler under load (C events in flight over 50 streams): events/s, p50 / p99.
 * 4. The esbuild bundle (functions/bundle.ts bundleHandler): size, and cold start measured in
 *    fresh child processes (median of R): module load, and load + first event against the
 *    emulators, for the bundle versus the same handler loading its dependencies from
 *    node_modules. CPU time is printed beside wall time: this machine may be shared.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Bigtable } from "@google-cloud/bigtable";
import { PubSub } from "@google-cloud/pubsub";
import { buildSync } from "esbuild";
import { bundleHandler } from "../functions/bundle";
import { ledgerBundleOptions, LEDGER_ENTRY, LEDGER_EXTERNALS } from "../functions/ledger-processor/bundle-options";
import { loadConfig } from "../functions/ledger-processor/config";
import { closeClients, createClients, createProcessor } from "../functions/ledger-processor/runtime";
import { createCloudEventHandler, type PubSubCloudEvent } from "../functions/ledger-processor/handler";
import { BigtableChainStore } from "../functions/ledger-processor/adapters/bigtable-chain-store";
import { LocalKeySigner } from "../functions/ledger-processor/adapters/local-signer";
import { TopicPublisher, topicName } from "../functions/ledger-processor/adapters/pubsub-sinks";
import { EVENT_TYPES } from "../functions/ledger-processor/core/event";
import { BIGTABLE, ENV } from "../functions/ledger-processor/layout";
import { startEmulators, type Emulator } from "../tests/support/gcloud-emulators";

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const EVENTS = arg("events", 5000);
const CONCURRENCY = arg("concurrency", 32);
const SEQUENTIAL = arg("sequential", 1000);
const RUNS = arg("runs", 7);
const STREAMS = 50;
const PROJECT = "neurastack-bench";
const ROOT = path.join(__dirname, "..");

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}
function summary(samples: number[]): { p50: number; p99: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: pct(s, 0.5), p99: pct(s, 0.99) };
}
const ms = (n: number) => `${n.toFixed(2)} ms`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function eventBody(i: number, stream: number, tag: string) {
  return {
    event_id: `${tag}-${i}`,
    stream_id: `${tag}-stream-${stream}`,
    event_type: EVENT_TYPES[i % EVENT_TYPES.length],
    timestamp: new Date(Date.now() - 60_000).toISOString(),
    payload: { n: i, channel: i % 64, quality: 0.97, device: "eeg-headset-7" },
  };
}

function cloudEvent(body: object, id: string): PubSubCloudEvent {
  return { id, data: { message: { data: Buffer.from(JSON.stringify(body)).toString("base64"), messageId: id, publishTime: new Date().toISOString() } } };
}

async function timeOps(n: number, op: (i: number) => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < Math.min(100, n); i++) await op(-1 - i); // warm the channel and the JIT
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await op(i);
    samples.push(performance.now() - t0);
  }
  return samples;
}

/** Runs `script` in a fresh node process R times; returns median wall and CPU ms it reports. */
function childTimes(script: string, env: NodeJS.ProcessEnv, cwd: string): { wall: number; cpu: number } {
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const out = execFileSync(process.execPath, ["-e", script], { env: { ...process.env, ...env }, cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    const line = out.trim().split("\n").pop() ?? "";
    const m = /^TIMES (\S+) (\S+)$/.exec(line);
    if (!m) throw new Error(`child printed ${JSON.stringify(out.slice(-400))}`);
    walls.push(Number(m[1]));
    cpus.push(Number(m[2]));
  }
  return { wall: median(walls), cpu: median(cpus) };
}

const LOAD_ONLY = `
const t0 = performance.now(); const c0 = process.cpuUsage();
const mod = require(process.env.ENTRY);
if (typeof mod.processLedgerEvent !== "function") throw new Error("no processLedgerEvent");
const c = process.cpuUsage(c0);
console.log("TIMES " + (performance.now() - t0).toFixed(1) + " " + ((c.user + c.system) / 1000).toFixed(1));
`;

const FIRST_EVENT = `
const t0 = performance.now(); const c0 = process.cpuUsage();
const out = process.stdout.write.bind(process.stdout); process.stdout.write = () => true;
const mod = require(process.env.ENTRY);
const body = { event_id: "cold-" + process.pid + "-" + Date.now(), stream_id: "cold-" + process.pid, event_type: "device.connected", timestamp: new Date().toISOString(), payload: { n: 1 } };
mod.processLedgerEvent({ id: "1", data: { message: { data: Buffer.from(JSON.stringify(body)).toString("base64"), messageId: "1" } } }).then(() => {
  const c = process.cpuUsage(c0);
  out("TIMES " + (performance.now() - t0).toFixed(1) + " " + ((c.user + c.system) / 1000).toFixed(1) + "\\n");
  process.exit(0);
}, (e) => { out(String(e && e.stack || e) + "\\n"); process.exit(1); });
`;

async function main(): Promise<void> {
  const warnings: string[] = [];
  process.removeAllListeners("warning");
  process.on("warning", (w) => warnings.push(w.message));
  const t0 = Date.now();
  const emulators = (await startEmulators()) as Record<"pubsub" | "bigtable" | "firestore", Emulator>;
  const startup = Object.values(emulators).map((e) => `${e.kind} ${(e.startupMs / 1000).toFixed(1)} s`).join(", ");
  console.log(`emulators ready in ${((Date.now() - t0) / 1000).toFixed(1)} s (${startup}); ${os.cpus().length} CPUs, load ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
  const emulatorEnv = {
    // No GCE metadata server here: skip the client libraries' probe for one (it only adds delay).
    METADATA_SERVER_DETECTION: "none",
    PUBSUB_EMULATOR_HOST: emulators.pubsub.hostPort,
    BIGTABLE_EMULATOR_HOST: emulators.bigtable.hostPort,
    FIRESTORE_EMULATOR_HOST: emulators.firestore.hostPort,
  };
  Object.assign(process.env, emulatorEnv);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ledger-bench-"));
  try {
    const admin = new Bigtable({ projectId: PROJECT, apiEndpoint: emulators.bigtable.hostPort, metricsEnabled: false });
    const instanceId = "bench";
    await admin.instance(instanceId).createTable(BIGTABLE.eventsTable, { families: [BIGTABLE.eventsFamily] });
    await admin.instance(instanceId).createTable(BIGTABLE.headsTable, { families: [BIGTABLE.headsFamily, BIGTABLE.indexFamily] });
    const pubsub = new PubSub({ projectId: PROJECT });
    await pubsub.createTopic("accepted");
    await pubsub.createTopic("dead-letter");
    const env = { [ENV.projectId]: PROJECT, [ENV.bigtableInstance]: instanceId, [ENV.acceptedTopic]: "accepted", [ENV.deadLetterTopic]: "dead-letter" };
    const config = loadConfig(env);
    const clients = createClients(config);
    const signer = new LocalKeySigner();
    let logged = 0;
    const processor = createProcessor(config, clients, { signer, log: { write: () => void logged++ } });
    const handle = createCloudEventHandler(() => processor);

    // 1. the floor: bare writes of an event-sized row, one at a time
    const store = new BigtableChainStore(clients.bigtable, { projectId: PROJECT, instanceId });
    const sample = { ...eventBody(0, 0, "bare"), sequence: 1, hash: "a".repeat(64), prev_hash: "0".repeat(64), signature: null, signing_key_version: null } as const;
    const bareBigtable = summary(await timeOps(SEQUENTIAL, (i) => store.writeEvent({ ...sample, sequence: i + 1000 })));
    const doc = clients.firestore.collection("bench").doc("bare");
    const bareFirestore = summary(await timeOps(SEQUENTIAL, (i) => doc.set({ sequence: i, hash: sample.hash })));
    const publisher = new TopicPublisher(clients.publisher, topicName(PROJECT, "accepted"));
    const barePubsub = summary(await timeOps(SEQUENTIAL, () => publisher.publish({ data: Buffer.from(JSON.stringify(sample)) })));
    const bareAll = summary(
      await timeOps(SEQUENTIAL, (i) =>
        Promise.all([store.writeEvent({ ...sample, sequence: i + 5000 }), doc.set({ sequence: i }), publisher.publish({ data: Buffer.from(JSON.stringify(sample)) })]),
      ),
    );

    // 2. the handler, one event at a time
    const seq = summary(await timeOps(SEQUENTIAL, (i) => handle(cloudEvent(eventBody(i < 0 ? 1e6 - i : i, Math.abs(i) % STREAMS, i < 0 ? "warm" : "seq"), `seq-${i}`))));

    // 3. the handler under load
    const latencies: number[] = [];
    let next = 0;
    const cpu0 = process.cpuUsage();
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < EVENTS) {
          const i = next++;
          const t = performance.now();
          await handle(cloudEvent(eventBody(i, i % STREAMS, "load"), `load-${i}`));
          latencies.push(performance.now() - t);
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const load = summary(latencies);
    await closeClients(clients);
    await admin.close();
    await pubsub.close();

    // 4. bundle size and cold start
    const bundleOptions = ledgerBundleOptions();
    const bundle = bundleHandler(bundleOptions);
    const bundledDir = path.join(tmp, "bundled");
    fs.mkdirSync(bundledDir);
    fs.writeFileSync(path.join(bundledDir, "index.js"), bundle.code);
    // Alternatives to the configured externals, for comparison.
    const alternative = (name: string, external: string[]) => {
      const out = buildSync({ entryPoints: [path.join(ROOT, "functions", LEDGER_ENTRY)], bundle: true, minify: true, platform: "node", format: "cjs", target: "node22", write: false, legalComments: "none", logLevel: "silent", external });
      const file = path.join(tmp, name.replace(/\W+/g, "-"), "index.js");
      fs.mkdirSync(path.dirname(file));
      fs.writeFileSync(file, out.outputFiles[0].contents);
      return { name, file, bytes: out.outputFiles[0].contents.byteLength };
    };
    // "Unbundled": the same handler code, every package loaded from node_modules.
    const unbundled = buildSync({ entryPoints: [path.join(ROOT, "functions", LEDGER_ENTRY)], bundle: true, packages: "external", platform: "node", format: "cjs", target: "node22", write: false, logLevel: "silent" });
    const unbundledFile = path.join(tmp, "unbundled", "index.js");
    fs.mkdirSync(path.dirname(unbundledFile));
    fs.writeFileSync(unbundledFile, unbundled.outputFiles[0].contents);
    // Packages outside the bundle resolve from the repository's node_modules (NODE_PATH), as the
    // Cloud Functions build would install them next to index.js.
    const nodePath = { NODE_PATH: path.join(ROOT, "node_modules") };
    const childEnv = { ...emulatorEnv, ...env, ...nodePath };
    const configured = LEDGER_EXTERNALS.length ? `${LEDGER_EXTERNALS.join(", ")} external` : "everything inside";
    const variants = [
      { name: `bundle as configured (${configured})`, file: path.join(bundledDir, "index.js"), bytes: bundle.bytes },
      ...(LEDGER_EXTERNALS.length ? [alternative("bundle (everything inside)", [])] : []),
      alternative("bundle (firestore external)", ["@google-cloud/firestore"]),
      alternative("bundle (firestore, google-gax, grpc-js external)", ["@google-cloud/firestore", "google-gax", "@grpc/grpc-js", "protobufjs"]),
      { name: "unbundled (node_modules)", file: unbundledFile, bytes: fs.statSync(unbundledFile).size },
    ];
    const cold = variants.map((v) => ({
      ...v,
      load: childTimes(LOAD_ONLY, { ...childEnv, ENTRY: v.file }, path.dirname(v.file)),
      first: childTimes(FIRST_EVENT, { ...childEnv, ENTRY: v.file }, path.dirname(v.file)),
    }));

    const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
    const base = cold[cold.length - 1];
    console.log("");
    console.log("ledger-processor benchmark (emulators on loopback; targets in brackets)");
    console.log(`  bare emulator write, Bigtable MutateRow (the floor)  p50 ${ms(bareBigtable.p50)}  p99 ${ms(bareBigtable.p99)}`);
    console.log(`  bare Firestore set                                   p50 ${ms(bareFirestore.p50)}  p99 ${ms(bareFirestore.p99)}`);
    console.log(`  bare Pub/Sub publish                                 p50 ${ms(barePubsub.p50)}  p99 ${ms(barePubsub.p99)}`);
    console.log(`  bare write to all three tiers in parallel            p50 ${ms(bareAll.p50)}  p99 ${ms(bareAll.p99)}`);
    console.log(
      `  handler, one event at a time (${SEQUENTIAL})             p50 ${ms(seq.p50)}  p99 ${ms(seq.p99)} [< 10 ms]  ` +
        `p50 = ${ratio(seq.p50, bareBigtable.p50)} bare write [<= 1.5x], ${ratio(seq.p50, bareAll.p50)} all-tier write`,
    );
    console.log(
      `  handler under load (${EVENTS} events, ${CONCURRENCY} in flight, ${STREAMS} streams)  ${(EVENTS / elapsed).toFixed(0)} events/s [>= 2000]  ` +
        `p50 ${ms(load.p50)}  p99 ${ms(load.p99)}  client CPU ${(((cpu.user + cpu.system) / 1000) / EVENTS).toFixed(2)} ms/event`,
    );
    for (const c of cold) {
      console.log(
        `  ${c.name.padEnd(52)} ${(c.bytes / 1024 / 1024).toFixed(2)} MB  module load ${c.load.wall} ms (cpu ${c.load.cpu}) = ${ratio(c.load.wall, base.load.wall)}  ` +
          `load + first event ${c.first.wall} ms (cpu ${c.first.cpu}) = ${ratio(c.first.wall, base.first.wall)}`,
      );
    }
    console.log(`  [bundle < 2 MB; bundled cold load <= 0.2x unbundled]  (${RUNS} fresh processes each, medians; ${logged} log lines written)`);
    if (warnings.length) console.log(`  (warnings: ${[...new Set(warnings)].join("; ").slice(0, 200)})`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
    await Promise.all(Object.values(emulators).map((e) => e.stop()));
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
