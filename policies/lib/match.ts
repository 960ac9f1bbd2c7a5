/**
 * Type-token matching for rule metadata. `resourceTypes` holds exact tokens
 * ("gcp:bigtable/instance:Instance"), "*" for every resource, or glob patterns for families
 * ("gcp:*:*IamMember" matches every GCP IAM member resource, case-insensitively), so one rule
 * can cover a family whose members the program adds over time.
 */

export type TypeMatcher = (type: string) => boolean;

const cache = new Map<string, TypeMatcher>();

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${escaped}$`, "i");
}

/** A predicate over type tokens for a rule's `resourceTypes` (exact tokens in a Set, globs as RegExps). */
export function typeMatcher(patterns: readonly string[]): TypeMatcher {
  const key = patterns.join("\n");
  const hit = cache.get(key);
  if (hit) return hit;
  let matcher: TypeMatcher;
  if (patterns.includes("*")) {
    matcher = () => true;
  } else {
    const exact = new Set(patterns.filter((p) => !p.includes("*")));
    const globs = patterns.filter((p) => p.includes("*")).map(globToRegExp);
    matcher = globs.length === 0 ? (type) => exact.has(type) : (type) => exact.has(type) || globs.some((g) => g.test(type));
  }
  cache.set(key, matcher);
  return matcher;
}
