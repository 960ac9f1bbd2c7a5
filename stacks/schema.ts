/**
 * The whole stack configuration: one zod section per top-level `neurastack:` key.
 * Sections live in `sections/`, one file each; this file composes them and holds the checks
 * that span sections (residency, placement, production protection).
 */
import { z } from "zod";
import { AWS_REGIONS, GCP_REGIONS, JURISDICTIONS, gcpLocationInfo, residencyAllows, residencyRule, type Jurisdiction } from "./regions";
import { downgradeProblem, effectiveJurisdiction } from "./jurisdictions";
import { SYSTEM_NAMES, alerting, compliance, environment, protection, systems } from "./sections/core";
import { platform, platformCrossCheck } from "./sections/platform";
import { neuralLedger, neuralLedgerCrossCheck } from "./sections/neural-ledger";
import { convergence } from "./sections/convergence";
import { snnFusion, snnFusionCrossCheck } from "./sections/snn-fusion";
import { nca } from "./sections/nca";
import { zkpLedger } from "./sections/zkp-ledger";
import { registries } from "./sections/registries";
import { confirmRemoval } from "./sections/removals";
import { security } from "./sections/security";
import { unpinnedImages } from "./readiness";

export { SYSTEM_NAMES, ENVIRONMENTS, type SystemName, type Environment } from "./sections/core";

/** Top-level keys whose values must be set with `pulumi config set --secret`. */
export const SECRET_KEYS = {
  /** LLM provider API key used by NCA (NEUROCA_LLM_API_KEY). */
  ncaLlmApiKey: { system: "nca", description: "the LLM provider API key (NEUROCA_LLM_API_KEY)" },
  // ---- alerting (issue #20): integration keys and webhook URLs of `alerting` channels.
  /** PagerDuty Events API v2 integration key (Alertmanager pagerduty_configs, GCP pagerduty channels). */
  alertingPagerDutyRoutingKey: { system: "alerting", description: "the PagerDuty Events API v2 integration key" },
  /** PagerDuty Amazon CloudWatch integration key (SNS HTTPS subscriptions of CloudWatch alarms). */
  alertingPagerDutyCloudWatchKey: { system: "alerting", description: "the PagerDuty Amazon CloudWatch integration key" },
  /** OAuth token of the Google Cloud Monitoring Slack app (GCP Slack notification channels). */
  alertingSlackGcpToken: { system: "alerting", description: "the Cloud Monitoring Slack app token" },
  /** Microsoft Teams Workflows webhook URL (GCP webhook notification channel). */
  alertingTeamsWebhookUrl: { system: "alerting", description: "the Microsoft Teams Workflows webhook URL" },
} as const;
export type SecretKey = keyof typeof SECRET_KEYS;

const sections = z.strictObject({
  environment,
    systems,
    protection,
    compliance,
    alerting,
    platform,
    neuralLedger: neuralLedger.optional(),
    convergence: convergence.optional(),
    snnFusion: snnFusion.optional(),
    nca: nca.optional(),
    zkpLedger: zkpLedger.optional(),
    /** Container registries of the systems' images (stacks/sections/registries.ts). */
    registries,
    /** Confirmed removals of what the previous production update deployed (stacks/sections/removals.ts). */
    confirmRemoval: confirmRemoval.optional(),
    /** AWS security services and safeguard settings (stacks/sections/security.ts, issue #19). */
    security,
    /** Secret keys, checked for presence/secrecy by the loader; values never live here. */
    ncaLlmApiKey: z.string().optional(),
    alertingPagerDutyRoutingKey: z.string().optional(),
    alertingPagerDutyCloudWatchKey: z.string().optional(),
    alertingSlackGcpToken: z.string().optional(),
    alertingTeamsWebhookUrl: z.string().optional(),
  });

export const stackConfigSchema = sections
  // `when`: run even if a section failed, so every problem is reported in one go. The checks
  // therefore read possibly-invalid data defensively.
  .superRefine((cfg, ctx) => crossCheck(cfg, ctx), { when: () => true });

type Loose = Record<string, unknown>;
const loose = (v: unknown): Loose => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Loose) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const isJurisdiction = (v: unknown): v is Jurisdiction => typeof v === "string" && (JURISDICTIONS as readonly string[]).includes(v);

