/**
 * The per-stream hash chain: hash_n = SHA-256(prev_hash_n bytes || canonical(entry_n)), with
 * prev_hash_1 = 64 zeros and prev_hash_n = hash_{n-1}. The entry is the event plus its chain
 * position, so a record cannot be moved without breaking its own hash. verifyChain checks a
 * whole stream end to end (positions, links, hashes, signatures, unique event ids).
 */
import { createHash } from "node:crypto";
import { canonicalJson, type JsonValue } from "./canonical";
import { isCritical, type EventType, type LedgerEvent } from "./event";
import type { Signer, SignatureVerifier } from "./signer";

export const GENESIS_HASH = "0".repeat(64);

/** What is hashed: the validated event and its position in the stream. */
export interface ChainEntry {
  readonly event_id: string;
  readonly stream_id: string;
  readonly sequence: number;
  readonly event_type: EventType;
  readonly timestamp: string;
  readonly payload: { readonly [key: string]: JsonValue } | null;
}

/** A committed link: the entry, its hashes and (critical types) its signature. Stored as JSON in Bigtable. */
export interface LedgerRecord extends ChainEntry {
  readonly hash: string;
  readonly prev_hash: string;
  readonly signature: string | null;
  readonly signing_key_version: string | null;
}

/** The chain head: where the next link attaches. */
export interface ChainPosition {
  readonly sequence: number;
  readonly hash: string;
}

export const EMPTY_CHAIN: ChainPosition = { sequence: 0, hash: GENESIS_HASH };

export function entryOf(event: LedgerEvent, sequence: number): ChainEntry {
  return {
    event_id: event.event_id,
    stream_id: event.stream_id,
    sequence,
    event_type: event.event_type,
    timestamp: event.timestamp,
    payload: event.payload,
  };
}

/** The hashed part of a stored record. */
export function entryOfRecord(r: LedgerRecord): ChainEntry {
  return { event_id: r.event_id, stream_id: r.stream_id, sequence: r.sequence, event_type: r.event_type, timestamp: r.timestamp, payload: r.payload };
}

/** The bytes hashed and signed for a link. */
export function linkMessage(prevHash: string, entry: ChainEntry): Buffer {
  return Buffer.concat([Buffer.from(prevHash, "hex"), Buffer.from(canonicalJson(entry), "utf8")]);
}

export function linkHash(prevHash: string, entry: ChainEntry): string {
  return createHash("sha256").update(linkMessage(prevHash, entry)).digest("hex");
}

/** Builds the next link after `prev`, signing critical event types. */
export async function buildRecord(event: LedgerEvent, prev: ChainPosition, signer: Signer): Promise<LedgerRecord> {
  const entry = entryOf(event, prev.sequence + 1);
  const message = linkMessage(prev.hash, entry);
  const digest = createHash("sha256").update(message).digest();
  let signature: string | null = null;
  let keyVersion: string | null = null;
  if (isCritical(event.event_type)) {
    const signed = await signer.sign(message, digest);
    signature = signed.signature;
    keyVersion = signed.keyVersion;
  }
  return { ...entry, hash: digest.toString("hex"), prev_hash: prev.hash, signature, signing_key_version: keyVersion };
}

export interface ChainProblem {
  readonly sequence: number;
  readonly reason: string;
}

export interface ChainReport {
  readonly ok: boolean;
  readonly length: number;
  readonly head: ChainPosition;
  readonly problems: readonly ChainProblem[];
}

/**
 * Verifies a stream's records (any order in, sorted by sequence here). `head`, if given, is the
 * stored chain head, which must be the last link.
 */
export async function verifyChain(
  records: readonly LedgerRecord[],
  verifier: SignatureVerifier,
  head?: ChainPosition,
): Promise<ChainReport> {
  const problems: ChainProblem[] = [];
  const sorted = [...records].sort((a, b) => a.sequence - b.sequence);
  const streams = new Set(sorted.map((r) => r.stream_id));
  if (streams.size > 1) problems.push({ sequence: 0, reason: `records of ${streams.size} streams mixed: ${[...streams].slice(0, 3).join(", ")}` });
  const seen = new Map<string, number>();
  let prev: ChainPosition = EMPTY_CHAIN;
  for (const r of sorted) {
    if (r.sequence !== prev.sequence + 1) problems.push({ sequence: r.sequence, reason: `expected sequence ${prev.sequence + 1}` });
    if (r.prev_hash !== prev.hash) problems.push({ sequence: r.sequence, reason: "prev_hash does not match the previous link's hash" });
    const entry = entryOfRecord(r);
    if (linkHash(r.prev_hash, entry) !== r.hash) problems.push({ sequence: r.sequence, reason: "hash does not match the record's content" });
    const first = seen.get(r.event_id);
    if (first !== undefined) problems.push({ sequence: r.sequence, reason: `event ${r.event_id} already stored at sequence ${first}` });
    else seen.set(r.event_id, r.sequence);
    if (isCritical(r.event_type)) {
      if (!r.signature || !r.signing_key_version) problems.push({ sequence: r.sequence, reason: `critical ${r.event_type} is not signed` });
      else if (!(await verifier.verify(linkMessage(r.prev_hash, entry), r.signature, r.signing_key_version))) {
        problems.push({ sequence: r.sequence, reason: `signature does not verify with ${r.signing_key_version}` });
      }
    }
    prev = { sequence: r.sequence, hash: r.hash };
  }
  if (head && (head.sequence !== prev.sequence || head.hash !== prev.hash)) {
    problems.push({ sequence: head.sequence, reason: `chain head (${head.sequence}) is not the last stored link (${prev.sequence})` });
  }
  return { ok: problems.length === 0, length: sorted.length, head: prev, problems };
}
