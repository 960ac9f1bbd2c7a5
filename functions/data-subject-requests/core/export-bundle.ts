/**
 * The export bundle: one JSON document with everything held about the subject, in a structured,
 * commonly used, machine-readable format (GDPR Art. 20(1)). Pure.
 */
import type { DataSubjectRequest } from "./request";
import type { CacheEntry, ObjectInfo, Row } from "./ports";

export const BUNDLE_FORMAT = "neuroca-dsr-export/v1";

export interface ExportedObject extends ObjectInfo {
  /** Key of the copy in the export location (the bundle's own bucket). */
  readonly exportKey: string;
}

export interface ExportBundle {
  readonly format: typeof BUNDLE_FORMAT;
  readonly requestId: string;
  readonly subjectId: string;
  readonly basis: string;
  readonly generatedAt: string;
  /** Rows per table (profiles, sessions, memories, memory_links). */
  readonly postgres: Readonly<Record<string, readonly Row[]>>;
  /** Short-term/working memory and cache entries. */
  readonly redis: readonly CacheEntry[];
  /** The subject's stored objects; their contents are copied next to the bundle. */
  readonly objects: readonly ExportedObject[];
}

export function buildExportBundle(
  request: DataSubjectRequest,
  rows: Readonly<Record<string, readonly Row[]>>,
  cache: readonly CacheEntry[],
  objects: readonly ExportedObject[],
  generatedAt: Date,
): ExportBundle {
  return {
    format: BUNDLE_FORMAT,
    requestId: request.requestId,
    subjectId: request.subjectId,
    basis: request.basis,
    generatedAt: generatedAt.toISOString(),
    postgres: rows,
    // Sorted so two exports of unchanged data are byte-identical apart from generatedAt.
    redis: [...cache].sort((a, b) => a.key.localeCompare(b.key)),
    objects: [...objects].sort((a, b) => a.key.localeCompare(b.key)),
  };
}
