import type { EnforcementLevel, ResourceValidationPolicy, Severity, StackValidationPolicy } from "@pulumi/policy";

export type Framework = "HIPAA" | "GDPR" | "CCPA" | "PDPA" | "Security";

/** One control of a framework, e.g. HIPAA 164.312(a)(2)(iv) Encryption and decryption. */
export interface Control {
  readonly framework: Framework;
  /** Section or article, e.g. "164.312(a)(2)(iv)" or "Art. 32". */
  readonly id: string;
  readonly title: string;
}

/** What a rule is, beside what it checks: read by reports, the control matrix and tests. */
export interface RuleMetadata {
  /** Stable id, also the policy name, e.g. "hipaa-bigtable-deletion-protection". */
  readonly id: string;
  readonly description: string;
  readonly severity: Severity;
  readonly controls: readonly Control[];
  /**
   * Pulumi type tokens the rule applies to: exact tokens, globs over tokens for a family
   * ("gcp:*:*IamMember"), or "*" for stack rules over all resources. The control matrix counts
   * the resources these match as "checked".
   */
  readonly resourceTypes: readonly string[];
  /** How to fix a finding. */
  readonly remediation: string;
}

export type RuleResourcePolicy = ResourceValidationPolicy & { readonly metadata: RuleMetadata };
export type RuleStackPolicy = StackValidationPolicy & { readonly metadata: RuleMetadata };
export type Rule = RuleResourcePolicy | RuleStackPolicy;

export interface PackDefinition {
  readonly name: string;
  readonly version: string;
  readonly enforcementLevel: EnforcementLevel;
  readonly rules: readonly Rule[];
}

/** A written, dated exemption of one resource from one rule (policy config `waivers`). */
export interface WaiverEntry {
  /** Resource name or full URN. */
  readonly resource: string;
  readonly reason: string;
  /** ISO date (YYYY-MM-DD) after which the waiver no longer applies. */
  readonly expires: string;
}

/** Marks a report as a waived finding so every report lists it apart from violations. */
export const WAIVED_PREFIX = "WAIVED";
