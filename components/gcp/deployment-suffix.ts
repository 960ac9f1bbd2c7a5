/**
 * A per-deployment suffix for names GCP never gives back:
 *  - Cloud KMS key rings and keys cannot be deleted ("KeyRings cannot be deleted from Google
 *    Cloud Platform"; terraform-provider-google docs, kms_key_ring / kms_crypto_key), so after
 *    `pulumi destroy` the next `pulumi up` fails with 409 "already exists" on a fixed name;
 *  - a deleted user-defined log bucket keeps its id while it is pending deletion for 7 days
 *    (Cloud Logging, "Delete a bucket").
 * The suffix is a `random.RandomId` in the stack's state: the same on every update, new after a
 * destroy (its state is gone), so re-creating a stack needs no manual step. Workloads receive the
 * suffixed names through their environment (KMS_KEYRING), never as literals.
 */
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";

/** Hex characters of the suffix (3 random bytes: 16.7 million values per project). */
export const SUFFIX_BYTES = 3;

/** The suffix resource; `.hex` is the suffix. */
export function deploymentSuffix(name: string, provider: random.Provider, opts: pulumi.CustomResourceOptions): random.RandomId {
  return new random.RandomId(name, { byteLength: SUFFIX_BYTES }, { ...opts, provider });
}

/** `<base>-<suffix>`. */
export function suffixed(base: string, suffix: random.RandomId): pulumi.Output<string> {
  return pulumi.interpolate`${base}-${suffix.hex}`;
}
