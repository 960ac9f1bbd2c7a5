import { createHash } from "crypto";

/** Deterministic hex digest of the parts, so every plan of the same program is identical. */
export function digest(...parts: unknown[]): string {
  return createHash("sha256").update(parts.map((p) => String(p)).join("\0")).digest("hex");
}

export const ACCOUNT_ID = "123456789012";
export const PROJECT_NUMBER = "123456789012";

/** A PEM block whose body is deterministic base64 (not a real key: nothing offline needs one). */
export function fakePem(label: string, seed: string, lines = 6): string {
  const body: string[] = [];
  for (let i = 0; i < lines; i++) body.push(Buffer.from(digest(seed, i) + digest(seed, i, "b")).toString("base64").slice(0, 64));
  return `-----BEGIN ${label}-----\n${body.join("\n")}\n-----END ${label}-----\n`;
}

/** A deterministic string of `length` characters drawn from `alphabet`. */
export function fakeString(seed: string, length: number, alphabet: string): string {
  let out = "";
  let block = 0;
  while (out.length < length) {
    const hex = digest(seed, block++);
    for (let i = 0; i + 2 <= hex.length && out.length < length; i += 2) out += alphabet[parseInt(hex.slice(i, i + 2), 16) % alphabet.length];
  }
  return out;
}

export type State = Record<string, unknown>;

/** Inputs echo into outputs (as providers do), then computed fields are laid over them. */
export interface MockContext {
  readonly type: string;
  readonly name: string;
  readonly inputs: State;
  /** Inputs of the resource's provider (region, project, ...). */
  readonly provider: State;
}
