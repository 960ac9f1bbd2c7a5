/**
 * The whole stack configuration: one zod section per top-level `neurastack:` key.
 * Sections live in `sections/`, one file each; this file composes them and holds the checks
 * that span sections (residency, placement, production protection).
 */
import { z } from "zod";
import { AWS_REGIONS, GCP_REGIONS, gcpLocationInfo, residencyAllows, residencyRule, type Jurisdiction } from "./regions";
import { alerting, compliance, environment, protection, systems } from "./sections/core";
import { platform } from "./sections/platform";
import { neuralLedger } from "./sections/neural-ledger";
import { convergence } from "./sections/convergence";
import { snnFusion, snnFusionCrossCheck } from "./sections/snn-fusion";
import { nca } from "./sections/nca";
import { zkpLedger } from "./sections/zkp-ledger";

export { SYSTEM_NAMES, ENVIRONMENTS, type SystemName, type Environment } from "./sections/core";

/** Top-level keys whose values must be set with `pulumi config set --secret`. */
export const SECRET_KEYS = {
  /** LLM provider API key used by NCA (NEUROCA_LLM_API_KEY). */
  ncaLlmApiKey: { system: "nca", description: "the LLM provider API key (NEUROCA_LLM_API_KEY)" },
} as const;
export type SecretKey = keyof typeof SECRET_KEYS;

export const stackConfigSchema = z
  .strictObject({
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
    /** Secret keys, checked for presence/secrecy by the loader; values never live here. */
    ncaLlmApiKey: z.string().optional(),
  })
  .superRefine((cfg, ctx) => {
    if (cfg.environment === "production") {
      for (const key of ["deletionProtection", "protectResources"] as const) {
        if (!cfg.protection[key]) {
          ctx.addIssue({ code: "custom", path: ["protection", key], input: false, message: "false is not allowed in production; stateful resources must be protected" });
        }
      }
    }
    for (const system of cfg.systems) {
      if (cfg[system] === undefined) {
        ctx.addIssue({ code: "custom", path: [system], input: undefined, message: `is required because systems lists ${JSON.stringify(system)}` });
      }
    }
    cfg.platform.regions.forEach((region, i) => {
      const info = AWS_REGIONS[region.name];
      if (info && region.jurisdiction && !residencyAllows(region.jurisdiction, info)) {
        ctx.addIssue({
          code: "custom",
          path: ["platform", "regions", i, "jurisdiction"],
          input: region.jurisdiction,
          message: `${JSON.stringify(region.jurisdiction)} cannot apply to ${region.name} (${info.location}): ${residencyRule(region.jurisdiction)}`,
        });
      }
    });
    const gcpPlacement = (section: "neuralLedger" | "convergence", key: "region" | "bigqueryLocation", j: Jurisdiction, location: string) => {
      const info = key === "region" ? GCP_REGIONS[location] : gcpLocationInfo(location);
      if (info && !residencyAllows(j, info)) {
        ctx.addIssue({
          code: "custom",
          path: [section, key],
          input: location,
          message: `${JSON.stringify(location)} (${info.location}) cannot hold ${section} data under ${JSON.stringify(j)}: ${residencyRule(j)}`,
        });
      }
    };
    for (const section of ["neuralLedger", "convergence"] as const) {
      const value = cfg[section];
      if (value) {
        gcpPlacement(section, "region", value.jurisdiction, value.region);
        gcpPlacement(section, "bigqueryLocation", value.jurisdiction, value.bigqueryLocation);
      }
    }
    if (cfg.snnFusion) {
      const regions = cfg.platform.regions.map((r) => ({ name: r.name, jurisdiction: r.jurisdiction ?? AWS_REGIONS[r.name]?.defaultJurisdiction ?? "none" }));
      snnFusionCrossCheck({ snnFusion: cfg.snnFusion, regions }, ctx);
    }
    const regionNames = cfg.platform.regions.map((r) => r.name);
    for (const section of ["nca", "zkpLedger"] as const) {
      const value = cfg[section];
      if (value && !regionNames.includes(value.cluster)) {
        ctx.addIssue({
          code: "custom",
          path: [section, "cluster"],
          input: value.cluster,
          message: `${JSON.stringify(value.cluster)} has no platform cluster; choose one of platform.regions (${regionNames.join(", ")})`,
        });
      }
    }
  });

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
export type StackConfig = Omit<Parsed, "ncaLlmApiKey"> & {
  readonly stack: string;
  readonly project: string;
  readonly regions: readonly ResolvedRegion[];
};
