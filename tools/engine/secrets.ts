/**
 * Fingerprints of secret inputs, so a diff between two plans can say "this secret changed"
 * without either plan holding its value. Offline, a secret is never a real one: config secrets
 * are placeholders derived from their ciphertext (project.ts) and generated ones are the mock
 * provider's deterministic values, so the fingerprint of a value reveals nothing a stack file
 * does not already hold.
 */
import { createHash } from "crypto";
import { SECRET_SIG, SIG_KEY } from "./wire";
import { joinPath } from "./value-diff";

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Input path -> fingerprint of every secret in `wireInputs`; undefined when there is none. */
export function secretFingerprints(urn: string, wireInputs: Record<string, unknown>): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  const walk = (v: unknown, at: string) => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, joinPath(at, i)));
    else if (isObj(v)) {
      if (v[SIG_KEY] === SECRET_SIG) out[at] = createHash("sha256").update(`${urn}\0${at}\0${JSON.stringify(v.value)}`).digest("hex").slice(0, 16);
      else if (v[SIG_KEY] === undefined) for (const [k, x] of Object.entries(v)) walk(x, joinPath(at, k));
    }
  };
  walk(wireInputs, "");
  return Object.keys(out).length > 0 ? out : undefined;
}
