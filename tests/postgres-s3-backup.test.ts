/**
 * The logical backup and restore test of components/k8s/postgres-s3-backup.ts, run for real
 * against a throwaway PostgreSQL 15: the dump script as the application role, then the restore
 * check into a scratch database (the S3 legs are aws-cli copies of the directory). The check
 * passes on a good dump, fails on a corrupt or missing one, and leaves no restored data behind.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DUMP_SCRIPT, RESTORE_CHECK_SCRIPT } from "../components/k8s/postgres-s3-backup";
import { startPostgres, type PostgresServer } from "./support/postgres";

let pg: PostgresServer;
let dir: string;

function psql(database: string, sql: string, user = "postgres"): string {
  const r = spawnSync("psql", ["-h", pg.host, "-p", String(pg.port), "-U", user, "-d", database, "-v", "ON_ERROR_STOP=1", "-At", "-c", sql], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`psql: ${r.stderr}`);
  return r.stdout.trim();
}
function run(script: string, env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync("sh", ["-c", script], { encoding: "utf8", env: { PATH: process.env.PATH, PGHOST: pg.host, PGPORT: String(pg.port), PGUSER: "app", PGSSLMODE: "disable", ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
const dump = () => run(DUMP_SCRIPT, { PGDATABASE: "ledger", BACKUP_DIR: dir });
const check = () => run(RESTORE_CHECK_SCRIPT, { PGDATABASE: "ledger", RESTORE_DIR: dir, SCRATCH_DB: "ledger_restore_check" });

beforeAll(async () => {
  pg = await startPostgres();
  psql("postgres", "CREATE ROLE app LOGIN");
  psql("postgres", "CREATE DATABASE ledger OWNER app");
  psql("postgres", "CREATE DATABASE ledger_restore_check OWNER app");
  psql("ledger", "CREATE SCHEMA zkp_ledger AUTHORIZATION app", "app");
  psql("ledger", "CREATE TABLE zkp_ledger.entries (id int PRIMARY KEY, note text)", "app");
  psql("ledger", "INSERT INTO zkp_ledger.entries SELECT g, 'row ' || g FROM generate_series(1, 250) g", "app");
  psql("ledger", "CREATE TABLE zkp_ledger.proofs (id int PRIMARY KEY, entry int REFERENCES zkp_ledger.entries(id))", "app");
  psql("ledger", "INSERT INTO zkp_ledger.proofs SELECT g, g FROM generate_series(1, 40) g", "app");
});
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pg-backup-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
afterAll(async () => {
  await pg?.stop();
});

describe("PostgresS3Backup scripts on a real PostgreSQL 15", () => {
  it("dumps as the application role, with a checksum beside the dump", () => {
    const r = dump();
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(fs.statSync(path.join(dir, "database.dump")).size).toBeGreaterThan(0);
    expect(fs.readFileSync(path.join(dir, "database.dump.sha256"), "utf8")).toMatch(/^[0-9a-f]{64}  database\.dump\n$/);
  });

  it("restores the latest dump into the scratch database, checks every table's rows, and drops the copy", () => {
    expect(dump().status).toBe(0);
    const r = check();
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("2 tables restored and verified");
    // Nothing of the restored copy stays in the scratch database.
    expect(psql("ledger_restore_check", "SELECT count(*) FROM pg_tables WHERE schemaname = 'zkp_ledger'")).toBe("0");
    // The live database is untouched.
    expect(psql("ledger", "SELECT count(*) FROM zkp_ledger.entries")).toBe("250");
  });

  it("fails on a corrupt dump (checksum) and on a missing one", () => {
    expect(dump().status).toBe(0);
    const file = path.join(dir, "database.dump");
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 10] ^= 0xff;
    fs.writeFileSync(file, bytes);
    const corrupt = check();
    expect(corrupt.status).not.toBe(0);
    expect(corrupt.stderr).toMatch(/checksum mismatch/);
    fs.rmSync(file);
    const missing = check();
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toMatch(/no database dump/);
  });

  it("fails when a restored table does not hold the rows the dump holds", () => {
    expect(dump().status).toBe(0);
    // A scratch database that rejects part of the data (a trigger drops rows): the restore test must notice.
    psql("ledger_restore_check", "CREATE FUNCTION public.drop_some() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.id % 2 = 0 THEN RETURN NULL; END IF; RETURN NEW; END $$");
    psql(
      "ledger_restore_check",
      "CREATE FUNCTION public.arm() RETURNS event_trigger LANGUAGE plpgsql AS $$ DECLARE r record; BEGIN FOR r IN SELECT objid::regclass AS t FROM pg_event_trigger_ddl_commands() WHERE command_tag = 'CREATE TABLE' LOOP IF r.t::text = 'zkp_ledger.proofs' THEN EXECUTE 'CREATE TRIGGER lossy BEFORE INSERT ON zkp_ledger.proofs FOR EACH ROW EXECUTE FUNCTION public.drop_some()'; END IF; END LOOP; END $$",
    );
    psql("ledger_restore_check", "CREATE EVENT TRIGGER arm_lossy ON ddl_command_end EXECUTE FUNCTION public.arm()");
    const r = check();
    psql("ledger_restore_check", "DROP EVENT TRIGGER arm_lossy");
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/zkp_ledger\.proofs has 20 rows, the dump 40/);
  });
});
