/**
 * What a stack holds, exported as the `inventory` output, and the guard that refuses a
 * production update which would silently destroy part of it.
 *
 * A real update deletes whatever the program no longer registers: `systems: []` on production
 * would plan to delete every system (`protect` only makes the update fail halfway through). So
 * the program reads its own previous outputs (a StackReference to its own stack; offline,
 * `npm run plan -- --previous PLAN.json` feeds a previous plan's outputs to that reference) and,
 * in production, refuses to drop any system, region or stateful store they list unless
 * `neurastack:confirmRemoval` confirms that removal with a recent date (sections/removals.ts).
 *
 * A stateful store here is the data one system keeps in one location (`snnFusion@eu-west-1`:
 * its databases, caches and buckets there); tests/inventory.test.ts proves every data store of
 * the production plan belongs to an entry.
 */
import { ConfigError, keyPath, type ConfigProblem } from "./errors";
import { addDays, daysBetween, type IsoDate } from "./plan-date";
import type { StackConfig, SystemName } from "./schema";

export interface Inventory {
  /** Systems built (config.systems, in config order). */
  readonly systems: readonly string[];
  /** AWS platform regions (empty when no system needs the platform). */
  readonly regions: readonly string[];
  /** `<system>@<location>` for each place a system keeps data. */
  readonly statefulStores: readonly string[];
}

export const EMPTY_INVENTORY: Inventory = { systems: [], regions: [], statefulStores: [] };

/** A confirmation counts on its date and this many days after (a week to run the update). */
export const REMOVAL_CONFIRMATION_DAYS = 7;

const PLATFORM_SYSTEMS: readonly SystemName[] = ["snnFusion", "nca", "zkpLedger"];

/** The inventory the config builds (what index.ts exports as `inventory`). */
export function inventoryOf(config: Pick<StackConfig, "systems" | "regions" | "registries" | "neuralLedger" | "convergence" | "nca" | "zkpLedger">): Inventory {
  if (config.registries.bootstrap) return EMPTY_INVENTORY;
  const systems = config.systems.filter((s) => config[s as keyof typeof config] !== undefined);
  const on = (s: SystemName) => systems.includes(s);
  const regions = PLATFORM_SYSTEMS.some(on) ? config.regions.map((r) => r.name) : [];
  const stores: string[] = [];
  const add = (system: string, location: string | undefined) => {
    if (location && !stores.includes(`${system}@${location}`)) stores.push(`${system}@${location}`);
  };
  if (on("neuralLedger") && config.neuralLedger) {
    add("neuralLedger", config.neuralLedger.region);
    add("neuralLedger", config.neuralLedger.recovery.replicaRegion ?? undefined);
  }
  if (on("convergence") && config.convergence) add("convergence", config.convergence.region);
  // The platform keeps audit trails in every region; SNN-Fusion runs in every region.
  for (const region of regions) add("platform", region);
  if (on("snnFusion")) for (const region of regions) add("snnFusion", region);
  if (on("nca") && config.nca) add("nca", config.nca.cluster);
  if (on("zkpLedger") && config.zkpLedger) add("zkpLedger", config.zkpLedger.cluster);
  return { systems, regions, statefulStores: stores };
}

const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");

/** The `inventory` output of a previous update (undefined when it exported none: a first deploy). */
export function parseInventory(value: unknown): Inventory | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const v = value as Record<string, unknown>;
  return {
    systems: isStringList(v.systems) ? v.systems : [],
    regions: isStringList(v.regions) ? v.regions : [],
    statefulStores: isStringList(v.statefulStores) ? v.statefulStores : [],
  };
}

/** What `current` no longer holds of `previous`, as confirmation keys (`system:nca`, ...). */
export function removals(previous: Inventory, current: Inventory): string[] {
  const gone = (kind: string, before: readonly string[], now: readonly string[]) => before.filter((x) => !now.includes(x)).map((x) => `${kind}:${x}`);
  return [...gone("system", previous.systems, current.systems), ...gone("region", previous.regions, current.regions), ...gone("store", previous.statefulStores, current.statefulStores)];
}

function configKeyOf(removal: string): string {
  const [kind, name] = [removal.slice(0, removal.indexOf(":")), removal.slice(removal.indexOf(":") + 1)];
  if (kind === "system") return keyPath(["systems"]);
  if (kind === "region") return keyPath(["platform", "regions"]);
  return keyPath([name.split("@")[0]]);
}

/**
 * Problems of dropping what `previous` held: in production, each removal needs a confirmation
 * dated within REMOVAL_CONFIRMATION_DAYS days up to the plan date. Staging may drop anything.
 */
export function removalProblems(args: {
  readonly environment: string;
  readonly previous: Inventory | undefined;
  readonly current: Inventory;
  readonly confirmRemoval: Readonly<Record<string, string>> | undefined;
  readonly planDate: IsoDate;
}): ConfigProblem[] {
  if (args.environment !== "production" || !args.previous) return [];
  const confirmations = args.confirmRemoval ?? {};
  const problems: ConfigProblem[] = [];
  for (const removal of removals(args.previous, args.current)) {
    const date = confirmations[removal];
    const example = `neurastack:confirmRemoval: { ${JSON.stringify(removal)}: "${args.planDate}" }`;
    const what = `the previous update deployed ${removal}; this update would destroy it`;
    if (date === undefined) {
      problems.push({ key: configKeyOf(removal), value: removal, rule: `${what}. Restore it, or confirm the removal with ${example}` });
      continue;
    }
    const age = daysBetween(date, args.planDate);
    if (age < 0) {
      problems.push({ key: keyPath(["confirmRemoval", removal]), value: date, rule: `${JSON.stringify(date)} is after the plan date ${args.planDate}; date the confirmation the day it is decided` });
    } else if (age > REMOVAL_CONFIRMATION_DAYS) {
      problems.push({
        key: keyPath(["confirmRemoval", removal]),
        value: date,
        rule: `${JSON.stringify(date)} is more than ${REMOVAL_CONFIRMATION_DAYS} days before the plan date ${args.planDate} (valid until ${addDays(date, REMOVAL_CONFIRMATION_DAYS)}); ${what}: confirm again with ${example}`,
      });
    }
  }
  return problems;
}

/** Throws a ConfigError naming everything the update would destroy without confirmation. */
export function assertNoSilentRemoval(args: Parameters<typeof removalProblems>[0]): void {
  const problems = removalProblems(args);
  if (problems.length > 0) throw new ConfigError(problems);
}
