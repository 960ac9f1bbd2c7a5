/**
 * Redis adapter over ioredis. A subject's keys are `<prefix>:subject:<id>:*` (core/plan.ts);
 * they are found with SCAN (never KEYS, which blocks the server) and removed with UNLINK
 * (reclaims memory in the background). Requires a non-cluster endpoint (ElastiCache cluster
 * mode disabled): SCAN walks one node's keyspace.
 */
import type { Redis } from "ioredis";
import type { RedisScope } from "../core/plan";
import type { CacheEntry, SubjectCache } from "../core/ports";

export class RedisSubjectCache implements SubjectCache {
  constructor(
    private readonly redis: Redis,
    /** SCAN COUNT hint per round trip. */
    private readonly batch = 500,
  ) {}

  /** Keys matching the plan, batch by batch. SCAN may repeat keys; callers tolerate that (UNLINK of a gone key counts 0). */
  private async *scan(plan: RedisScope): AsyncGenerator<string[]> {
    let cursor = "0";
    do {
      const [next, keys] = await this.redis.scan(cursor, "MATCH", plan.redisPattern, "COUNT", this.batch);
      cursor = next;
      // Defence in depth: the pattern is escaped, but only ever touch keys with the literal prefix.
      const mine = keys.filter((k) => k.startsWith(plan.redisKeyPrefix));
      if (mine.length > 0) yield mine;
    } while (cursor !== "0");
  }

  async deleteAll(plan: RedisScope, onProgress?: (deleted: number) => void): Promise<number> {
    let deleted = 0;
    for await (const keys of this.scan(plan)) {
      deleted += await this.redis.unlink(...keys);
      onProgress?.(deleted);
    }
    return deleted;
  }

  async dump(plan: RedisScope): Promise<CacheEntry[]> {
    const keys = new Set<string>();
    for await (const batch of this.scan(plan)) for (const k of batch) keys.add(k);
    const entries: CacheEntry[] = [];
    for (const key of [...keys].sort()) {
      const type = await this.redis.type(key);
      if (type === "none") continue; // expired or deleted since SCAN
      const pttl = await this.redis.pttl(key);
      entries.push({ key, type, ttlMs: pttl >= 0 ? pttl : null, value: await this.value(key, type) });
    }
    return entries;
  }

  private async value(key: string, type: string): Promise<unknown> {
    switch (type) {
      case "string":
        return this.redis.get(key);
      case "hash":
        return this.redis.hgetall(key);
      case "list":
        return this.redis.lrange(key, 0, -1);
      case "set":
        return (await this.redis.smembers(key)).sort();
      case "zset": {
        const flat = (await this.redis.call("ZRANGE", key, "0", "-1", "WITHSCORES")) as string[];
        const members: { member: string; score: number }[] = [];
        for (let i = 0; i + 1 < flat.length; i += 2) members.push({ member: flat[i], score: Number(flat[i + 1]) });
        return members;
      }
      case "stream": {
        const entries = await this.redis.xrange(key, "-", "+");
        return entries.map(([id, fields]) => ({ id, fields: pairs(fields) }));
      }
      default:
        // Module types (e.g. JSON, vector sets) cannot be read generically; the key is still listed.
        return { unsupportedType: type };
    }
  }
}

function pairs(flat: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[flat[i]] = flat[i + 1];
  return out;
}
