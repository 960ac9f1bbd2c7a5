/** The preflight's vocabulary: what a check is, what it found, and the clouds it asks. */

export type Cloud = "aws" | "gcp";

/**
 * `ok`: the account allows the plan. `missing`: it would reject it (exit 1). `unknown`: the
 * answer could not be read (a permission, an API that does not say). `not-run`: no credentials
 * for the cloud; the check is listed so the operator knows what to look at.
 */
export type Status = "ok" | "missing" | "unknown" | "not-run";

/** One thing only the account can tell, derived from the plan. */
export interface PlannedCheck {
  /** Stable id, `<kind>:<target>` (e.g. `aws-quota:us-east-1:L-1194D53C`). */
  readonly id: string;
  readonly cloud: Cloud;
  /** Table the check is printed in (e.g. "Service quotas"). */
  readonly group: string;
  /** What is checked, in words. */
  readonly title: string;
  /** What the plan needs, in words (e.g. "6 clusters"). */
  readonly need: string;
  /** How to fix it when the account says no. */
  readonly fix: string;
  readonly spec: CheckSpec;
}

export type CheckSpec =
  | { readonly kind: "aws-quota"; readonly region: string; readonly serviceCode: string; readonly quotaCode: string; readonly quotaName: string; readonly need: number }
  | { readonly kind: "aws-vcpu"; readonly region: string; readonly quotaCode: string; readonly quotaName: string; readonly instances: Readonly<Record<string, number>> }
  | { readonly kind: "aws-lambda-concurrency"; readonly region: string; readonly reserved: number }
  | { readonly kind: "aws-service-linked-role"; readonly roleName: string; readonly service: string }
  | { readonly kind: "aws-ecr-image"; readonly region: string; readonly account: string; readonly repository: string; readonly digest?: string; readonly tag?: string; readonly reference: string }
  | { readonly kind: "dns-delegation"; readonly zone: string }
  | { readonly kind: "gcp-billing"; readonly project: string }
  | { readonly kind: "gcp-apis"; readonly project: string; readonly services: readonly string[] }
  | { readonly kind: "gcp-org-policy"; readonly project: string; readonly constraint: string; readonly values: readonly string[] }
  | { readonly kind: "gcp-artifact-image"; readonly project: string; readonly location: string; readonly repository: string; readonly image: string; readonly digest?: string; readonly tag?: string; readonly reference: string };

export interface CheckResult {
  readonly check: PlannedCheck;
  readonly status: Status;
  /** What the account said (e.g. "quota 5, 6 needed"). */
  readonly detail: string;
}

export interface PreflightReport {
  readonly stack: string;
  /** Clouds whose credentials were found (their checks ran). */
  readonly credentials: Readonly<Record<Cloud, boolean>>;
  readonly results: readonly CheckResult[];
  readonly summary: Readonly<Record<Status, number>>;
}
