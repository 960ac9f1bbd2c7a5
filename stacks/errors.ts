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
    super(formatProblems(problems));
    this.name = "ConfigError";
    this.problems = problems;
  }
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
