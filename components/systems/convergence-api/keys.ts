/**
 * Cloud KMS for the Convergence API: the key ring `convergence-keyring-<suffix>` with the
 * application's key `api-key-encryption` (the API encrypts tenant API keys with it; the
 * service account may use that key and no other), plus one CMEK key per location that holds
 * data at rest (Secret Manager replicas, the BigQuery dataset, the rotation topic). CMEK keys
 * must live where the data lives, so the key ring exists once per location under the same name.
 *
 * Key rings and keys cannot be deleted in GCP, so a fixed ring name fails with 409 "already
 * exists" on the `pulumi up` after a `pulumi destroy`: the name carries the deployment suffix
 * (components/gcp/deployment-suffix.ts), `convergence-keyring-<suffix>-<hex>`, and reaches the
 * API through KMS_KEYRING. In production the keys are kept on delete (deletionPolicy ABANDON),
 * so data the stores keep stays readable; in staging a destroy schedules their versions for
 * destruction.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import type * as random from "@pulumi/random";
import { suffixed } from "../../gcp/deployment-suffix";
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
  /** The deployment suffix of the ring name. */
  readonly suffix: random.RandomId;
}

export class ConvergenceKeys extends pulumi.ComponentResource {
  /** Key ring in the service's region (KMS_KEYRING of the API). */
  readonly keyRing: gcp.kms.KeyRing;
  /** The ring id every location uses: convergence-keyring-<suffix>-<hex>. */
  readonly ringName: pulumi.Output<string>;
  /** `api-key-encryption` (KMS_KEY of the API). */
  readonly appKey: gcp.kms.CryptoKey;
  /** CMEK key per KMS location. */
  readonly cmekKeys: ReadonlyMap<string, gcp.kms.CryptoKey>;
  readonly appKeyGrant: pulumi.CustomResource;

  constructor(name: string, args: ConvergenceKeysArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:convergence:Keys", name, {}, opts);
    const { placement, names } = args;
    const locations = [...new Set([placement.region, ...args.cmekLocations])].sort();
    this.ringName = suffixed(names.keyRing, args.suffix);
    const retainKeys = placement.config.protection.deletionProtection;
    const rings = new Map<string, gcp.kms.KeyRing>();
    for (const location of locations) {
      // Deleting a ring is a no-op in GCP (the provider only forgets it); protect keeps it in production.
      rings.set(location, new gcp.kms.KeyRing(`${name}-ring-${location}`, { name: this.ringName, location, project: placement.project }, statefulOpts(this, placement, { retainOnDelete: true })));
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
          deletionPolicy: retainKeys ? "ABANDON" : "DELETE",
          labels: { purpose },
        },
        statefulOpts(this, placement, { retainOnDelete: retainKeys }),
      );

    this.keyRing = rings.get(placement.region)!;
    this.appKey = key(`${name}-app`, placement.region, names.appKey, "tenant-api-keys");
    this.cmekKeys = new Map(locations.filter((l) => args.cmekLocations.includes(l)).map((l) => [l, key(`${name}-cmek-${l}`, l, names.cmekKey, "cmek")]));
    this.appKeyGrant = grantRole(`${name}-app-encrypter-decrypter`, args.appMember, { kind: "kmsCryptoKey", cryptoKeyId: this.appKey.id, role: ENCRYPTER_DECRYPTER }, childOpts(this, placement));

    this.registerOutputs({ keyRingName: this.ringName, keyRing: this.keyRing.id, appKey: this.appKey.id, cmekKeys: [...this.cmekKeys.values()].map((k) => k.id) });
  }

  /** The CMEK key of a location; throws when the location was not requested. */
  cmek(location: string): gcp.kms.CryptoKey {
    const found = this.cmekKeys.get(location);
    if (!found) throw new Error(`no CMEK key in ${location}; requested: ${[...this.cmekKeys.keys()].join(", ")}`);
    return found;
  }
}
