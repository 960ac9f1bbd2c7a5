/**
 * The NCA subject data model the handler operates on, and the per-subject plan of what to export
 * or erase in each store. Pure.
 *
 * PostgreSQL (schema PGSCHEMA, default "neuroca"; created by adapters/migration.ts):
 *   profiles(subject_id PK)                       one row per subject; every other table references it
 *   sessions(id, subject_id -> profiles)          interaction sessions
 *   memories(id, subject_id -> profiles, (subject_id, session_id) -> sessions)
 *                                                 the long-term memory tier (NEUROCA_MEMORY_LONG_TERM_BACKEND=postgres)
 *   memory_links(subject_id, (subject_id, from/to_memory_id) -> memories)
 *                                                 associations; composite FKs keep links inside one subject
 * Redis: the short-term and working memory tiers and caches, keys `<prefix>:subject:<id>:*`
 *   (e.g. neuroca:subject:u-42:stm, neuroca:subject:u-42:working, neuroca:subject:u-42:session:7).
 * S3: `<DATA_PREFIX>/<id>/...` in DATA_BUCKET (uploads, memory snapshots); export bundles under
 *   `<EXPORT_PREFIX>/<id>/<request-id>/` in EXPORT_BUCKET.
 */

export interface SubjectTable {
  /** Unqualified table name inside the schema. */
  readonly name: string;
  /** Stable export order (the table's key columns). */
  readonly orderBy: readonly string[];
}

/** Subject tables, parents first (export order). Erase runs in reverse so no FK is violated. */
export const SUBJECT_TABLES: readonly SubjectTable[] = [
  { name: "profiles", orderBy: ["subject_id"] },
  { name: "sessions", orderBy: ["id"] },
  { name: "memories", orderBy: ["id"] },
  { name: "memory_links", orderBy: ["from_memory_id", "to_memory_id"] },
];

/** Every subject table has this column. */
export const SUBJECT_COLUMN = "subject_id";

export interface Layout {
  readonly schema: string;
  readonly redisKeyPrefix: string;
  readonly dataBucket: string;
  readonly dataPrefix: string;
  readonly exportBucket: string;
  readonly exportPrefix: string;
}

export interface S3Location {
  readonly bucket: string;
  /** Always ends with "/" so subject "u-1" never matches "u-10". */
  readonly prefix: string;
}

export interface SubjectPlan {
  readonly subjectId: string;
  readonly schema: string;
  readonly exportOrder: readonly SubjectTable[];
  readonly eraseOrder: readonly SubjectTable[];
  /** Redis SCAN MATCH pattern (glob metacharacters in the id escaped). */
  readonly redisPattern: string;
  /** Literal key prefix every matched key starts with (used to double-check SCAN results). */
  readonly redisKeyPrefix: string;
  readonly data: S3Location;
  /** All export bundles of the subject (erased with the subject). */
  readonly exports: S3Location;
}

/**
 * Where an erasure still has to purge the non-transactional stores: the part of the plan the
 * outbox row (audit status `erasing`) carries, so a retry or the sweeper purges exactly the
 * locations that held the subject's data when PostgreSQL committed the erasure.
 */
export type PurgeTargets = Pick<SubjectPlan, "redisPattern" | "redisKeyPrefix" | "data" | "exports">;

/** The Redis part of a plan or of purge targets. */
export type RedisScope = Pick<SubjectPlan, "redisPattern" | "redisKeyPrefix">;

export function purgeTargetsOf(plan: SubjectPlan): PurgeTargets {
  return { redisPattern: plan.redisPattern, redisKeyPrefix: plan.redisKeyPrefix, data: { ...plan.data }, exports: { ...plan.exports } };
}

/**
 * Purge targets read back from the audit table must still be scoped to their subject: a damaged
 * or hand-written row must never make the handler delete another subject's data.
 */
export function assertPurgeTargets(subjectId: string, targets: PurgeTargets | undefined): PurgeTargets {
  const problems: string[] = [];
  if (!targets) throw new Error(`erasure of ${subjectId}: the audit row has no purge targets`);
  for (const [name, loc] of [["data", targets.data], ["exports", targets.exports]] as const) {
    if (!loc || typeof loc.bucket !== "string" || loc.bucket === "" || typeof loc.prefix !== "string" || !loc.prefix.endsWith(`/${subjectId}/`) || loc.prefix.includes("..")) {
      problems.push(`${name} location is not scoped to the subject`);
    }
  }
  if (typeof targets.redisKeyPrefix !== "string" || !targets.redisKeyPrefix.endsWith(`:subject:${subjectId}:`)) problems.push("Redis key prefix is not scoped to the subject");
  else if (targets.redisPattern !== `${escapeRedisGlob(targets.redisKeyPrefix)}*`) problems.push("Redis pattern does not match the key prefix");
  if (problems.length > 0) throw new Error(`erasure of ${subjectId}: refusing purge targets (${problems.join("; ")})`);
  return targets;
}

/** Escapes Redis glob metacharacters so the id is matched literally. */
export function escapeRedisGlob(s: string): string {
  return s.replace(/[*?[\]\\^]/g, (c) => `\\${c}`);
}

export function planFor(subjectId: string, layout: Layout): SubjectPlan {
  const keyPrefix = `${layout.redisKeyPrefix}:subject:${subjectId}:`;
  return {
    subjectId,
    schema: layout.schema,
    exportOrder: SUBJECT_TABLES,
    eraseOrder: [...SUBJECT_TABLES].reverse(),
    redisPattern: `${escapeRedisGlob(keyPrefix)}*`,
    redisKeyPrefix: keyPrefix,
    data: { bucket: layout.dataBucket, prefix: `${layout.dataPrefix}/${subjectId}/` },
    exports: { bucket: layout.exportBucket, prefix: `${layout.exportPrefix}/${subjectId}/` },
  };
}

/** Where one export request writes: the bundle and the copies of the subject's objects. */
export function exportTarget(plan: SubjectPlan, requestId: string): { readonly bucket: string; readonly prefix: string; readonly bundleKey: string } {
  const prefix = `${plan.exports.prefix}${requestId}/`;
  return { bucket: plan.exports.bucket, prefix, bundleKey: `${prefix}bundle.json` };
}

/** Key of the export copy of a data object: the object's path relative to the subject prefix, under objects/. */
export function exportCopyKey(plan: SubjectPlan, requestId: string, dataKey: string): string {
  if (!dataKey.startsWith(plan.data.prefix)) throw new Error(`object ${dataKey} is outside the subject prefix`);
  return `${exportTarget(plan, requestId).prefix}objects/${dataKey.slice(plan.data.prefix.length)}`;
}
