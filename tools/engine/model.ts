/** The recorded plan: what `npm run plan --format json` writes. Names are a stable contract. */

export interface ResourceOptions {
  readonly protect: boolean;
  readonly ignoreChanges: readonly string[];
  readonly deleteBeforeReplace: boolean;
  readonly retainOnDelete: boolean;
  readonly additionalSecretOutputs: readonly string[];
  readonly replaceOnChanges: readonly string[];
}

export interface RecordedResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly parent: string | null;
  /** URN of the provider resource, or null for components and the stack. */
  readonly provider: string | null;
  /** Inputs with every secret value replaced by "[secret]". */
  readonly inputs: Record<string, unknown>;
  readonly dependencies: readonly string[];
  readonly options: ResourceOptions;
}

export interface Violation {
  readonly pack: string;
  readonly policy: string;
  readonly enforcementLevel: "advisory" | "mandatory";
  readonly severity: string;
  readonly urn: string | null;
  readonly message: string;
  readonly controls: readonly string[];
}

export interface Waiver {
  readonly pack: string;
  readonly policy: string;
  readonly urn: string;
  readonly reason: string;
  readonly expires: string;
}

/** A deployment input still to set: the key (as `pulumi config set --path` takes it), the value in effect and why it cannot be deployed. */
export interface ReadinessEntry {
  readonly key: string;
  readonly value: unknown;
  readonly why: string;
  readonly description: string;
}

/** A `pulumi.log` message of the program, as the engine would print it in a preview. */
export interface Diagnostic {
  readonly severity: "debug" | "info" | "warning" | "error";
  readonly message: string;
  /** The resource the message is about, or null for the stack. */
  readonly urn: string | null;
}

export interface PlanSummary {
  readonly resources: number;
  readonly byType: Readonly<Record<string, number>>;
  readonly violations: { readonly mandatory: number; readonly advisory: number; readonly waived: number };
}

/**
 * One row of the compliance report's control matrix: a framework control, the rules that check
 * it, and how many resources those rules looked at pass, fail or are waived (a resource counts
 * once per control: failed if any of the control's rules reports it, else waived if any waives it).
 */
export interface ControlMatrixRow {
  readonly framework: string;
  readonly control: string;
  readonly title: string;
  readonly rules: readonly string[];
  readonly resources: number;
  readonly pass: number;
  readonly fail: number;
  readonly waived: number;
}

export interface PlanJson {
  readonly stack: string;
  readonly project: string;
  /** The date the plan was judged on (YYYY-MM-DD): `--date`, default today. */
  readonly planDate: string;
  /** `preview` (default) or `update` (`--update`: as `pulumi up` runs the program). */
  readonly operation: "preview" | "update";
  readonly resources: readonly RecordedResource[];
  readonly violations: readonly Violation[];
  readonly waivers: readonly Waiver[];
  readonly outputs: Record<string, unknown>;
  readonly diagnostics: readonly Diagnostic[];
  readonly summary: PlanSummary;
  /**
   * "Before the first deploy": deployment inputs still missing or placeholders (stacks/readiness.ts).
   * A preview lists them; an update (`--update`, `pulumi up`) refuses to run while any is left.
   */
  readonly readiness?: readonly ReadinessEntry[];
  /** The control matrix (report.ts `controlMatrix`); reports compute it when absent. */
  readonly controlMatrix?: readonly ControlMatrixRow[];
}
