/**
 * A throwaway PostgreSQL 15 server for tests (Debian package postgresql-15): initdb into a temp
 * dir, listen on 127.0.0.1 at a random free port, trust auth (loopback only, throwaway data).
 * PostgreSQL refuses to run as root, so when the tests run as root the server runs as the
 * `postgres` system user (created by the Debian package) through `runuser`.
 *
 *   const pg = await startPostgres();   // in beforeAll
 *   ... pg.config("neuroca") ...
 *   await pg.stop();                    // in afterAll
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";

export interface PostgresServer {
  readonly host: "127.0.0.1";
  readonly port: number;
  /** Superuser name (trust auth, no password). */
  readonly superuser: "postgres";
  /** Stops the server abruptly (simulated outage: open connections die, uncommitted work is lost). */
  crash(): void;
  /** Starts the server again on the same port and data directory (after crash()). */
  restart(): void;
  /** Stops the server and deletes its data. */
  stop(): Promise<void>;
}

export const PG_BIN_DIR = process.env.PG_BIN_DIR ?? "/usr/lib/postgresql/15/bin";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      srv.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

function osUser(name: string): { uid: number; gid: number } | undefined {
  const r = spawnSync("id", ["-u", name], { encoding: "utf8" });
  if (r.status !== 0) return undefined;
  const g = spawnSync("id", ["-g", name], { encoding: "utf8" });
  return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
}

export async function startPostgres(): Promise<PostgresServer> {
  const initdb = path.join(PG_BIN_DIR, "initdb");
  const pgCtl = path.join(PG_BIN_DIR, "pg_ctl");
  if (!fs.existsSync(initdb) || !fs.existsSync(pgCtl)) {
    throw new Error(`PostgreSQL 15 server binaries not found in ${PG_BIN_DIR}: install the Debian package postgresql-15 (apt-get install -y postgresql-15) or set PG_BIN_DIR`);
  }
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? osUser("postgres") : undefined;
  if (asRoot && !owner) {
    throw new Error("running as root but the `postgres` system user does not exist (it comes with the Debian postgresql packages); PostgreSQL refuses to run as root");
  }
  // Run a PostgreSQL binary as the data directory's owner.
  const run = (bin: string, args: string[]): void => {
    const [cmd, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", bin, ...args]] : [bin, args];
    const r = spawnSync(cmd, argv, { encoding: "utf8", timeout: 60000 });
    if (r.status !== 0) throw new Error(`${path.basename(bin)} ${args.join(" ")} failed (${r.status}): ${r.stderr || r.stdout}`);
  };

  const root = fs.mkdtempSync(path.join(os.tmpdir(), "dsr-pg-"));
  const dataDir = path.join(root, "data");
  const socketDir = path.join(root, "sock");
  fs.mkdirSync(socketDir);
  if (owner) {
    for (const p of [root, socketDir]) fs.chownSync(p, owner.uid, owner.gid);
  }
  const logFile = path.join(root, "server.log");
  run(initdb, ["-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions"]);
  const port = await freePort();
  const options = [
    `-p ${port}`,
    `-k ${socketDir}`,
    "-c listen_addresses=127.0.0.1",
    // Throwaway data: no fsync (an OS crash may lose data, a server crash may not). Commits stay
    // synchronous: crash() must never lose a committed transaction, or outage tests would lie.
    "-c fsync=off",
    "-c full_page_writes=off",
  ].join(" ");
  const start = (): void => run(pgCtl, ["-D", dataDir, "-l", logFile, "-w", "-t", "60", "-o", options, "start"]);
  start();

  let stopped = false;
  return {
    host: "127.0.0.1",
    port,
    superuser: "postgres",
    crash: () => run(pgCtl, ["-D", dataDir, "-m", "immediate", "-w", "stop"]),
    restart: start,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      try {
        run(pgCtl, ["-D", dataDir, "-m", "fast", "-w", "stop"]);
      } catch {
        // already down (e.g. after crash()); nothing to stop
      }
      execFileSync("rm", ["-rf", root]);
    },
  };
}
