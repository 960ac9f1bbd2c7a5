/**
 * Data-subject request (DSR) validation. Pure: no I/O, no cloud SDK.
 *
 * Two operations cover the rights the handler serves:
 *  - export: GDPR Art. 15 (access), Art. 20 (portability), CCPA right to know (Cal. Civ. Code 1798.100/110)
 *  - erase:  GDPR Art. 17 (erasure), CCPA right to delete (Cal. Civ. Code 1798.105)
 * `basis` names the legal right invoked (recorded in the audit row); it must fit the operation.
 */

export type RequestType = "export" | "erase";

export const BASES = {
  "gdpr-art15": "export",
  "gdpr-art20": "export",
  "ccpa-know": "export",
  "gdpr-art17": "erase",
  "ccpa-delete": "erase",
} as const satisfies Record<string, RequestType>;

export type LegalBasis = keyof typeof BASES;

/** Default basis when the caller names none. */
export const DEFAULT_BASIS: Record<RequestType, LegalBasis> = { export: "gdpr-art15", erase: "gdpr-art17" };

export interface DataSubjectRequest {
  /** Caller-chosen idempotency key: the same id always yields the same (first) result. */
  readonly requestId: string;
  /** The NCA subject id (profiles.subject_id). */
  readonly subjectId: string;
  readonly type: RequestType;
  readonly basis: LegalBasis;
  /** Who asked (API caller identity or queue); recorded in the audit row. */
  readonly requestedBy: string;
}

/**
 * Subject ids end up in S3 prefixes, Redis SCAN patterns and SQL parameters. Only characters that
 * are literal in all three are accepted: no "/", no glob metacharacters (* ? [ ] \), no spaces.
 */
export const SUBJECT_ID = /^[A-Za-z0-9][A-Za-z0-9._@+=-]{0,127}$/;
/** Request ids: 8-128 characters, e.g. a UUID or "<ticket>-<n>". */
export const REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{7,127}$/;

export class ValidationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid data-subject request: ${problems.join("; ")}`);
    this.name = "ValidationError";
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Validates an untrusted request body. `requestedBy` comes from the transport (authenticated
 * caller), never from the body, so a caller cannot attribute a request to someone else.
 */
export function validateRequest(input: unknown, requestedBy: string): DataSubjectRequest {
  if (!isRecord(input)) throw new ValidationError(["body must be a JSON object"]);
  const problems: string[] = [];
  const known = new Set(["requestId", "subjectId", "type", "basis"]);
  for (const key of Object.keys(input)) if (!known.has(key)) problems.push(`unknown field "${key}"`);

  const { requestId, subjectId, type, basis } = input;
  if (typeof requestId !== "string" || !REQUEST_ID.test(requestId)) {
    problems.push(`requestId must match ${REQUEST_ID.source}`);
  }
  if (typeof subjectId !== "string" || !SUBJECT_ID.test(subjectId) || subjectId.includes("..")) {
    problems.push(`subjectId must match ${SUBJECT_ID.source} and contain no ".."`);
  }
  if (type !== "export" && type !== "erase") problems.push(`type must be "export" or "erase"`);
  let legalBasis: LegalBasis | undefined;
  if (basis !== undefined) {
    if (typeof basis !== "string" || !(basis in BASES)) {
      problems.push(`basis must be one of ${Object.keys(BASES).join(", ")}`);
    } else {
      legalBasis = basis as LegalBasis;
      if ((type === "export" || type === "erase") && BASES[legalBasis] !== type) {
        problems.push(`basis ${basis} is a right to ${BASES[legalBasis]}, not ${type}`);
      }
    }
  }
  if (requestedBy.trim() === "") problems.push("requestedBy (caller identity) is missing");
  if (problems.length > 0) throw new ValidationError(problems);
  const t = type as RequestType;
  return {
    requestId: requestId as string,
    subjectId: subjectId as string,
    type: t,
    basis: legalBasis ?? DEFAULT_BASIS[t],
    requestedBy: requestedBy.slice(0, 512),
  };
}