/** Checks spanning sections. The input may be partly invalid (see `when` above): read defensively. */
function crossCheck(input: unknown, ctx: z.RefinementCtx): void {
  const cfg = loose(input);
  const protectionValues = loose(cfg.protection);
  if (cfg.environment === "production") {
    for (const key of ["deletionProtection", "protectResources"] as const) {
      if (protectionValues[key] === false) {
        ctx.addIssue({ code: "custom", path: ["protection", key], input: false, message: "false is not allowed in production; stateful resources must be protected" });
      }
    }
  }
  if (cfg.environment === "production") {
    // Production images are pinned by digest (stacks/readiness.ts declares the image keys).
    for (const issue of unpinnedImages(cfg)) ctx.addIssue({ code: "custom", path: issue.path, input: issue.value, message: issue.message });
  }
  for (const system of list(cfg.systems)) {
    if (typeof system === "string" && (SYSTEM_NAMES as readonly string[]).includes(system) && cfg[system] === undefined) {
      ctx.addIssue({ code: "custom", path: [system], input: undefined, message: `is required because systems lists ${JSON.stringify(system)}` });
    }
  }
  const regions = list(loose(cfg.platform).regions).map(loose);
  regions.forEach((region, i) => {
    const info = typeof region.name === "string" ? AWS_REGIONS[region.name] : undefined;
    if (info && isJurisdiction(region.jurisdiction) && !residencyAllows(region.jurisdiction, info)) {
      ctx.addIssue({
        code: "custom",
        path: ["platform", "regions", i, "jurisdiction"],
        input: region.jurisdiction,
        message: `${JSON.stringify(region.jurisdiction)} cannot apply to ${String(region.name)} (${info.location}): ${residencyRule(region.jurisdiction)}`,
      });
    } else if (info && isJurisdiction(region.jurisdiction)) {
      const downgrade = downgradeProblem(region.jurisdiction, "aws", String(region.name));
      if (downgrade) {
        ctx.addIssue({
          code: "custom",
          path: ["platform", "regions", i, "jurisdiction"],
          input: region.jurisdiction,
          message: `${JSON.stringify(region.jurisdiction)} cannot apply to ${String(region.name)} (${info.location}): ${downgrade} (policy gdpr-residency-aws reads the same table)`,
        });
      }
    }
  });
  for (const section of ["neuralLedger", "convergence"] as const) {
    const value = loose(cfg[section]);
    if (!isJurisdiction(value.jurisdiction)) continue;
    // Every place the system keeps data must keep its own obligations under the system's label.
    const places: [(string | number)[], unknown][] = [
      [["region"], value.region],
      [["bigqueryLocation"], value.bigqueryLocation],
      [["recovery", "replicaRegion"], loose(value.recovery).replicaRegion],
      ...list(value.secretReplicaLocations).map((l, i): [(string | number)[], unknown] => [["secretReplicaLocations", i], l]),
    ];
    for (const [path, location] of places) {
      if (typeof location !== "string") continue;
      const downgrade = downgradeProblem(value.jurisdiction, "gcp", location);
      if (downgrade) {
        ctx.addIssue({
          code: "custom",
          path: [section, "jurisdiction"],
          input: value.jurisdiction,
          message: `${JSON.stringify(value.jurisdiction)} cannot apply to ${section} data in ${location} (${section}.${path.join(".")}): ${downgrade} (policy gdpr-residency-gcp reads the same table)`,
        });
      }
    }
    for (const key of ["region", "bigqueryLocation"] as const) {
      const location = value[key];
      if (typeof location !== "string") continue;
      const info = key === "region" ? GCP_REGIONS[location] : gcpLocationInfo(location);
      if (info && !residencyAllows(value.jurisdiction, info)) {
        ctx.addIssue({
          code: "custom",
          path: [section, key],
          input: location,
          message: `${JSON.stringify(location)} (${info.location}) cannot hold ${section} data under ${JSON.stringify(value.jurisdiction)}: ${residencyRule(value.jurisdiction)}`,
        });
      }
    }
  }
  const resolved = regions
    .filter((r) => typeof r.name === "string" && r.name in AWS_REGIONS)
    .map((r) => ({ name: r.name as string, jurisdiction: effectiveJurisdiction(isJurisdiction(r.jurisdiction) ? r.jurisdiction : undefined, "aws", r.name as string) ?? "none" }));
  // Production deploy path and admin access to the clusters (sections/platform.ts).
  platformCrossCheck(cfg.environment, cfg.platform, ctx);
  // Neural Ledger: production budget alerts need a billing account (sections/neural-ledger.ts).
  neuralLedgerCrossCheck(cfg, ctx);
  const snn = snnFusion.safeParse(cfg.snnFusion);
  if (snn.success) snnFusionCrossCheck({ snnFusion: snn.data, regions: resolved }, ctx);
  const regionNames = regions.map((r) => r.name).filter((n): n is string => typeof n === "string");
  for (const section of ["nca", "zkpLedger"] as const) {
    const cluster = loose(cfg[section]).cluster;
    if (typeof cluster === "string" && regionNames.length > 0 && !regionNames.includes(cluster)) {
      ctx.addIssue({
        code: "custom",
        path: [section, "cluster"],
        input: cluster,
        message: `${JSON.stringify(cluster)} has no platform cluster; choose one of platform.regions (${regionNames.join(", ")})`,
      });
    }
  }
}

export type StackConfigInput = z.input<typeof stackConfigSchema>;
type Parsed = z.output<typeof stackConfigSchema>;

/** A platform region with its jurisdiction, timezone and locale resolved. */
export interface ResolvedRegion {
  readonly name: string;
  readonly index: number;
  readonly jurisdiction: Jurisdiction;
  readonly location: string;
  readonly timezone: string;
  readonly locale: string;
  readonly eu: boolean;
  readonly vpcCidr: string;
  readonly natGateways: "perAz" | "single";
}

/** The validated, typed configuration the program is built from. */
export type StackConfig = Omit<Parsed, SecretKey> & {
  readonly stack: string;
  readonly project: string;
  readonly regions: readonly ResolvedRegion[];
};
