/**
 * Safe readers over resource properties. Policies see plain JSON-like values; these helpers
 * narrow `unknown` without casts in every rule.
 */

export type Props = Readonly<Record<string, unknown>>;

export function isRecord(value: unknown): value is Props {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function rec(value: unknown): Props {
  return isRecord(value) ? value : {};
}

export function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

export function records(value: unknown): readonly Props[] {
  return list(value).filter(isRecord);
}

export function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

export function strings(value: unknown): readonly string[] {
  if (typeof value === "string") return [value];
  return list(value).filter((v): v is string => typeof v === "string");
}

/** Booleans and their string forms ("true"), as some providers (EC2 launch templates) take strings. */
export function bool(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (value === "true") return true;
  if (value === "false") return false;
  return undefined;
}

export function num(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

/** `get(props, "a", "b", 0)`: a nested value or undefined. */
export function get(value: unknown, ...path: (string | number)[]): unknown {
  let cur: unknown = value;
  for (const key of path) {
    if (typeof key === "number") cur = Array.isArray(cur) ? cur[key] : undefined;
    else cur = isRecord(cur) ? cur[key] : undefined;
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** Parses a protobuf duration ("7776000s", "86400.5s") into seconds. */
export function durationSeconds(value: unknown): number | undefined {
  const s = str(value);
  if (!s) return undefined;
  const m = /^(\d+(?:\.\d+)?)s$/.exec(s.trim());
  return m ? Number(m[1]) : undefined;
}

export const DAY_SECONDS = 86_400;
