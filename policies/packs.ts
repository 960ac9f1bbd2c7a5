/** Every policy pack, as data: the offline engine, the tests and the reports read this list. */
import { baselinePack } from "./baseline/pack";
import type { PackDefinition } from "./lib/types";

export const PACKS: readonly PackDefinition[] = [baselinePack];
