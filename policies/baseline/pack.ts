import type { PackDefinition } from "../lib/types";
import { explicitProvider } from "./rules/explicit-provider";

/** Security baseline: what every resource of the program must satisfy, whatever its data. */
export const baselinePack: PackDefinition = {
  name: "neurastack-baseline",
  version: "0.1.0",
  enforcementLevel: "mandatory",
  rules: [explicitProvider],
};
