/**
 * A Signer on Cloud KMS (@google-cloud/kms) asymmetricSign with an EC_SIGN_P256_SHA256 key.
 * KMS signs a digest: the link hash IS SHA-256(prev_hash || canonical(entry)), so it is sent as
 * the digest and the result verifies as a plain ECDSA-SHA256 signature over the link message.
 * Request and response carry CRC32C checksums (KMS's end-to-end integrity protocol); a mismatch
 * is thrown as a transient error so the event is retried, never stored with a corrupt signature.
 */
import type { KeyManagementServiceClient } from "@google-cloud/kms";
import type { Signature, Signer } from "../core/signer";
import { crc32c } from "./crc32c";

/** The part of KeyManagementServiceClient this adapter uses (lets tests record the requests). */
export type KmsApi = Pick<KeyManagementServiceClient, "asymmetricSign" | "getPublicKey" | "listCryptoKeyVersions">;

const ABORTED = 10;

function integrityError(message: string): Error {
  return Object.assign(new Error(`KMS integrity check failed: ${message}`), { code: ABORTED });
}

function crcValue(v: { value?: number | string | { toString(): string } | null } | null | undefined): number | undefined {
  if (!v || v.value === null || v.value === undefined) return undefined;
  return Number(v.value.toString());
}

export interface KmsKeyRef {
  readonly projectId: string;
  readonly location: string;
  readonly keyRing: string;
  readonly key: string;
  /** Version number; absent = the newest ENABLED version. */
  readonly version?: string;
}

export function cryptoKeyName(ref: KmsKeyRef): string {
  return `projects/${ref.projectId}/locations/${ref.location}/keyRings/${ref.keyRing}/cryptoKeys/${ref.key}`;
}

export class KmsSigner implements Signer {
  private versionName?: Promise<string>;

  constructor(
    private readonly kms: KmsApi,
    private readonly ref: KmsKeyRef,
  ) {}

  /** The full key version name, resolved once per instance. */
  keyVersionName(): Promise<string> {
    this.versionName ??= this.resolveVersion().catch((error: unknown) => {
      this.versionName = undefined;
      throw error;
    });
    return this.versionName;
  }

  private async resolveVersion(): Promise<string> {
    const key = cryptoKeyName(this.ref);
    if (this.ref.version) return `${key}/cryptoKeyVersions/${this.ref.version}`;
    const [versions] = await this.kms.listCryptoKeyVersions({ parent: key, filter: "state=ENABLED" });
    const newest = versions
      .map((v) => v.name ?? "")
      .filter((name) => name.startsWith(`${key}/cryptoKeyVersions/`))
      .sort((a, b) => Number(b.split("/").pop()) - Number(a.split("/").pop()))[0];
    if (!newest) throw new Error(`no ENABLED version of ${key}`);
    return newest;
  }

  async sign(_message: Uint8Array, digest: Uint8Array): Promise<Signature> {
    const name = await this.keyVersionName();
    const [response] = await this.kms.asymmetricSign({ name, digest: { sha256: digest }, digestCrc32c: { value: crc32c(digest) } });
    if (!response.verifiedDigestCrc32c) throw integrityError("KMS did not verify the digest checksum");
    if (response.name !== name) throw integrityError(`signed by ${String(response.name)}, asked ${name}`);
    const signature = typeof response.signature === "string" ? Buffer.from(response.signature, "base64") : Buffer.from(response.signature ?? []);
    if (signature.length === 0) throw integrityError("empty signature");
    if (crcValue(response.signatureCrc32c) !== crc32c(signature)) throw integrityError("signature checksum mismatch");
    return { signature: signature.toString("base64"), keyVersion: name };
  }

  /** PEM public key of the signing version (for verification). */
  async publicKeyPem(): Promise<{ keyVersion: string; pem: string }> {
    const name = await this.keyVersionName();
    const [key] = await this.kms.getPublicKey({ name });
    if (!key.pem) throw new Error(`no public key for ${name}`);
    if (crcValue(key.pemCrc32c) !== undefined && crcValue(key.pemCrc32c) !== crc32c(Buffer.from(key.pem))) throw integrityError("public key checksum mismatch");
    return { keyVersion: name, pem: key.pem };
  }
}
