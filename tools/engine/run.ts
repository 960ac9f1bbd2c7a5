/**
 * Runs the real program (index.ts) for one stack under Pulumi's mock runtime and returns every
 * resource it registered. Config is validated first, exactly as index.ts does, so a config
 * error records nothing.
 */
import * as path from "path";
import { loadStackConfig, parseConfigValue, type Operation, type RawConfig } from "../../stacks/load";
import { planDate as currentPlanDate, withPlanDate, type IsoDate } from "../../stacks/plan-date";
import type { StackConfig } from "../../stacks/schema";
import { NAMESPACE } from "../../stacks/errors";
import { installMonitor, runInPulumiStack, setAllConfig, waitForRPCs, withFreshRuntime, type LogSink } from "./internals";
import type { Diagnostic } from "./model";
import { OfflineProvider } from "./mocks";
import { RecordingMonitor, type EngineResource } from "./recorder";
import { readStackFiles, type StackFiles } from "./project";
import { maskWire } from "./wire";

export const PROJECT_DIR = path.resolve(__dirname, "..", "..");

export interface RunOptions {
  readonly stack: string;
  /** Alternative stack file (a mutated copy in tests). */
  readonly stackFile?: string;
  /** Replace or add `neurastack:` keys after reading the stack file (tests). */
  readonly overrides?: Readonly<Record<string, unknown>>;
  readonly projectDir?: string;
  /** The date the plan is judged on (`--date`); default: stacks/plan-date.ts `planDate()`. */
  readonly planDate?: IsoDate;
  /**
   * `preview` (default, as `pulumi preview`: `isDryRun()` is true) or `update` (as `pulumi up`:
   * `isDryRun()` is false, so deployment inputs may not be placeholders).
   */
  readonly operation?: Operation;
  /**
   * `known` (default: every mocked output known) or `unknown` (`--preview`: a first preview of an
   * empty stack, computed outputs unknown; only with operation `preview`).
   */
  readonly computedOutputs?: "known" | "unknown";
  /**
   * Outputs of the stack's previous update (`--previous PLAN.json`): what a StackReference to the
   * stack reads, so the destructive guard (stacks/inventory.ts) sees what an update would drop.
   */
  readonly previousOutputs?: Readonly<Record<string, unknown>>;
}

export interface StackRun {
  readonly project: string;
  readonly stack: string;
  readonly config: StackConfig;
  readonly files: StackFiles;
  readonly planDate: IsoDate;
  readonly operation: Operation;
  readonly computedOutputs: "known" | "unknown";
  readonly resources: readonly EngineResource[];
  /** Stack outputs with secrets masked. */
  readonly outputs: Record<string, unknown>;
  readonly diagnostics: readonly Diagnostic[];
}

type Program = () => Promise<Record<string, unknown> | void>;

export function rawConfigOf(files: StackFiles, run: { readonly planDate?: IsoDate; readonly operation?: Operation } = {}): RawConfig {
  const values: Record<string, unknown> = {};
  const secretKeys = new Set<string>();
  for (const [key, text] of Object.entries(files.config)) {
    const [ns, name] = [key.slice(0, key.indexOf(":")), key.slice(key.indexOf(":") + 1)];
    if (ns !== NAMESPACE) continue;
    values[name] = parseConfigValue(text);
    if (files.secretKeys.includes(key)) secretKeys.add(name);
  }
  return { project: files.project, stack: files.stack, values, secretKeys, planDate: run.planDate ?? currentPlanDate(), operation: run.operation ?? "preview" };
}

