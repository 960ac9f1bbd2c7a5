/**
 * Pulumi's wire format for property values (what the SDK sends the engine): secrets, resource
 * references, assets and unknowns carry a signature key. These helpers read it.
 */
import * as path from "path";

export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
export const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
export const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const MASK = "[secret]";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
const isObj = (v: unknown): v is Record<string, Json> => typeof v === "object" && v !== null && !Array.isArray(v);

/** For reports: secrets become "[secret]", references become their URN, archives a short summary. */
export function maskWire(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskWire);
  if (typeof value === "string") return value === UNKNOWN ? "[unknown]" : value;
  if (!isObj(value)) return value;
  switch (value[SIG_KEY]) {
    case SECRET_SIG:
      return MASK;
    case RESOURCE_SIG:
      return value.urn;
    case ASSET_SIG:
      return { asset: value.path ? path.basename(String(value.path)) : value.uri ?? (value.text !== undefined ? "[text]" : "[asset]") };
    case ARCHIVE_SIG:
      return { archive: value.path ? path.basename(String(value.path)) : value.assets ? Object.keys(value.assets as object).sort() : "[archive]" };
    default: {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = maskWire(v);
      return out;
    }
  }
}

/** Marks the named top-level outputs secret, as the engine does for `additionalSecretOutputs`. */
export function markSecret(state: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  if (keys.length === 0) return state;
  const out = { ...state };
  for (const k of keys) {
    const v = out[k];
    if (v !== undefined && !(isObj(v) && v[SIG_KEY] === SECRET_SIG)) out[k] = { [SIG_KEY]: SECRET_SIG, value: v as Json };
  }
  return out;
}
