/**
 * The local test servers refuse to be silently absent: a missing binary fails with the Debian
 * package to install (the store tests must never skip).
 */
import { redisServerBinary, startRedis } from "../../tests/support/redis";
import { startPostgres } from "../../tests/support/postgres";

it("the Redis test server fails loudly (naming the Debian package) when redis-server is missing", async () => {
  const saved = { PATH: process.env.PATH, REDIS_SERVER_BIN: process.env.REDIS_SERVER_BIN };
  try {
    delete process.env.REDIS_SERVER_BIN;
    process.env.PATH = "/nonexistent";
    expect(() => redisServerBinary()).toThrow(/apt-get install -y redis-server/);
    process.env.PATH = saved.PATH;
    process.env.REDIS_SERVER_BIN = "/nonexistent/redis-server";
    await expect(startRedis()).rejects.toThrow(/did not start.*cannot run/s);
  } finally {
    process.env.PATH = saved.PATH;
    if (saved.REDIS_SERVER_BIN === undefined) delete process.env.REDIS_SERVER_BIN;
    else process.env.REDIS_SERVER_BIN = saved.REDIS_SERVER_BIN;
  }
});

it("the PostgreSQL test server names the Debian package when its binaries are missing", async () => {
  jest.resetModules();
  const saved = process.env.PG_BIN_DIR;
  process.env.PG_BIN_DIR = "/nonexistent/pg/bin";
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fresh = require("../../tests/support/postgres") as { startPostgres: typeof startPostgres };
    await expect(fresh.startPostgres()).rejects.toThrow(/install the Debian package postgresql-15/);
  } finally {
    if (saved === undefined) delete process.env.PG_BIN_DIR;
    else process.env.PG_BIN_DIR = saved;
  }
});
