/**
 * The pure core: canonical JSON, validation, the hash chain, signatures (local key and the KMS
 * adapter's request/integrity handling), and ReadRows chunk assembly. No servers needed.
 */
import { createHash, createPublicKey, verify } from "node:crypto";
import { canonicalJson, CanonicalJsonError } from "./core/canonical";
import { buildRecord, EMPTY_CHAIN, GENESIS_HASH, linkHash, linkMessage, entryOfRecord, verifyChain, type LedgerRecord } from "./core/chain";
import { CRITICAL_EVENT_TYPES, EVENT_TYPES, parseEvent, validateEvent, type LedgerEvent } from "./core/event";
import { PublicKeyVerifier } from "./core/signer";
import { toBigQueryRow } from "./core/row";
import { LocalKeySigner } from "./adapters/local-signer";
import { crc32c } from "./adapters/crc32c";
import { KmsSigner, type KmsApi } from "./adapters/kms-signer";
import { RowAssembler } from "./adapters/bigtable-rows";
import { BIGQUERY } from "./layout";

const NOW = Date.parse("2026-03-01T12:00:00Z");

function event(overrides: Partial<Record<string, unknown>> = {}): Record<string, unknown> {
  return { event_id: "evt-1", stream_id: "session-42", event_type: "data.ingested", timestamp: "2026-03-01T11:59:00.123Z", payload: { channels: 64, device: "eeg-1" }, ...overrides };
}

function valid(overrides: Partial<Record<string, unknown>> = {}): LedgerEvent {
  const v = validateEvent(event(overrides), NOW);
  if (!v.ok) throw new Error(v.reasons.join("; "));
  return v.event;
}

async function chainOf(n: number, signer: LocalKeySigner, stream = "session-42"): Promise<LedgerRecord[]> {
  const records: LedgerRecord[] = [];
  let prev = EMPTY_CHAIN;
  for (let i = 0; i < n; i++) {
    const type = EVENT_TYPES[i % EVENT_TYPES.length];
    const r = await buildRecord(valid({ event_id: `e${i}`, stream_id: stream, event_type: type, payload: { i } }), prev, signer);
    records.push(r);
    prev = { sequence: r.sequence, hash: r.hash };
  }
  return records;
}

describe("canonical JSON", () => {
  it("sorts keys at every level and drops insignificant whitespace", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: "x" } })).toBe('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it("is independent of key insertion order", () => {
    const a = { event_id: "1", payload: { x: 1, y: [1, 2] }, stream_id: "s" };
    const b = { stream_id: "s", payload: { y: [1, 2], x: 1 }, event_id: "1" };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
  });

  it("sorts by UTF-16 code units and escapes strings as JSON does", () => {
    expect(canonicalJson({ "é": 1, z: 2, "\u{1F600}": 3, A: "\u2028\n" })).toBe('{"A":"\u2028\\n","z":2,"é":1,"\u{1F600}":3}');
  });

  it("writes numbers in their shortest form and -0 as 0", () => {
    expect(canonicalJson([1.0, 1e21, 0.1, -0, 5e-324])).toBe("[1,1e+21,0.1,0,5e-324]");
  });

  it.each([
    ["NaN", { a: NaN }],
    ["Infinity", [Infinity]],
    ["undefined", { a: undefined }],
    ["a Date", { a: new Date(0) }],
    ["a bigint", { a: BigInt(1) }],
    ["a function", { a: () => 1 }],
  ])("refuses %s instead of changing it", (_label, value) => {
    expect(() => canonicalJson(value)).toThrow(CanonicalJsonError);
  });
});

