/**
 * A Cloud KMS key ring with its keys: symmetric CMEK keys (one per data store, rotated at
 * most every 90 days, each granted to the service agents that encrypt with it and to nobody
 * else) and asymmetric signing keys (access is granted by the workload that signs).
 *
 * Grants are on the key, never on the ring or the project, so a service agent can only use
 * the key of the store it serves (HIPAA 45 CFR 164.312(a)(2)(iv), GDPR Art. 32).
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";

/** The longest rotation period a CMEK key may have here. */
export const MAX_ROTATION_DAYS = 90;
const DAY_SECONDS = 86_400;

/** A symmetric ENCRYPT_DECRYPT key used as a customer-managed encryption key. */
export interface CmekKeySpec {
  readonly kind: "cmek";
  /** Rotation period in days, 1-90. Default 90. */
  readonly rotationDays?: number;
  /** IAM members (service agents) granted roles/cloudkms.cryptoKeyEncrypterDecrypter on this key only. */
  readonly encrypters: Readonly<Record<string, pulumi.Input<string>>>;
  /** Default SOFTWARE. */
  readonly protectionLevel?: "SOFTWARE" | "HSM";
}

/** An asymmetric signing key (no automatic rotation: KMS does not rotate asymmetric keys). */
export interface SigningKeySpec {
  readonly kind: "signing";
  /** Default EC_SIGN_P256_SHA256. */
  readonly algorithm?: string;
  /** Default SOFTWARE; HSM keeps the private key in FIPS 140-2 Level 3 hardware. */
  readonly protectionLevel?: "SOFTWARE" | "HSM";
}

export type KeySpec = CmekKeySpec | SigningKeySpec;

export interface KmsKeyRingArgs {
  readonly provider: gcp.Provider;
  readonly project: pulumi.Input<string>;
  /** KMS location: a region ("northamerica-northeast1") or multi-region ("us", "eu"). */
  readonly location: string;
  /**
   * Key ring id. Key rings and keys cannot be deleted, so a fixed id fails on the next create
   * after a destroy: pass a per-deployment suffixed name (./deployment-suffix.ts).
   */
  readonly ringName: pulumi.Input<string>;
  /** Keys by key id. */
  readonly keys: Readonly<Record<string, KeySpec>>;
  /** Pulumi `protect` on the ring and keys (production). Default false. */
  readonly protect?: boolean;
  /**
   * Keep the keys' versions when the keys leave the program (production): `deletionPolicy:
   * ABANDON` and `retainOnDelete`, so data a store keeps after its own removal (Firestore's
   * ABANDON policy, retained buckets) stays readable. Otherwise (staging) a destroy schedules
   * every version for destruction, as the provider does by default. Default false.
   */
  readonly retainKeys?: boolean;
  /** Resources the ring waits for (the KMS API). Default: none. */
  readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
}

export class KmsKeyRing extends pulumi.ComponentResource {
  readonly keyRing: gcp.kms.KeyRing;
  readonly keys: Readonly<Record<string, gcp.kms.CryptoKey>>;
  /** Encrypter grants per key id: resources that must exist before a store uses the key. */
  readonly grants: Readonly<Record<string, readonly gcp.kms.CryptoKeyIAMMember[]>>;

  constructor(name: string, args: KmsKeyRingArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:gcp:KmsKeyRing", name, {}, opts);
    const child: pulumi.CustomResourceOptions = { parent: this, provider: args.provider };
    const stateful: pulumi.CustomResourceOptions = { ...child, protect: args.protect ?? false };
    const retainKeys = args.retainKeys ?? false;
    // Deleting a ring is a no-op in GCP (the provider only forgets it): say so in the program.
    this.keyRing = new gcp.kms.KeyRing(`${name}-ring`, { project: args.project, location: args.location, name: args.ringName }, { ...stateful, retainOnDelete: true, dependsOn: args.dependsOn });
    const keyOpts: pulumi.CustomResourceOptions = { ...stateful, retainOnDelete: retainKeys };
    const deletionPolicy = retainKeys ? "ABANDON" : "DELETE";

    const keys: Record<string, gcp.kms.CryptoKey> = {};
    const grants: Record<string, gcp.kms.CryptoKeyIAMMember[]> = {};
    for (const [keyId, spec] of Object.entries(args.keys)) {
      if (spec.kind === "cmek") {
        const days = spec.rotationDays ?? MAX_ROTATION_DAYS;
        if (!Number.isInteger(days) || days < 1 || days > MAX_ROTATION_DAYS) {
          throw new Error(`${name}: key ${keyId} rotationDays ${days} must be an integer from 1 to ${MAX_ROTATION_DAYS}`);
        }
        const key = new gcp.kms.CryptoKey(`${name}-${keyId}`, {
          name: keyId,
          keyRing: this.keyRing.id,
          purpose: "ENCRYPT_DECRYPT",
          rotationPeriod: `${days * DAY_SECONDS}s`,
          versionTemplate: { algorithm: "GOOGLE_SYMMETRIC_ENCRYPTION", protectionLevel: spec.protectionLevel ?? "SOFTWARE" },
          deletionPolicy,
          labels: {},
        }, keyOpts);
        keys[keyId] = key;
        grants[keyId] = Object.entries(spec.encrypters).map(([who, member]) =>
          new gcp.kms.CryptoKeyIAMMember(`${name}-${keyId}-${who}`, { cryptoKeyId: key.id, role: "roles/cloudkms.cryptoKeyEncrypterDecrypter", member }, child),
        );
      } else {
        keys[keyId] = new gcp.kms.CryptoKey(`${name}-${keyId}`, {
          name: keyId,
          keyRing: this.keyRing.id,
          purpose: "ASYMMETRIC_SIGN",
          versionTemplate: { algorithm: spec.algorithm ?? "EC_SIGN_P256_SHA256", protectionLevel: spec.protectionLevel ?? "SOFTWARE" },
          deletionPolicy,
          labels: {},
        }, keyOpts);
        grants[keyId] = [];
      }
    }
    this.keys = keys;
    this.grants = grants;
    this.registerOutputs({ keyRing: this.keyRing.id, keys: Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, v.id])) });
  }

  /** The key `keyId` (throws when the ring has no such key). */
  key(keyId: string): gcp.kms.CryptoKey {
    const key = this.keys[keyId];
    if (!key) throw new Error(`key ring has no key ${keyId} (has ${Object.keys(this.keys).join(", ")})`);
    return key;
  }

  /** The key and its encrypter grants: what a CMEK-encrypted resource depends on. */
  ready(keyId: string): pulumi.Resource[] {
    return [this.key(keyId), ...(this.grants[keyId] ?? [])];
  }
}
