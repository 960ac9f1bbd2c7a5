/**
 * `npm run plan` exit codes, shared by tools/plan.ts and the tests that must agree with it:
 * 0 clean, 1 mandatory policy violation, 2 config error (stack file, stack or policy config, a
 * pack that cannot load), 3 the program or a policy threw.
 */
import { ConfigError } from "../../stacks/errors";
import { PackLoadError } from "./pack-loader";
import type { Plan } from "./plan";
import { PolicyConfigError } from "./policy-config";
import { ProjectError } from "./project";

/** Errors that are the user's input, reported with their message and no stack trace. */
export function isInputError(e: unknown): e is Error {
  return e instanceof ConfigError || e instanceof ProjectError || e instanceof PolicyConfigError || e instanceof PackLoadError;
}

/** The exit code of a plan that threw `e`. */
export function errorExitCode(e: unknown): 2 | 3 {
  return isInputError(e) ? 2 : 3;
}

/** The exit code of a finished plan. */
export function planExitCode(result: Plan): 0 | 1 | 3 {
  const programErrors = result.json.diagnostics.filter((d) => d.severity === "error");
  if (result.policy.errors.length > 0 || programErrors.length > 0) return 3;
  return result.json.summary.violations.mandatory > 0 ? 1 : 0;
}