describe("event validation", () => {
  it("accepts a well-formed event and normalises the timestamp to UTC milliseconds", () => {
    const v = validateEvent(event({ timestamp: "2026-03-01T13:59:00.123456+02:00" }), NOW);
    expect(v).toEqual({ ok: true, event: expect.objectContaining({ timestamp: "2026-03-01T11:59:00.123Z", event_type: "data.ingested" }) });
  });

  it("accepts a missing or null payload as null", () => {
    const { payload: _drop, ...noPayload } = event();
    expect(validateEvent(noPayload, NOW)).toMatchObject({ ok: true, event: { payload: null } });
    expect(validateEvent(event({ payload: null }), NOW)).toMatchObject({ ok: true, event: { payload: null } });
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ["missing event_id", { event_id: undefined }, /event_id is missing/],
    ["numeric stream_id", { stream_id: 7 }, /stream_id must be a string, got number/],
    ["row-key separator in stream_id", { stream_id: "a#b" }, /stream_id may only contain/],
    ["index separator in stream_id", { stream_id: "a@b" }, /stream_id may only contain/],
    ["over-long event_id", { event_id: "x".repeat(129) }, /event_id must be 1-128 characters/],
    ["unknown event type", { event_type: "session.exploded" }, /not one of the ledger's event types/],
    ["non-RFC 3339 timestamp", { timestamp: "01/03/2026" }, /not an RFC 3339 date-time/],
    ["impossible date", { timestamp: "2026-02-30T00:00:00Z" }, /not an RFC 3339 date-time/],
    ["timestamp far in the future", { timestamp: "2026-03-01T14:00:00Z" }, /in the future/],
    ["timestamp before 1970", { timestamp: "1969-12-31T23:59:59Z" }, /before 1970/],
    ["array payload", { payload: [1, 2] }, /payload must be a JSON object or null, got array/],
    ["string payload", { payload: "x" }, /payload must be a JSON object or null, got string/],
    ["unknown field", { extra: true }, /unknown field "extra"/],
    ["deeply nested payload", { payload: JSON.parse("{\"a\":".repeat(20) + "1" + "}".repeat(20)) }, /nests deeper/],
    ["oversized payload", { payload: { blob: "x".repeat(70 * 1024) } }, /payload is \d+ canonical bytes/],
  ])("rejects %s with a reason", (_label, overrides, reason) => {
    const v = validateEvent(event(overrides), NOW);
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.reasons.join("\n")).toMatch(reason);
  });

  it("reports every problem of an event at once and what identity it could read", () => {
    const v = validateEvent({ event_id: "evt-9", stream_id: "s#1", event_type: 3 }, NOW);
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.reasons).toHaveLength(3);
    expect(v.partial).toEqual({ event_id: "evt-9" });
  });

  it.each([
    ["empty data", ""],
    ["invalid JSON", "{not json"],
    ["a JSON array", "[1,2]"],
    ["JSON null", "null"],
  ])("rejects %s", (_label, data) => {
    expect(parseEvent(Buffer.from(data), NOW).ok).toBe(false);
  });

  it("rejects invalid UTF-8", () => {
    const v = parseEvent(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), NOW);
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.reasons[0]).toMatch(/not UTF-8 JSON/);
  });
});

