/**
 * DDL for the NCA subject data model (core/plan.ts) and the append-only DSR audit table, plus the
 * grants of the handler's least-privilege database role. Idempotent (IF NOT EXISTS / OR REPLACE),
 * so the NCA migration Job and the tests can run it repeatedly.
 */
import type { ClientBase } from "pg";

export interface TableNames {
  /** Schema of the subject tables. */
  readonly schema: string;
  /** Audit table, "table" (placed in `schema`) or "schema.table". */
  readonly auditTable: string;
}

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;

/** Double-quotes an identifier after checking it is a plain lower-case name (no injection through config). */
export function quoteIdent(name: string): string {
  if (!IDENT.test(name)) throw new Error(`not a plain SQL identifier: ${name}`);
  return `"${name}"`;
}

/** Resolves the audit table to [schema, table]. */
export function auditParts(names: TableNames): [string, string] {
  const parts = names.auditTable.split(".");
  return parts.length === 2 ? [parts[0], parts[1]] : [names.schema, parts[0]];
}

export function qualifiedAudit(names: TableNames): string {
  const [schema, table] = auditParts(names);
  return `${quoteIdent(schema)}.${quoteIdent(table)}`;
}

export function migrationSql(names: TableNames): string {
  const s = quoteIdent(names.schema);
  const [auditSchema, auditName] = auditParts(names);
  const audit = qualifiedAudit(names);
  const guard = `${quoteIdent(auditSchema)}.${quoteIdent(`${auditName}_append_only`)}`;
  // Named constraints, so the upgrade below can find them (the first version's inline status
  // check got PostgreSQL's default name, which is this same name).
  const statusCheckName = `${auditName}_status_check`;
  const statusCheck = quoteIdent(statusCheckName);
  const outboxCheckName = `${auditName}_outbox_check`;
  const outboxCheck = quoteIdent(outboxCheckName);
  return `
CREATE SCHEMA IF NOT EXISTS ${s};
CREATE SCHEMA IF NOT EXISTS ${quoteIdent(auditSchema)};

CREATE TABLE IF NOT EXISTS ${s}.profiles (
  subject_id   text PRIMARY KEY,
  display_name text,
  email        text,
  locale       text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS ${s}.sessions (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  subject_id text NOT NULL REFERENCES ${s}.profiles (subject_id),
  started_at timestamptz NOT NULL DEFAULT now(),
  ended_at   timestamptz,
  client     jsonb NOT NULL DEFAULT '{}'::jsonb,
  UNIQUE (subject_id, id)
);

CREATE TABLE IF NOT EXISTS ${s}.memories (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  subject_id text NOT NULL REFERENCES ${s}.profiles (subject_id),
  session_id bigint,
  tier       text NOT NULL CHECK (tier IN ('short_term', 'working', 'long_term')),
  content    text NOT NULL,
  importance real NOT NULL DEFAULT 0.5,
  metadata   jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (subject_id, id),
  FOREIGN KEY (subject_id, session_id) REFERENCES ${s}.sessions (subject_id, id)
);

-- Links stay inside one subject (composite FKs), so erasing a subject never leaves a dangling link.
CREATE TABLE IF NOT EXISTS ${s}.memory_links (
  subject_id     text NOT NULL REFERENCES ${s}.profiles (subject_id),
  from_memory_id bigint NOT NULL,
  to_memory_id   bigint NOT NULL,
  strength       real NOT NULL DEFAULT 0.5,
  PRIMARY KEY (from_memory_id, to_memory_id),
  FOREIGN KEY (subject_id, from_memory_id) REFERENCES ${s}.memories (subject_id, id),
  FOREIGN KEY (subject_id, to_memory_id) REFERENCES ${s}.memories (subject_id, id)
);

CREATE INDEX IF NOT EXISTS sessions_subject_idx ON ${s}.sessions (subject_id);
CREATE INDEX IF NOT EXISTS memories_subject_idx ON ${s}.memories (subject_id);
CREATE INDEX IF NOT EXISTS memory_links_subject_idx ON ${s}.memory_links (subject_id);

CREATE TABLE IF NOT EXISTS ${audit} (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  request_id      text NOT NULL,
  subject_id      text NOT NULL,
  request_type    text NOT NULL CHECK (request_type IN ('export', 'erase')),
  basis           text NOT NULL,
  status          text NOT NULL CONSTRAINT ${statusCheck} CHECK (status IN ('completed', 'failed', 'erasing')),
  requested_by    text NOT NULL,
  started_at      timestamptz NOT NULL,
  completed_at    timestamptz NOT NULL,
  counts          jsonb NOT NULL,
  export_location text,
  error           text,
  recorded_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
  purge_targets   jsonb,
  CONSTRAINT ${outboxCheck} CHECK (status <> 'erasing' OR (request_type = 'erase' AND purge_targets IS NOT NULL))
);
-- Upgrade of a table created before the erasing (outbox) status existed: add the column, widen the
-- status check, add the outbox check. ALTER is DDL, not UPDATE/DELETE: the append-only trigger allows it.
ALTER TABLE ${audit} ADD COLUMN IF NOT EXISTS purge_targets jsonb;
DO $upgrade$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = '${audit}'::regclass AND conname = '${statusCheckName}' AND pg_get_constraintdef(oid) LIKE '%erasing%') THEN
    ALTER TABLE ${audit} DROP CONSTRAINT IF EXISTS ${statusCheck};
    ALTER TABLE ${audit} ADD CONSTRAINT ${statusCheck} CHECK (status IN ('completed', 'failed', 'erasing'));
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = '${audit}'::regclass AND conname = '${outboxCheckName}') THEN
    ALTER TABLE ${audit} ADD CONSTRAINT ${outboxCheck} CHECK (status <> 'erasing' OR (request_type = 'erase' AND purge_targets IS NOT NULL));
  END IF;
END
$upgrade$;
-- At most one completed row per request id: the idempotency record.
CREATE UNIQUE INDEX IF NOT EXISTS ${quoteIdent(`${auditName}_completed_uq`)} ON ${audit} (request_id) WHERE status = 'completed';
-- At most one erasing (outbox) row per request id; also the sweeper's index of erasures.
CREATE UNIQUE INDEX IF NOT EXISTS ${quoteIdent(`${auditName}_erasing_uq`)} ON ${audit} (request_id) WHERE status = 'erasing';
CREATE INDEX IF NOT EXISTS ${quoteIdent(`${auditName}_subject_idx`)} ON ${audit} (subject_id);

-- Append-only, also for the table owner: UPDATE, DELETE and TRUNCATE raise.
CREATE OR REPLACE FUNCTION ${guard}() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'audit table %.% is append-only (% refused)', TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$fn$;
CREATE OR REPLACE TRIGGER ${quoteIdent(`${auditName}_no_update_delete`)} BEFORE UPDATE OR DELETE ON ${audit}
  FOR EACH ROW EXECUTE FUNCTION ${guard}();
CREATE OR REPLACE TRIGGER ${quoteIdent(`${auditName}_no_truncate`)} BEFORE TRUNCATE ON ${audit}
  FOR EACH STATEMENT EXECUTE FUNCTION ${guard}();
`;
}

/**
 * Least privilege for the handler's role: read + delete the subject tables (UPDATE on one column
 * only because SELECT ... FOR UPDATE requires it), read + insert the audit table, nothing else.
 */
export function handlerGrantsSql(role: string, names: TableNames): string {
  const s = quoteIdent(names.schema);
  const r = quoteIdent(role);
  const [auditSchema] = auditParts(names);
  const audit = qualifiedAudit(names);
  return `
GRANT USAGE ON SCHEMA ${s} TO ${r};
GRANT USAGE ON SCHEMA ${quoteIdent(auditSchema)} TO ${r};
GRANT SELECT, DELETE ON ${s}.profiles, ${s}.sessions, ${s}.memories, ${s}.memory_links TO ${r};
GRANT UPDATE (updated_at) ON ${s}.profiles TO ${r};
GRANT SELECT, INSERT ON ${audit} TO ${r};
`;
}

/** Runs the migration in one transaction, serialised by an advisory lock. */
export async function migrate(client: ClientBase, names: TableNames): Promise<void> {
  await client.query("BEGIN");
  try {
    await client.query("SELECT pg_advisory_xact_lock(hashtextextended('neuroca-dsr-migration', 0))");
    await client.query(migrationSql(names));
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  }
}
