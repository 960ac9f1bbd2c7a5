/**
 * The database bootstrap Job's script (components/k8s/postgres-role-bootstrap.ts), run for real
 * against a throwaway PostgreSQL 15 with an RDS-like master user (CREATEROLE/CREATEDB, not a
 * superuser): it creates the application role and its schema, the role can then create tables
 * there, a second run is a no-op apart from the new password, and a broken master secret fails
 * the Job instead of creating anything.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { BOOTSTRAP_SCRIPT } from "../components/k8s/postgres-role-bootstrap";
import { startPostgres, type PostgresServer } from "./support/postgres";

let pg: PostgresServer;

function psql(user: string, database: string, sql: string): string {
  const r = spawnSync("psql", ["-h", pg.host, "-p", String(pg.port), "-U", user, "-d", database, "-v", "ON_ERROR_STOP=1", "-At", "-c", sql], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`psql as ${user}: ${r.stderr}`);
  return r.stdout.trim();
}

/** Runs the Job's script as the container would: master secret file in BOOTSTRAP_DIR, env from the Job. */
function runBootstrap(masterJson: string, password: string): { status: number | null; stderr: string; secretLeft: boolean } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bootstrap-"));
  fs.writeFileSync(path.join(dir, "master.json"), masterJson);
  const r = spawnSync("sh", ["-c", BOOTSTRAP_SCRIPT], {
    encoding: "utf8",
    env: {
      PATH: process.env.PATH,
      BOOTSTRAP_DIR: dir,
      PGHOST: pg.host,
      PGPORT: String(pg.port),
      PGDATABASE: "neuroca",
      PGSSLMODE: "disable",
      APP_USER: "neuroca",
      APP_SCHEMA: "neuroca",
      APP_PASSWORD: password,
    },
  });
  const secretLeft = fs.existsSync(path.join(dir, "master.json"));
  fs.rmSync(dir, { recursive: true, force: true });
  return { status: r.status, stderr: r.stderr, secretLeft };
}

const passwordHash = () => psql("postgres", "postgres", "SELECT rolpassword FROM pg_authid WHERE rolname = 'neuroca'");

beforeAll(async () => {
  pg = await startPostgres();
  // Like an RDS master user: may create roles and databases, is not a superuser.
  psql("postgres", "postgres", "CREATE ROLE dbadmin LOGIN CREATEROLE CREATEDB PASSWORD 'master-pw'");
  psql("postgres", "postgres", "CREATE DATABASE neuroca OWNER dbadmin");
});
afterAll(async () => {
  await pg?.stop();
});

describe("PostgresRoleBootstrap script on a real PostgreSQL 15", () => {
  it("fails without creating anything when the master secret has no credentials", () => {
    const r = runBootstrap('{"engine":"postgres"}', "irrelevant");
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/no username\/password/);
    expect(psql("postgres", "postgres", "SELECT count(*) FROM pg_roles WHERE rolname = 'neuroca'")).toBe("0");
  });

  it("creates the login role and its schema as the non-superuser master, and removes the secret file", () => {
    expect(psql("postgres", "postgres", "SELECT rolsuper FROM pg_roles WHERE rolname = 'dbadmin'")).toBe("f");
    const r = runBootstrap('{"username":"dbadmin","password":"master-pw"}', "first-password");
    expect(r.stderr).not.toMatch(/ERROR/);
    expect(r.status).toBe(0);
    expect(r.secretLeft).toBe(false);
    expect(psql("postgres", "postgres", "SELECT rolcanlogin, rolsuper, rolcreaterole FROM pg_roles WHERE rolname = 'neuroca'")).toBe("t|f|f");
    expect(psql("postgres", "neuroca", "SELECT nspowner::regrole FROM pg_namespace WHERE nspname = 'neuroca'")).toBe("neuroca");
    expect(passwordHash()).toMatch(/^SCRAM-SHA-256\$/);
  });

  it("lets the application role create tables in its own schema (search_path set)", () => {
    psql("neuroca", "neuroca", "CREATE TABLE memories (id int PRIMARY KEY)");
    expect(psql("neuroca", "neuroca", "SELECT schemaname FROM pg_tables WHERE tablename = 'memories'")).toBe("neuroca");
    expect(psql("neuroca", "neuroca", "SELECT has_database_privilege('neuroca', 'neuroca', 'CREATE')")).toBe("t");
  });

  it("is idempotent: a second run keeps role, schema and tables, and only sets the new password", () => {
    const before = passwordHash();
    const r = runBootstrap('{"username":"dbadmin","password":"master-pw"}', "second-password");
    expect(r.status).toBe(0);
    expect(psql("postgres", "postgres", "SELECT count(*) FROM pg_roles WHERE rolname = 'neuroca'")).toBe("1");
    expect(psql("neuroca", "neuroca", "SELECT count(*) FROM neuroca.memories")).toBe("0");
    expect(passwordHash()).not.toBe(before);
  });
});

describe("PostgresRoleBootstrap scratch database", () => {
  it("creates the restore-test scratch database owned by the role, and a second run keeps it", () => {
    for (let run = 0; run < 2; run++) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bootstrap-"));
      fs.writeFileSync(path.join(dir, "master.json"), '{"username":"dbadmin","password":"master-pw"}');
      const r = spawnSync("sh", ["-c", BOOTSTRAP_SCRIPT], {
        encoding: "utf8",
        env: { PATH: process.env.PATH, BOOTSTRAP_DIR: dir, PGHOST: pg.host, PGPORT: String(pg.port), PGDATABASE: "neuroca", PGSSLMODE: "disable", APP_USER: "neuroca", APP_SCHEMA: "neuroca", APP_PASSWORD: "third-password", SCRATCH_DB: "neuroca_restore_check" },
      });
      fs.rmSync(dir, { recursive: true, force: true });
      expect(r.stderr).not.toMatch(/ERROR/);
      expect(r.status).toBe(0);
    }
    expect(psql("postgres", "postgres", "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'neuroca_restore_check'")).toBe("neuroca");
  });
});
