/**
 * A Signer on a local EC P-256 key (node:crypto): for tests, the benchmark and local runs. It
 * produces exactly what Cloud KMS EC_SIGN_P256_SHA256 produces (DER ECDSA over SHA-256 of the
 * link message), so chains signed either way verify the same way.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import type { Signature, Signer } from "../core/signer";

export class LocalKeySigner implements Signer {
  readonly keyVersion: string;
  private readonly privateKey: KeyObject;
  readonly publicKeyPem: string;

  /** `privateKeyPem` absent: a fresh key pair. */
  constructor(privateKeyPem?: string) {
    this.privateKey = privateKeyPem ? createPrivateKey(privateKeyPem) : generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey;
    const details = this.privateKey.asymmetricKeyDetails;
    if (this.privateKey.asymmetricKeyType !== "ec" || details?.namedCurve !== "prime256v1") throw new Error("LocalKeySigner needs an EC P-256 key");
    const publicKey = createPublicKey(this.privateKey);
    this.publicKeyPem = publicKey.export({ type: "spki", format: "pem" }).toString();
    const fingerprint = createHash("sha256").update(publicKey.export({ type: "spki", format: "der" })).digest("hex").slice(0, 16);
    this.keyVersion = `local:${fingerprint}`;
  }

  async sign(message: Uint8Array): Promise<Signature> {
    return { signature: sign("sha256", message, { key: this.privateKey, dsaEncoding: "der" }).toString("base64"), keyVersion: this.keyVersion };
  }
}
