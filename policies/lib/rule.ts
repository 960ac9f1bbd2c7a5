/**
 * Rule builders: a rule is a CrossGuard policy plus metadata. Each builder wires in waivers
 * from the policy's config, so a waived finding is reported as advisory with its reason and
 * an invalid waiver (no reason, expired) is itself a mandatory finding.
 */
import type { Resource } from "@pulumi/pulumi";
import type { PolicyConfigSchema, ReportViolation, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import { WAIVED_PREFIX, type RuleMetadata, type RuleResourcePolicy, type RuleStackPolicy, type WaiverEntry } from "./types";
import { findWaiver } from "./waivers";

/** Every rule accepts `waivers` in its policy config. */
export const WAIVER_SCHEMA: PolicyConfigSchema = {
  properties: {
    waivers: {
      type: "array",
      items: {
        type: "object",
        properties: { resource: { type: "string" }, reason: { type: "string" }, expires: { type: "string" } },
        required: ["resource", "reason", "expires"],
      },
    },
  },
};

/** What a rule's check reports: a message per problem. */
export type Finding = (message: string) => void;

/** The object form of a report; the policy server accepts it and it sets the level per finding. */
interface ReportObject {
  readonly message: string;
  readonly urn?: string;
  readonly enforcementLevel?: "advisory" | "mandatory";
}

function reportWithWaivers(report: ReportViolation, waivers: readonly WaiverEntry[] | undefined, urn: string, name: string): Finding {
  const check = findWaiver(waivers, urn, name);
  return (message) => {
    if (check.waiver && !check.invalid) {
      const waived: ReportObject = { message: `${WAIVED_PREFIX} until ${check.waiver.expires}: ${check.waiver.reason} | ${message}`, urn, enforcementLevel: "advisory" };
      (report as unknown as (r: ReportObject) => void)(waived);
      return;
    }
    report(check.invalid ? `${message} (${check.invalid})` : message, urn);
  };
}

/** A generated provider resource class, e.g. `gcp.bigtable.Instance`. */
export type ResourceClass = new (...args: never[]) => Resource;

/** The type token a generated class carries at run time (`__pulumiType`, internal to the SDK). */
export function typeToken(cls: ResourceClass): string {
  const token = (cls as unknown as { __pulumiType?: unknown }).__pulumiType;
  if (typeof token !== "string") throw new Error(`${cls.name} is not a generated resource class`);
  return token;
}

export interface ResourceRuleSpec<T> extends Omit<RuleMetadata, "resourceTypes"> {
  /** Resource classes the rule checks (e.g. gcp.bigtable.Instance); the check gets typed props. */
  readonly appliesTo: readonly ResourceClass[];
  readonly check: (props: T, args: ResourceValidationArgs, finding: Finding) => void;
}

export function resourceRule<T>(spec: ResourceRuleSpec<T>): RuleResourcePolicy {
  const { appliesTo, check, ...rest } = spec;
  const metadata: RuleMetadata = { ...rest, resourceTypes: appliesTo.map(typeToken) };
  const types = new Set(metadata.resourceTypes);
  return {
    name: metadata.id,
    description: metadata.description,
    severity: metadata.severity,
    configSchema: WAIVER_SCHEMA,
    metadata,
    validateResource: (args, report) => {
      if (!types.has(args.type)) return;
      const config = args.getConfig<{ waivers?: WaiverEntry[] }>();
      check(args.props as T, args, reportWithWaivers(report, config.waivers, args.urn, args.name));
    },
  };
}

export interface StackRuleSpec extends RuleMetadata {
  /** Reports findings with `finding(message, urn)`; waivers apply per urn. */
  readonly check: (args: StackValidationArgs, finding: (message: string, urn?: string) => void) => void;
}

export function stackRule(spec: StackRuleSpec): RuleStackPolicy {
  const { check, ...metadata } = spec;
  return {
    name: metadata.id,
    description: metadata.description,
    severity: metadata.severity,
    configSchema: WAIVER_SCHEMA,
    metadata,
    validateStack: (args, report) => {
      const waivers = args.getConfig<{ waivers?: WaiverEntry[] }>().waivers;
      const byUrn = new Map(args.resources.map((r) => [r.urn, r.name]));
      check(args, (message, urn) => {
        if (!urn) return report(message);
        reportWithWaivers(report, waivers, urn, byUrn.get(urn) ?? urn)(message);
      });
    },
  };
}
