/**
 * What a secret looks like in plain configuration: a key named like a credential holding a
 * literal, or a value with a credential's shape (private key, AWS access key, URL with an
 * inline password, well-known token formats), or `key = "value"` lines of embedded config files.
 */

/** Keys ending in a credential word: DB_PASSWORD, jwt_secret, API_KEY (not SECRET_NAME, TOKEN_TTL). */
const SECRET_KEY = /(^|[_.-])(password|passwd|pwd|secret|secret[_-]?key|token|api[_-]?key|apikey|private[_-]?key|access[_-]?key|auth[_-]?token|credentials?)$/i;

const VALUE_PATTERNS: readonly [RegExp, string][] = [
  [/-----BEGIN ((RSA|EC|DSA|OPENSSH|ENCRYPTED) )?PRIVATE KEY-----/, "a PEM private key"],
  [/\b(AKIA|ASIA)[0-9A-Z]{16}\b/, "an AWS access key id"],
  [/\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/${}]+:(?!\$\{|\$\()[^\s@/]+@/i, "a URL with an inline password"],
  [/\bgh[pousr]_[A-Za-z0-9]{36}\b/, "a GitHub token"],
  [/\bxox[abprs]-[A-Za-z0-9-]{10,}/, "a Slack token"],
  [/\bAIza[0-9A-Za-z_-]{35}\b/, "a Google API key"],
  [/\bsk-[A-Za-z0-9]{20,}\b/, "an API secret key"],
];

/** `password = "..."` / `jwt_secret: ...` lines inside embedded files (TOML, YAML, .env). */
const CONFIG_LINE = /^\s*([A-Za-z0-9_.-]*?(password|passwd|secret|token|api_key|apikey|private_key))\s*[=:]\s*["']?([^"'\s#]+)/gim;

/** A value that refers to a secret rather than containing one. */
function isReference(value: string): boolean {
  return value === "" || /^(\$\{|\$\(|\/|arn:|projects\/|secretsmanager:|sm:\/\/|file:|env:|vault:)/.test(value) || /^(true|false|none|null|changeme|<.*>)$/i.test(value);
}

export function looksSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** Why a (key, value) pair looks like a plain secret, or undefined. */
export function secretProblem(key: string, value: string): string | undefined {
  for (const [re, what] of VALUE_PATTERNS) if (re.test(value)) return `${key} holds ${what}`;
  if (looksSecretKey(key) && !isReference(value.trim())) return `${key} holds a literal credential`;
  if (value.includes("\n") || /[=:]/.test(value)) {
    for (const m of value.matchAll(CONFIG_LINE)) {
      if (!isReference(m[3])) return `${key} embeds ${m[1]} = <literal>`;
    }
  }
  return undefined;
}