describe("hash chain", () => {
  const signer = new LocalKeySigner();
  const verifier = new PublicKeyVerifier({ [signer.keyVersion]: signer.publicKeyPem });

  it("links each record to the previous hash, starting from the genesis hash", async () => {
    const records = await chainOf(5, signer);
    expect(records[0].prev_hash).toBe(GENESIS_HASH);
    expect(records.map((r) => r.sequence)).toEqual([1, 2, 3, 4, 5]);
    for (let i = 1; i < records.length; i++) expect(records[i].prev_hash).toBe(records[i - 1].hash);
  });

  it("hashes SHA-256(prev_hash bytes || canonical(entry))", async () => {
    const [r] = await chainOf(1, signer);
    const canonical = canonicalJson({ event_id: r.event_id, stream_id: r.stream_id, sequence: 1, event_type: r.event_type, timestamp: r.timestamp, payload: r.payload });
    const expected = createHash("sha256").update(Buffer.concat([Buffer.alloc(32), Buffer.from(canonical)])).digest("hex");
    expect(r.hash).toBe(expected);
  });

  it("signs exactly the critical event types", async () => {
    const records = await chainOf(EVENT_TYPES.length, signer);
    for (const r of records) {
      if (CRITICAL_EVENT_TYPES.has(r.event_type)) expect(r.signature).toEqual(expect.any(String));
      else expect(r.signature).toBeNull();
    }
  });

  it("produces signatures any ECDSA-SHA256 verifier accepts over the link message", async () => {
    const records = await chainOf(2, signer);
    const signed = records.find((r) => r.signature)!;
    const entry = { event_id: signed.event_id, stream_id: signed.stream_id, sequence: signed.sequence, event_type: signed.event_type, timestamp: signed.timestamp, payload: signed.payload };
    const ok = verify("sha256", linkMessage(signed.prev_hash, entry), createPublicKey(signer.publicKeyPem), Buffer.from(signed.signature!, "base64"));
    expect(ok).toBe(true);
  });

  it("verifies an intact chain end to end, in any input order", async () => {
    const records = await chainOf(30, signer);
    const report = await verifyChain([...records].reverse(), verifier, { sequence: 30, hash: records[29].hash });
    expect(report).toMatchObject({ ok: true, length: 30, problems: [] });
  });

  it("finds a changed payload", async () => {
    const records = await chainOf(10, signer);
    records[4] = { ...records[4], payload: { i: 999 } };
    const report = await verifyChain(records, verifier);
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual({ sequence: 5, reason: "hash does not match the record's content" });
  });

  it("finds a removed link, a swapped pair and a duplicated event", async () => {
    const records = await chainOf(10, signer);
    expect((await verifyChain(records.filter((r) => r.sequence !== 6), verifier)).problems.map((p) => p.sequence)).toContain(7);
    const swapped = records.map((r) => (r.sequence === 3 ? { ...r, sequence: 4 } : r.sequence === 4 ? { ...r, sequence: 3 } : r));
    expect((await verifyChain(swapped, verifier)).ok).toBe(false);
    const dup = await buildRecord(valid({ event_id: records[0].event_id, payload: { i: 0 } }), { sequence: 10, hash: records[9].hash }, signer);
    const report = await verifyChain([...records, dup], verifier);
    expect(report.problems).toContainEqual({ sequence: 11, reason: `event ${records[0].event_id} already stored at sequence 1` });
  });

  it("finds a forged hash that was recomputed without the signing key", async () => {
    const records = await chainOf(EVENT_TYPES.length, signer);
    const i = records.findIndex((r) => r.signature);
    const forged = { ...records[i], payload: { forged: true } };
    const rehashed = { ...forged, hash: linkHash(forged.prev_hash, entryOfRecord(forged)) };
    const report = await verifyChain([rehashed], new PublicKeyVerifier({ [signer.keyVersion]: signer.publicKeyPem }));
    expect(report.problems.map((p) => p.reason)).toContain(`signature does not verify with ${signer.keyVersion}`);
  });

  it("rejects signatures from an unknown key and unsigned critical records", async () => {
    const other = new LocalKeySigner();
    const records = await chainOf(EVENT_TYPES.length, other);
    const report = await verifyChain(records, verifier);
    expect(report.problems.some((p) => p.reason.startsWith("signature does not verify"))).toBe(true);
    const unsigned = records.map((r) => ({ ...r, signature: null, signing_key_version: null }));
    const report2 = await verifyChain(unsigned, verifier);
    expect(report2.problems.some((p) => /is not signed/.test(p.reason))).toBe(true);
  });

  it("reports a stored head that is not the last link", async () => {
    const records = await chainOf(3, signer);
    const report = await verifyChain(records, verifier, { sequence: 2, hash: records[1].hash });
    expect(report.ok).toBe(false);
  });

  it("maps a record onto the BigQuery row schema", async () => {
    const [r] = await chainOf(1, signer);
    const row = toBigQueryRow(r);
    expect(Object.keys(row).sort()).toEqual(BIGQUERY.schema.map((f) => f.name).sort());
    expect(JSON.parse(row.payload!)).toEqual(r.payload);
  });
});

describe("CRC32C", () => {
  it("matches the standard check value", () => {
    expect(crc32c(Buffer.from("123456789"))).toBe(0xe3069283);
    expect(crc32c(Buffer.alloc(0))).toBe(0);
  });
});

