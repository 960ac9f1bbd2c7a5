/**
 * Rule builders: a rule is a CrossGuard policy plus metadata. Each builder wires in waivers
 * from the policy's config, so a waived finding is reported as advisory with its reason and
 * an invalid waiver (no reason, expired) is itself a mandatory finding.
 */
import type { Resource } from "@pulumi/pulumi";
import type { PolicyConfigSchema, ReportViolation, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import { typeMatcher } from "./match";
import { WAIVED_PREFIX, type RuleMetadata, type RuleResourcePolicy, type RuleStackPolicy, type WaiverEntry } from "./types";
import { DEFAULT_WAIVER_HORIZON_DAYS, findWaiver } from "./waivers";

/**
 * Every rule accepts `waivers` in its policy config. Only `resource` is required by the schema:
 * the Pulumi CLI validates policy config against this schema and would reject a waiver without
 * a reason or expiry before any policy runs; leaving them optional lets the rule report such a
 * waiver as a violation, the same in the real engine and the offline one.
 */
export const WAIVER_SCHEMA: PolicyConfigSchema = {
  properties: {
    waivers: {
      type: "array",
      items: {
        type: "object",
        properties: { resource: { type: "string" }, reason: { type: "string" }, expires: { type: "string" } },
        required: ["resource"],
      },
    },
    /** How far past the plan date a waiver may expire (policies/lib/waivers.ts; default one year). */
    waiverHorizonDays: { type: "integer", minimum: 1, maximum: 1095, default: DEFAULT_WAIVER_HORIZON_DAYS },
  },
};

/** JSON-schema properties of a rule's own config (besides `waivers`), e.g. `minRetentionDays`. */
export type RuleConfigProperties = NonNullable<PolicyConfigSchema["properties"]>;

function schemaWith(extra: RuleConfigProperties | undefined): PolicyConfigSchema {
  return extra ? { properties: { ...WAIVER_SCHEMA.properties, ...extra } } : WAIVER_SCHEMA;
}

/** Whether a rule's metadata says it looks at resources of `type` (exact tokens, globs or "*"). */
export function ruleAppliesTo(metadata: RuleMetadata, type: string): boolean {
  return typeMatcher(metadata.resourceTypes)(type);
}

/** What a rule's check reports: a message per problem. */
export type Finding = (message: string) => void;

/** The object form of a report; the policy server accepts it and it sets the level per finding. */
interface ReportObject {
  readonly message: string;
  readonly urn?: string;
  readonly enforcementLevel?: "advisory" | "mandatory";
}

interface WaiverConfig {
  readonly waivers?: WaiverEntry[];
  readonly waiverHorizonDays?: number;
}

function reportWithWaivers(report: ReportViolation, config: WaiverConfig, urn: string, name: string): Finding {
  const check = findWaiver(config.waivers, urn, name, undefined, config.waiverHorizonDays);
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

/** The type token a generated class carries at run time (`__pulumiType`, internal to the SDK); a string is a token or glob already. */
export function typeToken(cls: ResourceClass | string): string {
  if (typeof cls === "string") return cls;
  const token = (cls as unknown as { __pulumiType?: unknown }).__pulumiType;
  if (typeof token !== "string") throw new Error(`${cls.name} is not a generated resource class`);
  return token;
}

export interface ResourceRuleSpec<T> extends Omit<RuleMetadata, "resourceTypes"> {
  /**
   * Resource classes the rule checks (e.g. gcp.bigtable.Instance); the check gets typed props.
   * A string is a type token or a glob over tokens for a family ("gcp:*:*IamMember").
   */
  readonly appliesTo: readonly (ResourceClass | string)[];
  /** Config properties the rule reads besides `waivers` (JSON schema), e.g. `minRetentionDays`. */
  readonly config?: RuleConfigProperties;
  readonly check: (props: T, args: ResourceValidationArgs, finding: Finding) => void;
}

export function resourceRule<T>(spec: ResourceRuleSpec<T>): RuleResourcePolicy {
  const { appliesTo, check, config, ...rest } = spec;
  const metadata: RuleMetadata = { ...rest, resourceTypes: appliesTo.map(typeToken) };
  const applies = typeMatcher(metadata.resourceTypes);
  return {
    name: metadata.id,
    description: metadata.description,
    severity: metadata.severity,
    configSchema: schemaWith(config),
    metadata,
    validateResource: (args, report) => {
      if (!applies(args.type)) return;
      check(args.props as T, args, reportWithWaivers(report, args.getConfig<WaiverConfig>(), args.urn, args.name));
    },
  };
}

export interface StackRuleSpec extends RuleMetadata {
  /** Config properties the rule reads besides `waivers` (JSON schema). */
  readonly config?: RuleConfigProperties;
  /** Reports findings with `finding(message, urn)`; waivers apply per urn. */
  readonly check: (args: StackValidationArgs, finding: (message: string, urn?: string) => void) => void;
}

export function stackRule(spec: StackRuleSpec): RuleStackPolicy {
  const { check, config, ...metadata } = spec;
  return {
    name: metadata.id,
    description: metadata.description,
    severity: metadata.severity,
    configSchema: schemaWith(config),
    metadata,
    validateStack: (args, report) => {
      const waivers = args.getConfig<WaiverConfig>();
      const byUrn = new Map(args.resources.map((r) => [r.urn, r.name]));
      check(args, (message, urn) => {
        if (!urn) return report(message);
        reportWithWaivers(report, waivers, urn, byUrn.get(urn) ?? urn)(message);
      });
    },
  };
}
