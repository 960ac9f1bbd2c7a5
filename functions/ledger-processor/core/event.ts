/**
 * The ledger's event vocabulary and the validation every message passes before it can touch a
 * chain. Validation is total: it never throws, it returns every reason an event is refused, so
 * the dead-letter record and the log line say exactly what was wrong.
 */
import { canonicalJson, CanonicalJsonError, type JsonValue } from "./canonical";

/** Event types of the neural ledger (sessions, data, devices, ML, access, consent). */
export const EVENT_TYPES = [
  "session.created",
  "session.started",
  "session.paused",
  "session.ended",
  "data.ingested",
  "data.processed",
  "data.exported",
  "data.deleted",
  "device.connected",
  "device.disconnected",
  "device.calibrated",
  "model.trained",
  "model.deployed",
  "model.inference",
  "access.granted",
  "access.revoked",
  "access.data_viewed",
  "consent.granted",
  "consent.revoked",
  "audit.exported",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/**
 * Critical event types are signed (FDA 21 CFR Part 11 electronic signatures, guide:
 * "Critical events signed with customer-managed KMS keys"): anything that creates or ends a
 * regulated record, moves data out, deletes it, changes who may see it, or changes consent.
 */
export const CRITICAL_EVENT_TYPES: ReadonlySet<EventType> = new Set<EventType>([
  "session.created",
  "session.ended",
  "data.exported",
  "data.deleted",
  "model.deployed",
  "access.granted",
  "access.revoked",
  "consent.granted",
  "consent.revoked",
  "audit.exported",
]);

export function isCritical(eventType: EventType): boolean {
  return CRITICAL_EVENT_TYPES.has(eventType);
}

/** A validated event, as the producer sent it (timestamp normalised to RFC 3339 UTC, ms). */
export interface LedgerEvent {
  readonly event_id: string;
  readonly stream_id: string;
  readonly event_type: EventType;
  readonly timestamp: string;
  readonly payload: { readonly [key: string]: JsonValue } | null;
}

export const LIMITS = {
  /** Raw message bytes (Pub/Sub allows 10 MB; a ledger event is small). */
  messageBytes: 256 * 1024,
  /** Canonical payload bytes (Bigtable cell and BigQuery JSON stay small). */
  payloadBytes: 64 * 1024,
  payloadDepth: 16,
  idLength: 128,
  /** Accepted clock skew for timestamps ahead of the processor's clock. */
  futureSkewMs: 60 * 60 * 1000,
} as const;

/** Ids are restricted so they can be embedded in row keys and document ids unescaped. */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const KNOWN_FIELDS = new Set(["event_id", "stream_id", "event_type", "timestamp", "payload"]);
const TYPES: ReadonlySet<string> = new Set(EVENT_TYPES);

export type Validation =
  | { readonly ok: true; readonly event: LedgerEvent }
  | { readonly ok: false; readonly reasons: readonly string[]; readonly partial: PartialIdentity };

/** What could be read from a rejected event, for logs and the dead-letter attributes. */
export interface PartialIdentity {
  readonly event_id?: string;
  readonly stream_id?: string;
  readonly event_type?: string;
}

/** Parses and validates raw message bytes. `now` bounds how far in the future a timestamp may be. */
export function parseEvent(data: Uint8Array | string, now: number): Validation {
  const size = typeof data === "string" ? Buffer.byteLength(data) : data.byteLength;
  if (size === 0) return reject(["message data is empty"], {});
  if (size > LIMITS.messageBytes) return reject([`message is ${size} bytes, limit ${LIMITS.messageBytes}`], {});
  let parsed: unknown;
  try {
    const text = typeof data === "string" ? data : new TextDecoder("utf-8", { fatal: true }).decode(data);
    parsed = JSON.parse(text);
  } catch (e) {
    return reject([`message data is not UTF-8 JSON (${(e as Error).message})`], {});
  }
  return validateEvent(parsed, now);
}

export function validateEvent(input: unknown, now: number): Validation {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return reject([`event must be a JSON object, got ${input === null ? "null" : Array.isArray(input) ? "array" : typeof input}`], {});
  }
  const obj = input as Record<string, unknown>;
  const reasons: string[] = [];
  const partial: { event_id?: string; stream_id?: string; event_type?: string } = {};

  for (const key of Object.keys(obj)) if (!KNOWN_FIELDS.has(key)) reasons.push(`unknown field "${key}"`);

  const eventId = checkId(obj.event_id, "event_id", reasons);
  if (eventId) partial.event_id = eventId;
  const streamId = checkId(obj.stream_id, "stream_id", reasons);
  if (streamId) partial.stream_id = streamId;

  let eventType: EventType | undefined;
  if (typeof obj.event_type !== "string") reasons.push(describeMissing("event_type", obj.event_type, "a string"));
  else if (!TYPES.has(obj.event_type)) {
    partial.event_type = obj.event_type.slice(0, 64);
    reasons.push(`event_type "${obj.event_type.slice(0, 64)}" is not one of the ledger's event types`);
  } else {
    eventType = obj.event_type as EventType;
    partial.event_type = eventType;
  }

  const timestamp = checkTimestamp(obj.timestamp, now, reasons);

  let payload: LedgerEvent["payload"] = null;
  if (obj.payload !== undefined && obj.payload !== null) {
    if (typeof obj.payload !== "object" || Array.isArray(obj.payload)) {
      reasons.push(`payload must be a JSON object or null, got ${Array.isArray(obj.payload) ? "array" : typeof obj.payload}`);
    } else if (depth(obj.payload) > LIMITS.payloadDepth) {
      reasons.push(`payload nests deeper than ${LIMITS.payloadDepth} levels`);
    } else {
      try {
        const bytes = Buffer.byteLength(canonicalJson(obj.payload));
        if (bytes > LIMITS.payloadBytes) reasons.push(`payload is ${bytes} canonical bytes, limit ${LIMITS.payloadBytes}`);
        else payload = obj.payload as { [key: string]: JsonValue };
      } catch (e) {
        if (!(e instanceof CanonicalJsonError)) throw e;
        reasons.push(`payload ${e.message}`);
      }
    }
  }

  if (reasons.length > 0 || !eventId || !streamId || !eventType || !timestamp) return reject(reasons, partial);
  return { ok: true, event: { event_id: eventId, stream_id: streamId, event_type: eventType, timestamp, payload } };
}

