/**
 * The ledger's keys: a key ring `neural-ledger-<suffix>` in the region with the asymmetric
 * `signing-key` (critical events, 21 CFR Part 11) and one CMEK key per store, each granted to
 * the service agents of that store only. CMEK keys must be co-located with the data, so the
 * same ring name exists in the BigQuery location when that differs from the region
 * (BigQuery: "the key must be in the same location as the dataset") and in the replica region
 * (Bigtable: every cluster's key in its own region; the replica dataset's key).
 *
 * Key rings cannot be deleted, so the ring name carries the deployment suffix
 * (components/gcp/deployment-suffix.ts) and a destroy followed by an up creates new rings.
 * Stores wait for `ready(store)`: the key, its grants, and the IAM propagation delay.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import type * as random from "@pulumi/random";
import type * as time from "@pulumiverse/time";
import { suffixed } from "../../gcp/deployment-suffix";
import { KmsKeyRing, type KeySpec } from "../../gcp/kms-key-ring";
import { propagationDelay } from "../../gcp/propagation";
import { ServiceAgents } from "../../gcp/service-agents";
import { CMEK_KEYS, NAMES, kmsLocationFor } from "./settings";

export interface LedgerEncryptionArgs {
  readonly provider: gcp.Provider;
  readonly timeProvider: time.Provider;
  readonly project: string;
  readonly region: string;
  readonly bigqueryLocation: string;
  /** Second region (production): Bigtable replica cluster and BigQuery replica dataset keys. */
  readonly replicaRegion?: string;
  /** The deployment suffix of the ring names. */
  readonly suffix: random.RandomId;
  /** HSM protection for the signing key (production). */
  readonly hsmSigningKey: boolean;
  readonly protect: boolean;
  /** Keep key versions when keys leave the program (production). */
  readonly retainKeys: boolean;
  readonly dependsOn: pulumi.Input<pulumi.Resource>[];
}

export type CmekKeyName = keyof typeof CMEK_KEYS;
/** Where a key is: the region, the BigQuery location, or the replica region. */
export type KeySite = "primary" | "replica";

export class LedgerEncryption extends pulumi.ComponentResource {
  readonly agents: ServiceAgents;
  /** Rings by KMS location. */
  readonly rings: ReadonlyMap<string, KmsKeyRing>;
  readonly signingKey: gcp.kms.CryptoKey;
  /** KMS location of the signing key (the region). */
  readonly location: string;
  /** The key ring id every ring of this deployment has (KMS_KEYRING of the processor). */
  readonly ringName: pulumi.Output<string>;
  /** IAM propagation after every key grant: CMEK stores depend on it. */
  readonly propagated: pulumi.Resource;
  private readonly bigqueryKmsLocation: string;
  private readonly replicaRegion?: string;

  constructor(name: string, args: LedgerEncryptionArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:neural-ledger:Encryption", name, {}, opts);
    this.agents = new ServiceAgents(`${name}-agents`, {
      provider: args.provider,
      project: args.project,
      agents: ["pubsub", "firestore", "bigtable", "cloudFunctions", "cloudRun", "artifactRegistry", "storage", "bigquery", "bigqueryDataTransfer"],
      dependsOn: args.dependsOn,
    }, { parent: this });
    const a = this.agents;
    const cmek = (encrypters: Record<string, pulumi.Input<string>>): KeySpec => ({ kind: "cmek", rotationDays: 90, encrypters });
    this.location = args.region;
    this.bigqueryKmsLocation = kmsLocationFor(args.bigqueryLocation);
    this.replicaRegion = args.replicaRegion;
    this.ringName = suffixed(NAMES.keyRing, args.suffix);

    // Keys per KMS location.
    const byLocation = new Map<string, Record<string, KeySpec>>();
    const put = (location: string, keyId: string, spec: KeySpec) => byLocation.set(location, { ...(byLocation.get(location) ?? {}), [keyId]: spec });
    put(args.region, NAMES.signingKey, { kind: "signing", algorithm: "EC_SIGN_P256_SHA256", protectionLevel: args.hsmSigningKey ? "HSM" : "SOFTWARE" });
    put(args.region, CMEK_KEYS.pubsub, cmek({ pubsub: a.member("pubsub") }));
    put(args.region, CMEK_KEYS.bigtable, cmek({ bigtable: a.member("bigtable") }));
    put(args.region, CMEK_KEYS.firestore, cmek({ firestore: a.member("firestore") }));
    put(args.region, CMEK_KEYS.source, cmek({ storage: a.member("storage") }));
    // Cloud Functions CMEK: the function, its staged source and its image (Artifact Registry),
    // each encrypted by its own service agent (Cloud Run functions CMEK documentation).
    put(args.region, CMEK_KEYS.functions, cmek({ functions: a.member("cloudFunctions"), run: a.member("cloudRun"), registry: a.member("artifactRegistry"), storage: a.member("storage") }));
    put(this.bigqueryKmsLocation, CMEK_KEYS.bigquery, cmek({ bigquery: a.member("bigquery") }));
    if (args.replicaRegion) {
      put(args.replicaRegion, CMEK_KEYS.bigtable, cmek({ bigtable: a.member("bigtable") }));
      put(args.replicaRegion, CMEK_KEYS.bigquery, cmek({ bigquery: a.member("bigquery") }));
    }

    const rings = new Map<string, KmsKeyRing>();
    for (const [location, keys] of byLocation) {
      const ringResource = location === args.region ? `${name}-ring` : `${name}-ring-${location}`;
      rings.set(location, new KmsKeyRing(ringResource, {
        provider: args.provider,
        project: args.project,
        location,
        ringName: this.ringName,
        protect: args.protect,
        retainKeys: args.retainKeys,
        dependsOn: args.dependsOn,
        keys,
      }, { parent: this }));
    }
    this.rings = rings;
    this.signingKey = this.ring(args.region).key(NAMES.signingKey);
    const grants = [...rings.values()].flatMap((ring) => Object.values(ring.grants).flat());
    this.propagated = propagationDelay(`${name}-iam-propagation`, {
      provider: args.timeProvider,
      kind: "iamGrant",
      after: grants,
      triggers: { grants: pulumi.all(grants.map((g) => g.id)).apply((ids) => ids.sort().join(",")) },
    }, { parent: this });
    this.registerOutputs({ keyRing: this.ringName, signingKey: this.signingKey.id });
  }

  private ring(location: string): KmsKeyRing {
    const ring = this.rings.get(location);
    if (!ring) throw new Error(`no key ring in ${location} (rings: ${[...this.rings.keys()].join(", ")})`);
    return ring;
  }

  /** KMS location of a store's key at a site. */
  keyLocation(key: CmekKeyName, site: KeySite = "primary"): string {
    if (site === "replica") {
      if (!this.replicaRegion) throw new Error(`no replica region: ${key} has no replica key`);
      return this.replicaRegion;
    }
    return key === "bigquery" ? this.bigqueryKmsLocation : this.location;
  }

  /** The CMEK key of a store. */
  key(key: CmekKeyName, site: KeySite = "primary"): gcp.kms.CryptoKey {
    return this.ring(this.keyLocation(key, site)).key(CMEK_KEYS[key]);
  }

  /** What a store using the key waits for: the key, its service-agent grants and their propagation. */
  ready(key: CmekKeyName, site: KeySite = "primary"): pulumi.Resource[] {
    return [...this.ring(this.keyLocation(key, site)).ready(CMEK_KEYS[key]), this.propagated];
  }
}
