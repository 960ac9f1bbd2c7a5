/** Every policy pack, as data: the offline engine, the tests and the reports read this list. */
import { baselinePack } from "./baseline/pack";
import { gdprPack } from "./gdpr/pack";
import { hipaaPack } from "./hipaa/pack";
import type { PackDefinition, Rule } from "./lib/types";

export const PACKS: readonly PackDefinition[] = [hipaaPack, gdprPack, baselinePack];

/** Every rule of every pack, by id. */
export function allRules(packs: readonly PackDefinition[] = PACKS): Rule[] {
  return packs.flatMap((p) => [...p.rules]);
}
