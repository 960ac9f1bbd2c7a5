/**
 * A throwaway Redis server for tests (Debian package redis-server) on 127.0.0.1 at a random free
 * port, no persistence. Missing binary -> a clear error (tests fail, never skip silently).
 */
import { spawn, spawnSync, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";

export interface RedisServer {
  readonly host: "127.0.0.1";
  readonly port: number;
  stop(): Promise<void>;
}

export function redisServerBinary(): string {
  const fromEnv = process.env.REDIS_SERVER_BIN;
  if (fromEnv) return fromEnv;
  const which = spawnSync("/bin/sh", ["-c", "command -v redis-server"], { encoding: "utf8", env: { PATH: process.env.PATH ?? "" } });
  const found = which.status === 0 ? which.stdout.trim() : "";
  if (found === "") {
    throw new Error("redis-server not found on PATH: install the Debian package redis-server (apt-get install -y redis-server) or set REDIS_SERVER_BIN");
  }
  return found;
}

async function freePort(): Promise<number> {
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

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    let data = "";
    socket.setTimeout(500);
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", (d) => {
      data += d.toString();
      if (data.includes("\r\n")) {
        socket.destroy();
        resolve(data.startsWith("+PONG"));
      }
    });
    socket.on("error", () => resolve(false));
    socket.on("timeout", () => {
      socket.destroy();
      resolve(false);
    });
  });
}

export async function startRedis(): Promise<RedisServer> {
  const bin = redisServerBinary();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dsr-redis-"));
  const port = await freePort();
  const child: ChildProcess = spawn(bin, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir, "--daemonize", "no", "--loglevel", "warning"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  let exited = false;
  child.on("exit", () => (exited = true));
  child.on("error", (err) => {
    exited = true;
    output += `cannot run ${bin}: ${err.message}`;
  });
  for (let i = 0; i < 100 && !exited; i++) {
    if (await ping(port)) {
      return {
        host: "127.0.0.1",
        port,
        stop: async () => {
          if (!exited) {
            const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
            child.kill("SIGTERM");
            await gone;
          }
          fs.rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill("SIGKILL");
  fs.rmSync(dir, { recursive: true, force: true });
  throw new Error(`redis-server did not start on port ${port}: ${output}`);
}
