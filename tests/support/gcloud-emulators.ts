/**
 * Starts and stops the Google Cloud CLI emulators (Pub/Sub, Bigtable, Firestore) for tests and
 * benchmarks, on free loopback ports. The gcloud wrapper is a Python process that spawns the
 * emulator (java, or the cbtemulator binary) as a child, so each emulator is started in its own
 * process group (detached) and stopped by signalling the whole group.
 *
 * Also here: a TCP proxy that can cut and restore a client's connection to an emulator, for
 * outage tests (the emulators keep data in memory, so a restart is modelled as: cut traffic,
 * snapshot, restart the process, restore, reconnect).
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as http from "node:http";
import * as net from "node:net";

export type EmulatorKind = "pubsub" | "bigtable" | "firestore";

export interface Emulator {
  readonly kind: EmulatorKind;
  /** `127.0.0.1:<port>`, the value of the *_EMULATOR_HOST variable. */
  readonly hostPort: string;
  readonly port: number;
  /** Milliseconds from spawn to ready (for the record; tests never assert on it). */
  readonly startupMs: number;
  /** Everything the emulator printed (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

/** The environment variable each client library reads. */
export const EMULATOR_ENV: Record<EmulatorKind, string> = {
  pubsub: "PUBSUB_EMULATOR_HOST",
  bigtable: "BIGTABLE_EMULATOR_HOST",
  firestore: "FIRESTORE_EMULATOR_HOST",
};

const COMMANDS: Record<EmulatorKind, (hostPort: string, project: string) => string[]> = {
  pubsub: (hp, project) => ["beta", "emulators", "pubsub", "start", `--host-port=${hp}`, `--project=${project}`],
  bigtable: (hp) => ["beta", "emulators", "bigtable", "start", `--host-port=${hp}`],
  firestore: (hp) => ["emulators", "firestore", "start", `--host-port=${hp}`],
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function tcpOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Pub/Sub and Firestore answer plain HTTP GET / with 200 once they serve. */
function httpOk(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: "127.0.0.1", port, path: "/", timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.once("error", () => resolve(false));
    req.once("timeout", () => {
      req.destroy();
      resolve(false);
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface StartOptions {
  /** Fixed port (restart on the same address); default a free one. */
  readonly port?: number;
  readonly project?: string;
  /**
   * Give up after this long. Default 300 s: a JVM start-up on a 2-core machine shared with other
   * CPU-heavy work took over 90 s; the wait ends early if the process exits.
   */
  readonly timeoutMs?: number;
}

export async function startEmulator(kind: EmulatorKind, options: StartOptions = {}): Promise<Emulator> {
  const port = options.port ?? (await freePort());
  const hostPort = `127.0.0.1:${port}`;
  const started = Date.now();
  const child: ChildProcess = spawn("gcloud", COMMANDS[kind](hostPort, options.project ?? "neurastack-test"), {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, CLOUDSDK_CORE_DISABLE_PROMPTS: "1" },
  });
  let log = "";
  const append = (chunk: Buffer) => {
    log += chunk.toString();
    if (log.length > 200_000) log = log.slice(-100_000);
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once("exit", () => ((exited = true), resolve())));

  const stop = async (): Promise<void> => {
    if (exited || child.pid === undefined) return;
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const killed = await Promise.race([exit.then(() => true), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 5000)))]);
    clearTimeout(timer);
    if (!killed) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        /* already gone */
      }
      await exit;
    }
    // The group's children (java) may outlive the wrapper by a moment: wait for the port to close.
    for (let i = 0; i < 100 && (await tcpOpen(port)); i++) await sleep(100);
  };

  // A jest worker that dies (or a test that never reaches afterAll) must not leave the java
  // process group running: kill it when this process exits, whatever the reason.
  const killOnExit = () => {
    if (!exited && child.pid !== undefined) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        /* already gone */
      }
    }
  };
  process.once("exit", killOnExit);
  void exit.then(() => process.off("exit", killOnExit));

  const timeoutMs = options.timeoutMs ?? 300_000;
  const deadline = started + timeoutMs;
  for (;;) {
    if (exited) throw new Error(`${kind} emulator exited during start-up:\n${log}`);
    const ready = kind === "bigtable" ? await tcpOpen(port) : await httpOk(port);
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${kind} emulator not ready on ${hostPort} after ${timeoutMs} ms:\n${log}`);
    }
    await sleep(100);
  }
  return { kind, hostPort, port, startupMs: Date.now() - started, output: () => log, stop };
}

export type Emulators = Record<EmulatorKind, Emulator>;

/** Starts all three in parallel; on failure stops the ones that did start. */
export async function startEmulators(kinds: readonly EmulatorKind[] = ["pubsub", "bigtable", "firestore"]): Promise<Partial<Emulators>> {
  const results = await Promise.allSettled(kinds.map((k) => startEmulator(k)));
  const started = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) {
    await Promise.all(started.map((e) => e.stop()));
    throw failed.reason;
  }
  return Object.fromEntries(started.map((e) => [e.kind, e])) as Partial<Emulators>;
}

/** Sets the *_EMULATOR_HOST variables for the client libraries; returns a function that restores them. */
export function useEmulatorEnv(emulators: Partial<Record<EmulatorKind, { hostPort: string }>>): () => void {
  const saved = new Map<string, string | undefined>();
  for (const [kind, emulator] of Object.entries(emulators) as [EmulatorKind, { hostPort: string }][]) {
    const name = EMULATOR_ENV[kind];
    saved.set(name, process.env[name]);
    process.env[name] = emulator.hostPort;
  }
  return () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

/**
 * A loopback TCP proxy in front of an emulator. `cut()` drops every connection and refuses new
 * ones (clients see resets / UNAVAILABLE, exactly like a server going away); `restore()`
 * forwards again, optionally to a new target port.
 */
export class TcpProxy {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private down = false;
  port = 0;

  constructor(private targetPort: number) {}

  get hostPort(): string {
    return `127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.server = net.createServer((client) => {
      if (this.down) {
        client.destroy();
        return;
      }
      const upstream = net.connect({ host: "127.0.0.1", port: this.targetPort });
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on("close", () => this.sockets.delete(s));
        s.on("error", () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    const address = this.server.address();
    this.port = typeof address === "object" && address ? address.port : 0;
    return this;
  }

  cut(): void {
    this.down = true;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  restore(targetPort = this.targetPort): void {
    this.targetPort = targetPort;
    this.down = false;
  }

  async stop(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
