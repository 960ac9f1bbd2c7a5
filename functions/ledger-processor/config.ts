/** The processor's configuration from the environment (names in layout.ts ENV; defaults from the guide). */
import { ENV } from "./layout";

export interface ProcessorConfig {
  readonly projectId: string;
  readonly region: string;
  readonly environment: string;
  readonly bigtableInstance: string;
  readonly bigtableAppProfile?: string;
  readonly firestoreDatabase: string;
  readonly acceptedTopic: string;
  readonly deadLetterTopic?: string;
  readonly kms: { readonly location: string; readonly keyRing: string; readonly key: string; readonly version?: string };
  readonly logLevel: LogLevel;
}

export const LOG_LEVELS = ["DEBUG", "INFO", "WARNING", "ERROR"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export class ConfigError extends Error {}

export function loadConfig(env: Readonly<Record<string, string | undefined>>): ProcessorConfig {
  const missing: string[] = [];
  const required = (name: string): string => {
    const v = env[name]?.trim();
    if (!v) missing.push(name);
    return v ?? "";
  };
  const optional = (name: string): string | undefined => env[name]?.trim() || undefined;
  const projectId = required(ENV.projectId);
  const acceptedTopic = required(ENV.acceptedTopic);
  if (missing.length > 0) throw new ConfigError(`ledger-processor: missing environment variable(s) ${missing.join(", ")}`);
  const region = optional(ENV.region) ?? "northamerica-northeast1";
  const level = (optional(ENV.logLevel) ?? "INFO").toUpperCase();
  if (!(LOG_LEVELS as readonly string[]).includes(level)) throw new ConfigError(`ledger-processor: ${ENV.logLevel}=${level} is not one of ${LOG_LEVELS.join(", ")}`);
  return {
    projectId,
    region,
    environment: optional(ENV.environment) ?? "production",
    bigtableInstance: optional(ENV.bigtableInstance) ?? "neural-ledger",
    bigtableAppProfile: optional(ENV.bigtableAppProfile),
    firestoreDatabase: optional(ENV.firestoreDatabase) ?? "(default)",
    acceptedTopic,
    deadLetterTopic: optional(ENV.deadLetterTopic),
    kms: {
      location: optional(ENV.kmsLocation) ?? region,
      keyRing: optional(ENV.kmsKeyring) ?? "neural-ledger",
      key: optional(ENV.kmsKey) ?? "signing-key",
      version: optional(ENV.kmsKeyVersion),
    },
    logLevel: level as LogLevel,
  };
}
