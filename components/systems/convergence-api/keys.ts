/**
 * Cloud KMS for the Convergence API: the key ring `convergence-keyring-<suffix>` with the
 * application's key `api-key-encryption` (the API encrypts tenant API keys with it; the
 * service account may use that key and no other), plus one CMEK key per location that holds
 * data at rest (Secret Manager replicas, the BigQuery dataset, the rotation topic). CMEK keys
 * must live where the data lives, so the key ring exists once per location under the same name.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { grantRole } from "../../gcp/iam";
import type { ConvergenceNames } from "./names";
import { childOpts, statefulOpts, type Placement } from "./placement";

/** Every key rotates at least this often (issue: rotation <= 90 days). */
export const KEY_ROTATION_DAYS = 90;
export const ENCRYPTER_DECRYPTER = "roles/cloudkms.cryptoKeyEncrypterDecrypter";

export interface ConvergenceKeysArgs {
  readonly placement: Placement;
  readonly names: ConvergenceNames;
  /** KMS locations that need a CMEK key (regions or lowercase multi-regions). */
  readonly cmekLocations: readonly string[];
  /** The API's service account member (serviceAccount:...), granted on the app key only. */
  readonly appMember: pulumi.Input<string>;
}

export class ConvergenceKeys extends pulumi.ComponentResource {
  /** Key ring in the service's region (KMS_KEYRING of the API). */
  readonly keyRing: gcp.kms.KeyRing;
  /** `api-key-encryption` (KMS_KEY of the API). */
  readonly appKey: gcp.kms.CryptoKey;
  /** CMEK key per KMS location. */
  readonly cmekKeys: ReadonlyMap<string, gcp.kms.CryptoKey>;
  readonly appKeyGrant: pulumi.CustomResource;

  constructor(name: string, args: ConvergenceKeysArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:convergence:Keys", name, {}, opts);
    const { placement, names } = args;
    const locations = [...new Set([placement.region, ...args.cmekLocations])].sort();
    const rings = new Map<string, gcp.kms.KeyRing>();
    for (const location of locations) {
      // Key rings cannot be deleted in GCP; protect keeps Pulumi from forgetting them in production.
      rings.set(location, new gcp.kms.KeyRing(`${name}-ring-${location}`, { name: names.keyRing, location, project: placement.project }, statefulOpts(this, placement)));
    }
    const key = (resourceName: string, location: string, keyName: string, purpose: string) =>
      new gcp.kms.CryptoKey(
        resourceName,
        {
          name: keyName,
          keyRing: rings.get(location)!.id,
          purpose: "ENCRYPT_DECRYPT",
          rotationPeriod: `${KEY_ROTATION_DAYS * 86_400}s`,
          versionTemplate: { algorithm: "GOOGLE_SYMMETRIC_ENCRYPTION", protectionLevel: "SOFTWARE" },
          labels: { purpose },
        },
        statefulOpts(this, placement),
      );

    this.keyRing = rings.get(placement.region)!;
    this.appKey = key(`${name}-app`, placement.region, names.appKey, "tenant-api-keys");
    this.cmekKeys = new Map(locations.filter((l) => args.cmekLocations.includes(l)).map((l) => [l, key(`${name}-cmek-${l}`, l, names.cmekKey, "cmek")]));
    this.appKeyGrant = grantRole(`${name}-app-encrypter-decrypter`, args.appMember, { kind: "kmsCryptoKey", cryptoKeyId: this.appKey.id, role: ENCRYPTER_DECRYPTER }, childOpts(this, placement));

    this.registerOutputs({ keyRing: this.keyRing.id, appKey: this.appKey.id, cmekKeys: [...this.cmekKeys.values()].map((k) => k.id) });
  }

  /** The CMEK key of a location; throws when the location was not requested. */
  cmek(location: string): gcp.kms.CryptoKey {
    const found = this.cmekKeys.get(location);
    if (!found) throw new Error(`no CMEK key in ${location}; requested: ${[...this.cmekKeys.keys()].join(", ")}`);
    return found;
  }
}
