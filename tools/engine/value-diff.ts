/**
 * Property-path differences between two masked property values (wire.ts `maskWire`): what a
 * preview's diff lists. Paths use the engine's notation (`scalingConfig.maxSize`, `tags["a.b"]`,
 * `rules[0].action`); a secret stays "[secret]" on both sides.
 */

export interface PathChange {
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

const SIMPLE_KEY = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function joinPath(base: string, key: string | number): string {
  if (typeof key === "number") return `${base}[${key}]`;
  if (SIMPLE_KEY.test(key)) return base ? `${base}.${key}` : key;
  return `${base}[${JSON.stringify(key)}]`;
}

/** Every leaf path whose value differs (an added or removed key is a change with `undefined` on one side). */
export function changedPaths(before: unknown, after: unknown, base = ""): PathChange[] {
  if (isObj(before) && isObj(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => changedPaths(before[k], after[k], joinPath(base, k)));
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    return before.flatMap((v, i) => changedPaths(v, after[i], joinPath(base, i)));
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ path: base || "(root)", before, after }];
}
