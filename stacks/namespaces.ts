/**
 * Config namespaces a stack may set: this project's and those of Pulumi and the providers the
 * program uses. Anything else is read by nobody, so a typo (`neurastak:platform`) would be
 * dropped silently; it is reported as an unknown key instead, by the offline reader
 * (tools/engine/project.ts) and by the program under the real CLI (stacks/load.ts).
 */
import { NAMESPACE, type ConfigProblem } from "./errors";

export const PROVIDER_NAMESPACES = ["pulumi", "aws", "gcp", "kubernetes", "random", "tls", "time"] as const;

/** One problem per `ns:key` whose namespace nobody reads. */
export function unknownNamespaceProblems(keys: Iterable<string>, project: string = NAMESPACE): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const key of keys) {
    const ns = key.includes(":") ? key.slice(0, key.indexOf(":")) : project;
    if (ns === NAMESPACE || ns === project || (PROVIDER_NAMESPACES as readonly string[]).includes(ns)) continue;
    problems.push({ key, value: undefined, rule: `is not a known setting: namespace ${JSON.stringify(ns)} is neither this project's (${NAMESPACE}) nor a provider's (${PROVIDER_NAMESPACES.join(", ")}); check the spelling` });
  }
  return problems;
}
