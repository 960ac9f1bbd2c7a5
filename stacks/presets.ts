/**
 * Environment presets: the seed guides' numbers for staging and production. Each system's
 * numbers live beside its schema in sections/; this file holds the shared ones and composes. A stack file
 * (`Pulumi.<stack>.yaml`) overrides any of them; objects merge key by key, arrays replace.
 */
import type { Environment, StackConfigInput } from "./schema";
import { platformPresets } from "./sections/platform";
import { convergencePresets } from "./sections/convergence";
import { ncaPresets } from "./sections/nca";
import { neuralLedgerPresets } from "./sections/neural-ledger";
import { snnFusionPresets } from "./sections/snn-fusion";
import { zkpLedgerPresets } from "./sections/zkp-ledger";
import { registriesPresets } from "./sections/registries";
import { securityPresets } from "./sections/security";

type Section<K extends keyof StackConfigInput> = NonNullable<StackConfigInput[K]>;
type Preset = Omit<StackConfigInput, "environment" | "neuralLedger" | "convergence"> & {
  neuralLedger: Omit<Section<"neuralLedger">, "projectId">;
  convergence: Omit<Section<"convergence">, "projectId">;
};

const staging: Preset = {
  systems: ["neuralLedger", "convergence", "snnFusion", "nca", "zkpLedger"],
  protection: { deletionProtection: false, protectResources: false },
  compliance: { owner: "neurascale-platform", minLogRetentionDays: 30, minBackupRetentionDays: 7 },
  alerting: { emails: ["platform-oncall@neurascale.example"] },
  platform: platformPresets.staging,
  neuralLedger: neuralLedgerPresets.staging,
  convergence: convergencePresets.staging,
  snnFusion: snnFusionPresets.staging,
  nca: ncaPresets.staging,
  zkpLedger: zkpLedgerPresets.staging,
  registries: registriesPresets.staging,
  security: securityPresets.staging,
};

const production: Preset = {
  ...staging,
  protection: { deletionProtection: true, protectResources: true },
  compliance: { owner: "neurascale-platform", minLogRetentionDays: 90, minBackupRetentionDays: 30 },
  platform: platformPresets.production,
  neuralLedger: neuralLedgerPresets.production,
  convergence: convergencePresets.production,
  snnFusion: snnFusionPresets.production,
  nca: ncaPresets.production,
  zkpLedger: zkpLedgerPresets.production,
  registries: registriesPresets.production,
  security: securityPresets.production,
};

export const PRESETS: Readonly<Record<Environment, Preset>> = { staging, production };
