/** The recorded plan: what `npm run plan --format json` writes. Names are a stable contract. */
import type { PlanDiff } from "./diff";

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
  /**
   * Input path -> fingerprint of each secret value (a digest of the offline placeholder or mock
   * value, never of a real secret: none reaches the offline engine), so a diff can say a secret
   * changed without showing it. Absent in plans written before it existed.
   */
  readonly secrets?: Readonly<Record<string, string>>;
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

/** A policy that threw: its pack's error, never the program's (the real engine fails the run the same way). */
export interface PolicyError {
  readonly pack: string;
  readonly policy: string;
  /** The resource it was validating, or null for a stack policy. */
  readonly urn: string | null;
  readonly message: string;
}

/**
 * A check a policy could not decide because it read a value unknown at preview (an id, an
 * ARN, a generated name): the real server reports it as an advisory "can't run policy ...
 * during preview"; the update decides it.
 */
export interface Undecided {
  readonly pack: string;
  readonly policy: string;
  readonly urn: string | null;
  /** The property path it read, e.g. `keyRing` or `serviceConfig.uri`. */
  readonly path: string;
  readonly message: string;
}

/** A `remediate` policy's change to a resource's inputs, as a preview shows it (values masked). */
export interface Remediation {
  readonly pack: string;
  readonly policy: string;
  readonly urn: string;
  readonly changes: readonly { readonly path: string; readonly before: unknown; readonly after: unknown }[];
}

/** Every policy of every pack that ran, with what it is and how much of the plan it looked at. */
export interface PolicyInfo {
  readonly pack: string;
  readonly packVersion: string;
  readonly policy: string;
  readonly description: string;
  readonly kind: "resource" | "stack";
  /** Effective level after the pack's defaults, initial config and the config file. */
  readonly enforcementLevel: "advisory" | "mandatory" | "remediate" | "disabled";
  readonly severity: string;
  /** `framework id` of each control; empty for a policy without this project's metadata ("unmapped"). */
  readonly controls: readonly string[];
  /** Types it says it looks for (metadata or @pulumi/policy's typed helpers); null when it decides by itself. */
  readonly resourceTypes: readonly string[] | null;
  readonly remediation?: string;
  /** Resources it checked (ran on without declaring itself not applicable). */
  readonly checked: number;
}

/** Resources a real first preview would not show: registered only once outputs are known. */
export interface PreviewGaps {
  /** What the program was compared with: its run with every output known. */
  readonly comparedWith: "update";
  readonly missingInPreview: readonly string[];
  /** Why the comparison could not run (update mode rejected the config), when it could not. */
  readonly notChecked?: string;
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
  /**
   * `known` (default: every mocked output known, deterministic) or `unknown` (`--preview`: a first
   * preview of an empty stack, every computed output unknown as the real engine gives it).
   */
  readonly computedOutputs?: "known" | "unknown";
  readonly policies?: readonly PolicyInfo[];
  readonly policyErrors?: readonly PolicyError[];
  readonly undecided?: readonly Undecided[];
  readonly remediations?: readonly Remediation[];
  /** `--preview` only. */
  readonly previewGaps?: PreviewGaps;
  /** `--against BASE.json` only (diff.ts). */
  readonly diff?: PlanDiff;
}
