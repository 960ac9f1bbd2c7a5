import type { z } from "zod";

export const NAMESPACE = "neurastack";

/** One bad setting: the full key path, the value given and the rule it breaks. */
export interface ConfigProblem {
  /** e.g. `neurastack:platform.regions[2].name` */
  readonly key: string;
  readonly value: unknown;
  readonly rule: string;
}

/** Thrown before any resource is registered when the stack config is invalid. */
export class ConfigError extends Error {
  readonly problems: readonly ConfigProblem[];
  /**
   * Marks the error as a Pulumi RunError (`RunError.isInstance` reads this flag), so the CLI
   * prints the message without a stack trace even when the program throws it mid-run.
   */
  readonly __pulumiRunError = true;
  constructor(problems: readonly ConfigProblem[]) {
    const safe = problems.map(sanitize);
    super(formatProblems(safe));
    this.name = "ConfigError";
    this.problems = safe;
  }
}

/** A key path segment that names a secret: its value is never echoed, whatever the rule says. */
// A name that ends like one of these holds a secret (`ncaLlmApiKey`, `alertingSlackGcpToken`);
// `secretReplicaLocations` does not.
const SECRET_SEGMENT = /(secret|password|passwd|token|api[-_]?key|private[-_]?key|webhook[-_]?url|routing[-_]?key|integration[-_]?key|cloud[-_]?watch[-_]?key|credentials?)$/i;
export const isSecretKey = (key: string): boolean => key.split(/[.:[\]]/).some((part) => SECRET_SEGMENT.test(part));

/** How much of a value an error echoes: enough to recognise it, not a pasted file. */
export const ECHO_LIMIT = 60;

/** Cuts a value for an error message to ECHO_LIMIT characters, saying how long it was. */
export function cut(text: string): string {
  return text.length <= ECHO_LIMIT ? text : `${text.slice(0, ECHO_LIMIT)}…(${text.length} characters)`;
}

/** Secret values out, long values cut: in the rule text and in the value kept. */
function sanitize(p: ConfigProblem): ConfigProblem {
  let rule = p.rule;
  if (isSecretKey(p.key) && p.value !== undefined && p.value !== "[redacted]") {
    for (const form of new Set([JSON.stringify(p.value), typeof p.value === "string" ? p.value : String(p.value)])) {
      if (form && form.length >= 3) rule = rule.split(form).join("[redacted]");
    }
    return { key: p.key, value: "[redacted]", rule };
  }
  // The problem's own value where the rule quotes it (rules quote values with JSON.stringify). Only
  // that value: a pattern over any quoted span would also take the prose between two short quotes.
  const echoed = p.value === undefined ? undefined : JSON.stringify(p.value);
  if (echoed && echoed.length > ECHO_LIMIT + 2) rule = rule.split(echoed).join(typeof p.value === "string" ? JSON.stringify(cut(p.value)) : cut(echoed));
  if (rule.length > 400) rule = `${rule.slice(0, 400)}…`;
  return { key: p.key, value: typeof p.value === "string" ? cut(p.value) : p.value, rule };
}

export function formatProblems(problems: readonly ConfigProblem[]): string {
  const lines = problems.map((p) => `  ${p.key}: ${p.rule}`);
  return `invalid stack configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${lines.join("\n")}`;
}

/** `["platform", "regions", 2, "name"]` -> `neurastack:platform.regions[2].name` */
export function keyPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return `${NAMESPACE}:${out}`;
}

const show = (value: unknown): string => (value === undefined ? "undefined" : JSON.stringify(value));
const article = (type: string): string => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);

/**
 * Rule text for zod's built-in checks (schema-level messages take precedence over this).
 * Each says what the value is and what the rule wants, so the key plus this line is actionable.
 */
export const ruleText: z.core.$ZodErrorMap = (issue) => {
  const input = issue.input;
  switch (issue.code) {
    case "invalid_type":
      if (input === undefined) return "is required";
      if (input === null) return `has no value (YAML null); give ${article(issue.expected === "int" ? "integer" : issue.expected)} or remove the key`;
      // YAML reads 1.30 as the number 1.3 and 0755 as 755: the text the user wrote is gone by now.
      if (issue.expected === "string" && (typeof input === "number" || typeof input === "boolean")) {
        return `${show(input)} is a ${typeof input}, not a string; quote it in the stack file (YAML reads 1.30 as the number 1.3, so write "1.30")`;
      }
      return `${show(input)} is not ${article(issue.expected === "int" ? "integer" : issue.expected)}`;
    case "too_small":
      if (issue.origin === "array") return `has ${Array.isArray(input) ? input.length : "too few"} entries; at least ${issue.minimum} required`;
      if (issue.origin === "string") return `${show(input)} is shorter than ${issue.minimum} characters`;
      return issue.minimum === 0 && !issue.inclusive
        ? `${show(input)} must be greater than 0`
        : `${show(input)} is below the minimum of ${issue.minimum}${issue.minimum === 0 ? " (no negative values)" : ""}`;
    case "too_big":
      if (issue.origin === "array") return `has too many entries; at most ${issue.maximum} allowed`;
      return `${show(input)} is above the maximum of ${issue.maximum}`;
    case "invalid_format":
      return `${show(input)} does not have the required format (${issue.format}${"pattern" in issue && issue.pattern ? ` ${String(issue.pattern)}` : ""})`;
    case "invalid_value":
      return `${show(input)} is not one of ${issue.values.map((v) => show(v)).join(", ")}`;
    case "unrecognized_keys":
      return `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => show(k)).join(", ")}; check the spelling`;
    case "not_multiple_of":
      return `${show(input)} is not a multiple of ${issue.divisor}`;
    default:
      return undefined;
  }
};
