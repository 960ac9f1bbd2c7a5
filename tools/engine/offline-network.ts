/**
 * Policies run offline. Some packs call cloud APIs from a policy (awsguard's ACM expiry and
 * IAM key-age checks use the AWS SDK; its credential chain would try the EC2 instance
 * metadata endpoint). While policies run, every outbound socket connection fails before any
 * DNS lookup or packet: the SDK call rejects, and the policy that made it is reported as its
 * pack's error, naming what it tried to reach.
 */
import * as net from "net";

export class OfflineNetworkError extends Error {}

type Connect = typeof net.Socket.prototype.connect;

function target(args: unknown[]): string {
  const [first, second] = args;
  // net.createConnection passes its normalized arguments as one array.
  if (Array.isArray(first)) return target(first);
  if (typeof first === "object" && first !== null) {
    const o = first as { host?: string; port?: number; path?: string };
    return o.path ?? `${o.host ?? "localhost"}:${o.port ?? "?"}`;
  }
  if (typeof first === "number") return `${typeof second === "string" ? second : "localhost"}:${first}`;
  return String(first);
}

let depth = 0;
let original: Connect | undefined;

/** Runs `fn` with outbound connections refused (nested calls share one guard). */
export async function withoutNetwork<T>(fn: () => Promise<T>): Promise<T> {
  if (depth++ === 0) {
    original = net.Socket.prototype.connect;
    net.Socket.prototype.connect = function refused(this: net.Socket, ...args: unknown[]) {
      const error = new OfflineNetworkError(`the offline engine has no network: a policy tried to connect to ${target(args)}`);
      process.nextTick(() => this.destroy(error));
      return this;
    } as Connect;
  }
  try {
    return await fn();
  } finally {
    if (--depth === 0 && original) {
      net.Socket.prototype.connect = original;
      original = undefined;
    }
  }
}