describe("KMS signer", () => {
  const key = new LocalKeySigner();
  const keyName = "projects/p/locations/northamerica-northeast1/keyRings/neural-ledger/cryptoKeys/signing-key";

  /** Records requests; answers like KMS does, signing with a local P-256 key. */
  function kmsLike(options: { corruptCrc?: boolean; wrongName?: boolean; unverifiedDigest?: boolean } = {}) {
    const requests: Record<string, unknown>[] = [];
    let lastMessage: Uint8Array = Buffer.alloc(0);
    const api = {
      setMessage: (m: Uint8Array) => (lastMessage = m),
      requests,
      client: {
        listCryptoKeyVersions: async (req: Record<string, unknown>) => {
          requests.push({ method: "list", ...req });
          return [[{ name: `${keyName}/cryptoKeyVersions/2` }, { name: `${keyName}/cryptoKeyVersions/10` }, { name: `${keyName}/cryptoKeyVersions/3` }]];
        },
        asymmetricSign: async (req: { name: string; digest: { sha256: Uint8Array }; digestCrc32c: { value: number } }) => {
          requests.push({ method: "sign", ...req });
          expect(Buffer.from(req.digest.sha256)).toEqual(createHash("sha256").update(lastMessage).digest());
          const { signature } = await key.sign(lastMessage);
          const sig = Buffer.from(signature, "base64");
          return [
            {
              signature: sig,
              signatureCrc32c: { value: options.corruptCrc ? crc32c(sig) ^ 1 : crc32c(sig) },
              verifiedDigestCrc32c: !options.unverifiedDigest && req.digestCrc32c.value === crc32c(req.digest.sha256),
              name: options.wrongName ? `${keyName}/cryptoKeyVersions/1` : req.name,
            },
          ];
        },
        getPublicKey: async (req: { name: string }) => [{ pem: key.publicKeyPem, pemCrc32c: { value: crc32c(Buffer.from(key.publicKeyPem)) }, name: req.name }],
      },
    };
    return api;
  }

  const ref = { projectId: "p", location: "northamerica-northeast1", keyRing: "neural-ledger", key: "signing-key" };

  async function signWith(api: ReturnType<typeof kmsLike>, version?: string) {
    const signer = new KmsSigner(api.client as unknown as KmsApi, { ...ref, version });
    const entry = { event_id: "e1", stream_id: "s", sequence: 1, event_type: "session.created" as const, timestamp: "2026-03-01T11:59:00.000Z", payload: null };
    const message = linkMessage(GENESIS_HASH, entry);
    api.setMessage(message);
    return { signer, message, result: await signer.sign(message, createHash("sha256").update(message).digest()) };
  }

  it("sends the link hash as the SHA-256 digest with its CRC32C, to the newest enabled version", async () => {
    const api = kmsLike();
    const { message, result } = await signWith(api);
    expect(api.requests[0]).toMatchObject({ method: "list", parent: keyName, filter: "state=ENABLED" });
    expect(api.requests[1]).toMatchObject({ method: "sign", name: `${keyName}/cryptoKeyVersions/10` });
    expect(result.keyVersion).toBe(`${keyName}/cryptoKeyVersions/10`);
    expect(verify("sha256", message, createPublicKey(key.publicKeyPem), Buffer.from(result.signature, "base64"))).toBe(true);
  });

  it("uses a configured version without listing", async () => {
    const api = kmsLike();
    await signWith(api, "7");
    expect(api.requests.map((r) => r.method)).toEqual(["sign"]);
    expect(api.requests[0].name).toBe(`${keyName}/cryptoKeyVersions/7`);
  });

  it.each([
    ["a corrupted signature checksum", { corruptCrc: true }],
    ["a response from another key version", { wrongName: true }],
    ["an unverified digest checksum", { unverifiedDigest: true }],
  ])("refuses %s with a retryable error", async (_label, options) => {
    await expect(signWith(kmsLike(options))).rejects.toMatchObject({ code: 10, message: expect.stringMatching(/integrity/) });
  });

  it("returns the public key of the signing version for verification", async () => {
    const api = kmsLike();
    const { signer } = await signWith(api);
    await expect(signer.publicKeyPem()).resolves.toEqual({ keyVersion: `${keyName}/cryptoKeyVersions/10`, pem: key.publicKeyPem });
  });
});

describe("ReadRows chunk assembly", () => {
  const b = (s: string) => Buffer.from(s);

  it("joins split values, inherits family and qualifier, keeps the newest cell and honours resets", () => {
    const asm = new RowAssembler();
    asm.push({ rowKey: b("r1"), familyName: { value: "h" }, qualifier: { value: b("record") }, value: b("hel"), valueSize: 5 });
    asm.push({ value: b("lo") });
    asm.push({ qualifier: { value: b("link") }, value: b("new") });
    asm.push({ value: b("old"), commitRow: true });
    asm.push({ rowKey: b("r2"), familyName: { value: "h" }, qualifier: { value: b("x") }, value: b("discard") });
    asm.push({ resetRow: true });
    asm.push({ rowKey: b("r2"), familyName: { value: "h" }, qualifier: { value: b("x") }, value: b("kept"), commitRow: true });
    const rows = asm.take();
    expect(rows.map((r) => r.key)).toEqual(["r1", "r2"]);
    expect(rows[0].cells.get("h")?.get("record")?.toString()).toBe("hello");
    expect(rows[0].cells.get("h")?.get("link")?.toString()).toBe("new");
    expect(rows[1].cells.get("h")?.get("x")?.toString()).toBe("kept");
  });
});
