/**
 * SNN-Fusion's database role: the shared bootstrap block (components/k8s/postgres-role-bootstrap.ts)
 * in IAM mode, run for real against a throwaway PostgreSQL 15 with an RDS-like master user
 * (CREATEROLE/CREATEDB, not a superuser) and the `rds_iam` role RDS provides. The API connects
 * as `snn_fusion_app` with IAM tokens only (components/systems/snn-fusion/names.ts).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { bootstrapScript } from "../components/k8s/postgres-role-bootstrap";
import { DB_IAM_USER, DB_NAME, DB_SCHEMA } from "../components/systems/snn-fusion/names";
import { startPostgres, type PostgresServer } from "./support/postgres";

let pg: PostgresServer;

function psql(user: string, database: string, sql: string, password?: string): { status: number | null; out: string; err: string } {
  const r = spawnSync("psql", ["-h", pg.host, "-p", String(pg.port), "-U", user, "-d", database, "-v", "ON_ERROR_STOP=1", "-At", "-c", sql], {
    encoding: "utf8",
    env: { PATH: process.env.PATH, ...(password ? { PGPASSWORD: password } : {}) },
  });
  return { status: r.status, out: r.stdout.trim(), err: r.stderr };
}
const query = (user: string, database: string, sql: string): string => {
  const r = psql(user, database, sql);
  if (r.status !== 0) throw new Error(`psql as ${user}: ${r.err}`);
  return r.out;
};

function runBootstrap(masterJson: string): { status: number | null; stderr: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "snn-bootstrap-"));
  fs.writeFileSync(path.join(dir, "master.json"), masterJson);
  const r = spawnSync("sh", ["-c", bootstrapScript("iam")], {
    encoding: "utf8",
    env: { PATH: process.env.PATH, BOOTSTRAP_DIR: dir, PGHOST: pg.host, PGPORT: String(pg.port), PGDATABASE: DB_NAME, PGSSLMODE: "disable", APP_USER: DB_IAM_USER, APP_SCHEMA: DB_SCHEMA },
  });
  fs.rmSync(dir, { recursive: true, force: true });
  return { status: r.status, stderr: r.stderr };
}

// The shape PostgresDatabase's rotated master secret has (rotated-master-secret.ts).
const MASTER = JSON.stringify({ engine: "postgres", host: "127.0.0.1", port: 5432, username: "dbadmin", password: "Master0Pw1Generated", dbname: DB_NAME, dbInstanceIdentifier: "snn-fusion-us-east-1-production" });

beforeAll(async () => {
  pg = await startPostgres();
  query("postgres", "postgres", "CREATE ROLE rds_iam NOLOGIN");
  query("postgres", "postgres", "CREATE ROLE dbadmin LOGIN CREATEROLE CREATEDB PASSWORD 'Master0Pw1Generated'");
  query("postgres", "postgres", `CREATE DATABASE ${DB_NAME} OWNER dbadmin`);
  // Password logins must really be checked for the "no password" assertion below.
  query("postgres", "postgres", "ALTER SYSTEM SET password_encryption = 'scram-sha-256'");
});
afterAll(async () => {
  await pg?.stop();
});

describe("SNN-Fusion role bootstrap (IAM mode) on a real PostgreSQL 15", () => {
  it("creates snn_fusion_app with rds_iam, no password, and its own schema", () => {
    const r = runBootstrap(MASTER);
    expect(r.stderr).not.toMatch(/ERROR/);
    expect(r.status).toBe(0);
    expect(query("postgres", "postgres", `SELECT rolcanlogin, rolsuper, rolcreaterole, rolpassword IS NULL FROM pg_authid WHERE rolname = '${DB_IAM_USER}'`)).toBe("t|f|f|t");
    expect(query("postgres", "postgres", `SELECT pg_has_role('${DB_IAM_USER}', 'rds_iam', 'MEMBER')`)).toBe("t");
    expect(query("postgres", DB_NAME, `SELECT nspowner::regrole FROM pg_namespace WHERE nspname = '${DB_SCHEMA}'`)).toBe(DB_IAM_USER);
  });

  it("lets the role create and use tables in its schema (search_path set)", () => {
    query(DB_IAM_USER, DB_NAME, "CREATE TABLE fusion_runs (id int PRIMARY KEY)");
    query(DB_IAM_USER, DB_NAME, "INSERT INTO fusion_runs VALUES (1)");
    expect(query(DB_IAM_USER, DB_NAME, "SELECT schemaname FROM pg_tables WHERE tablename = 'fusion_runs'")).toBe(DB_SCHEMA);
  });

  it("is idempotent, and removes a password someone set by hand (IAM tokens only)", () => {
    query("postgres", "postgres", `ALTER ROLE ${DB_IAM_USER} PASSWORD 'hand-set'`);
    expect(runBootstrap(MASTER).status).toBe(0);
    expect(query("postgres", "postgres", `SELECT rolpassword IS NULL FROM pg_authid WHERE rolname = '${DB_IAM_USER}'`)).toBe("t");
    expect(query(DB_IAM_USER, DB_NAME, "SELECT count(*) FROM fusion_runs")).toBe("1");
  });

  it("fails without touching anything when the master secret lacks credentials", () => {
    const r = runBootstrap('{"engine":"postgres"}');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/no username\/password/);
  });
});