function applyOverrides(files: StackFiles, overrides: Readonly<Record<string, unknown>> | undefined): StackFiles {
  if (!overrides) return files;
  const config = { ...files.config };
  for (const [key, value] of Object.entries(overrides)) {
    const full = key.includes(":") ? key : `${NAMESPACE}:${key}`;
    if (value === undefined) delete config[full];
    else config[full] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return { ...files, config };
}

export interface ProgramRun {
  readonly resources: readonly EngineResource[];
  readonly outputs: Record<string, unknown>;
  /** The program's `pulumi.log` messages (warnings, errors), in order. */
  readonly diagnostics: readonly Diagnostic[];
}

const SEVERITIES: readonly Diagnostic["severity"][] = ["debug", "info", "warning", "error"];

/**
 * Runs any program function under the mock runtime with the given raw config (`ns:key` ->
 * text). The stack runner uses it for index.ts; policy tests use it for small fixture programs
 * built from the real provider classes.
 */
export interface ProgramOptions {
  readonly project?: string;
  readonly stack?: string;
  readonly config?: Record<string, string>;
  readonly secretKeys?: string[];
  /** Default: the current plan date (stacks/plan-date.ts). */
  readonly planDate?: IsoDate;
  /** Default: preview. */
  readonly operation?: Operation;
  /** Default: known (see RunOptions). */
  readonly computedOutputs?: "known" | "unknown";
  /** What StackReferences read (see RunOptions.previousOutputs). */
  readonly previousOutputs?: Readonly<Record<string, unknown>>;
}

export async function runProgram(program: Program, options: ProgramOptions = {}): Promise<ProgramRun> {
  const provider = new OfflineProvider(options.previousOutputs);
  if (options.computedOutputs === "unknown" && options.operation === "update") throw new Error("computed outputs are unknown only in a preview, never in an update");
  const monitor = new RecordingMonitor(provider, { computedOutputs: options.computedOutputs });
  // The SDK captures `new Error().stack` for every internal promise (leak diagnostics); with
  // thousands of resources that is a measurable share of a plan. NEURASTACK_STACK_TRACES=1
  // keeps full traces for debugging a program error.
  const stackTraceLimit = Error.stackTraceLimit;
  if (!process.env.NEURASTACK_STACK_TRACES) Error.stackTraceLimit = 0;
  try {
    return await withPlanDate(options.planDate ?? currentPlanDate(), () => record(program, options, monitor));
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

async function record(program: Program, options: ProgramOptions, monitor: RecordingMonitor): Promise<ProgramRun> {
  // A program that throws also leaves the SDK's own promises for its half-registered resources
  // rejected with nobody listening (the Pulumi CLI's language host catches those globally). Collect
  // them for the duration of the run and report the program's first error, instead of letting an
  // unhandled rejection kill the process (or a jest worker).
  const errors: unknown[] = [];
  const collect = (reason: unknown) => void errors.push(reason);
  const diagnostics: Diagnostic[] = [];
  const engine: LogSink = {
    log(req, callback) {
      // Debug messages are the SDK's own tracing (they echo RPC payloads, secrets included): the
      // real engine hides them too.
      if (req.getSeverity() === 0) return callback();
      diagnostics.push({ severity: SEVERITIES[req.getSeverity()] ?? "info", message: req.getMessage(), urn: req.getUrn() || null });
      callback();
    },
    setRootResource: (_req, callback) => callback(null, {}),
    requirePulumiVersion: (_req, callback) => callback(null, {}),
    close: () => undefined,
  };
  process.on("unhandledRejection", collect);
  try {
    const outputs = await withFreshRuntime(async () => {
      installMonitor(monitor, options.project ?? "neurastack", options.stack ?? "fixture", (options.operation ?? "preview") === "preview", engine);
      setAllConfig(options.config ?? {}, options.secretKeys ?? []);
      await runInPulumiStack(async () => {
        try {
          return (await program()) ?? undefined;
        } catch (e) {
          // Recorded, not rethrown: a rejection here would reject the SDK's stack-output promises
          // too, with nobody listening (jest fails the running test on any unhandled rejection).
          // The run throws it below, as the CLI fails the update.
          errors.unshift(e);
          return undefined;
        }
      }).catch((e: unknown) => void errors.push(e));
      await waitForRPCs().catch((e: unknown) => void errors.push(e));
      const stackRecord = monitor.recorded.find((r) => r.type === "pulumi:pulumi:Stack");
      return (stackRecord ? maskWire(stackRecord.wireOutputs) : {}) as Record<string, unknown>;
    });
    // Let rejections raised in the run's last microtasks arrive before deciding.
    await new Promise((resolve) => setImmediate(resolve));
    if (errors.length > 0) throw errors[0];
    return { resources: monitor.recorded, outputs, diagnostics };
  } finally {
    process.off("unhandledRejection", collect);
  }
}

export async function runStack(options: RunOptions): Promise<StackRun> {
  const dir = options.projectDir ?? PROJECT_DIR;
  const files = applyOverrides(readStackFiles(dir, options.stack, options.stackFile), options.overrides);
  const planDate = options.planDate ?? currentPlanDate();
  const operation = options.operation ?? "preview";
  const computedOutputs = options.computedOutputs ?? "known";
  const config = loadStackConfig(rawConfigOf(files, { planDate, operation }));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const program = require(path.join(dir, "index.ts")) as Program;
  const { resources, outputs, diagnostics } = await runProgram(program, { project: files.project, stack: files.stack, config: files.config, secretKeys: files.secretKeys, planDate, operation, computedOutputs, previousOutputs: options.previousOutputs });
  return { project: files.project, stack: files.stack, config, files, planDate, operation, computedOutputs, resources, outputs, diagnostics };
}
