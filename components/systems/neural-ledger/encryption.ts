/**
 * The ledger's keys: the `neural-ledger` key ring with the asymmetric `signing-key` (critical
 * events, 21 CFR Part 11) and one CMEK key per store, each granted to the service agents of
 * that store only. BigQuery's key lives in a ring at the dataset's location when that differs
 * from the region (CMEK keys must be co-located with the data).
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { KmsKeyRing, type KeySpec } from "../../gcp/kms-key-ring";
import { ServiceAgents } from "../../gcp/service-agents";
import { CMEK_KEYS, NAMES, kmsLocationFor } from "./settings";

export interface LedgerEncryptionArgs {
  readonly provider: gcp.Provider;
  readonly project: string;
  readonly region: string;
  readonly bigqueryLocation: string;
  /** HSM protection for the signing key (production). */
  readonly hsmSigningKey: boolean;
  readonly protect: boolean;
  readonly dependsOn: pulumi.Input<pulumi.Resource>[];
}

export type CmekKeyName = keyof typeof CMEK_KEYS;

export class LedgerEncryption extends pulumi.ComponentResource {
  readonly agents: ServiceAgents;
  readonly ring: KmsKeyRing;
  /** The ring holding the BigQuery key (the main ring when locations match). */
  readonly bigqueryRing: KmsKeyRing;
  readonly signingKey: gcp.kms.CryptoKey;
  /** KMS location of the signing key (the region). */
  readonly location: string;

  constructor(name: string, args: LedgerEncryptionArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:neural-ledger:Encryption", name, {}, opts);
    this.agents = new ServiceAgents(`${name}-agents`, {
      provider: args.provider,
      project: args.project,
      agents: ["pubsub", "firestore", "bigtable", "cloudFunctions", "cloudRun", "artifactRegistry", "storage", "bigquery"],
      dependsOn: args.dependsOn,
    }, { parent: this });
    const a = this.agents;
    const cmek = (encrypters: Record<string, pulumi.Input<string>>): KeySpec => ({ kind: "cmek", rotationDays: 90, encrypters });
    const bigqueryKey = cmek({ bigquery: a.member("bigquery") });
    const bigqueryKmsLocation = kmsLocationFor(args.bigqueryLocation);
    const colocated = bigqueryKmsLocation === args.region;

    this.location = args.region;
    this.ring = new KmsKeyRing(`${name}-ring`, {
      provider: args.provider,
      project: args.project,
      location: args.region,
      ringName: NAMES.keyRing,
      protect: args.protect,
      dependsOn: args.dependsOn,
      keys: {
        [NAMES.signingKey]: { kind: "signing", algorithm: "EC_SIGN_P256_SHA256", protectionLevel: args.hsmSigningKey ? "HSM" : "SOFTWARE" },
        [CMEK_KEYS.pubsub]: cmek({ pubsub: a.member("pubsub") }),
        [CMEK_KEYS.bigtable]: cmek({ bigtable: a.member("bigtable") }),
        [CMEK_KEYS.firestore]: cmek({ firestore: a.member("firestore") }),
        [CMEK_KEYS.source]: cmek({ storage: a.member("storage") }),
        // Cloud Functions CMEK: the function, its staged source and its image (Artifact Registry),
        // each encrypted by its own service agent (Cloud Run functions CMEK documentation).
        [CMEK_KEYS.functions]: cmek({
          functions: a.member("cloudFunctions"),
          run: a.member("cloudRun"),
          registry: a.member("artifactRegistry"),
          storage: a.member("storage"),
        }),
        ...(colocated ? { [CMEK_KEYS.bigquery]: bigqueryKey } : {}),
      },
    }, { parent: this });
    this.bigqueryRing = colocated
      ? this.ring
      : new KmsKeyRing(`${name}-bigquery-ring`, {
          provider: args.provider,
          project: args.project,
          location: bigqueryKmsLocation,
          ringName: NAMES.keyRing,
          protect: args.protect,
          dependsOn: args.dependsOn,
          keys: { [CMEK_KEYS.bigquery]: bigqueryKey },
        }, { parent: this });
    this.signingKey = this.ring.key(NAMES.signingKey);
    this.registerOutputs({ keyRing: this.ring.keyRing.id, signingKey: this.signingKey.id });
  }

  private ringOf(key: CmekKeyName): KmsKeyRing {
    return key === "bigquery" ? this.bigqueryRing : this.ring;
  }

  /** The CMEK key of a store. */
  key(key: CmekKeyName): gcp.kms.CryptoKey {
    return this.ringOf(key).key(CMEK_KEYS[key]);
  }

  /** The key and its service-agent grants (dependsOn of the store using it). */
  ready(key: CmekKeyName): pulumi.Resource[] {
    return this.ringOf(key).ready(CMEK_KEYS[key]);
  }
}