function reject(reasons: string[], partial: PartialIdentity): Validation {
  return { ok: false, reasons, partial };
}

function describeMissing(field: string, value: unknown, expected: string): string {
  return value === undefined ? `${field} is missing` : `${field} must be ${expected}, got ${value === null ? "null" : typeof value}`;
}

function checkId(value: unknown, field: string, reasons: string[]): string | undefined {
  if (typeof value !== "string") {
    reasons.push(describeMissing(field, value, "a string"));
    return undefined;
  }
  if (value.length === 0 || value.length > LIMITS.idLength) {
    reasons.push(`${field} must be 1-${LIMITS.idLength} characters, got ${value.length}`);
    return undefined;
  }
  if (!ID_PATTERN.test(value)) {
    reasons.push(`${field} may only contain letters, digits, ".", "_", ":" and "-" (and start with a letter or digit)`);
    return undefined;
  }
  return value;
}

function checkTimestamp(value: unknown, now: number, reasons: string[]): string | undefined {
  if (typeof value !== "string") {
    reasons.push(describeMissing("timestamp", value, "an RFC 3339 string"));
    return undefined;
  }
  const m = RFC3339.exec(value);
  const ms = m ? Date.parse(value) : NaN;
  // Date.parse rolls over impossible dates (Feb 30); compare the calendar fields to catch them.
  if (!m || Number.isNaN(ms) || !sameCalendarDay(m)) {
    reasons.push(`timestamp "${value.slice(0, 40)}" is not an RFC 3339 date-time`);
    return undefined;
  }
  if (ms < 0) {
    reasons.push(`timestamp ${value} is before 1970`);
    return undefined;
  }
  if (ms > now + LIMITS.futureSkewMs) {
    reasons.push(`timestamp ${value} is more than ${LIMITS.futureSkewMs / 60000} minutes in the future`);
    return undefined;
  }
  return new Date(ms).toISOString();
}

function sameCalendarDay(m: RegExpExecArray): boolean {
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number);
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth && h < 24 && mi < 60 && s < 60;
}

function depth(value: unknown, level = 1): number {
  if (typeof value !== "object" || value === null) return level - 1;
  let max = level;
  for (const v of Object.values(value as Record<string, unknown>)) {
    max = Math.max(max, depth(v, level + 1));
    if (max > LIMITS.payloadDepth + 1) return max;
  }
  return max;
}
