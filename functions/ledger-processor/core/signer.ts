/**
 * The signing port. Critical events carry an ECDSA P-256 / SHA-256 signature over the same bytes
 * the chain hashes (prev_hash || canonical(entry)); the link hash is therefore exactly the digest
 * Cloud KMS's asymmetricSign takes, and anyone with the public key can verify a stored record
 * with a standard ECDSA-SHA256 verify, no ledger code needed.
 */
import { createPublicKey, verify as verifySignature, type KeyObject } from "node:crypto";

export interface Signature {
  /** Base64 of the DER-encoded ECDSA signature (what KMS returns). */
  readonly signature: string;
  /** Identifies the key that signed: the KMS key version name, or `local:<fingerprint>`. */
  readonly keyVersion: string;
}

export interface Signer {
  /** `message` is the signed bytes, `digest` = SHA-256(message) (= the link hash). */
  sign(message: Uint8Array, digest: Uint8Array): Promise<Signature>;
}

export interface SignatureVerifier {
  verify(message: Uint8Array, signature: string, keyVersion: string): Promise<boolean>;
}

/** Verifies with known public keys, one per key version (PEM, as KMS getPublicKey returns). */
export class PublicKeyVerifier implements SignatureVerifier {
  private readonly keys = new Map<string, KeyObject>();

  constructor(publicKeys: Readonly<Record<string, string>> = {}) {
    for (const [version, pem] of Object.entries(publicKeys)) this.add(version, pem);
  }

  add(keyVersion: string, pem: string): this {
    this.keys.set(keyVersion, createPublicKey(pem));
    return this;
  }

  async verify(message: Uint8Array, signature: string, keyVersion: string): Promise<boolean> {
    const key = this.keys.get(keyVersion);
    if (!key) return false;
    return verifySignature("sha256", message, { key, dsaEncoding: "der" }, Buffer.from(signature, "base64"));
  }
}

/**
 * Builds the real signer on first use: most events are not critical, and a KMS client (TLS
 * context, protos, credentials) costs a cold instance tens of milliseconds it may never need.
 */
export function lazySigner(create: () => Signer): Signer {
  let signer: Signer | undefined;
  return { sign: (message, digest) => (signer ??= create()).sign(message, digest) };
}
