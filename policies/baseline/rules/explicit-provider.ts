import { SECURITY } from "../../lib/controls";
import { stackRule } from "../../lib/rule";

/** DESIGN principle 3: one stack spans projects, accounts and regions only if no resource uses ambient config. */
export const explicitProvider = stackRule({
  id: "baseline-explicit-provider",
  description: "Every cloud resource names an explicit provider; none relies on the default provider's ambient configuration.",
  severity: "high",
  controls: [SECURITY.placement],
  resourceTypes: ["*"],
  remediation: "Pass `{ provider }` (or `providers` on a component) built from the system's configured project/account and region.",
  check: (args, finding) => {
    for (const r of args.resources) {
      const pkg = r.type.split(":")[0];
      if (pkg === "pulumi" || !["aws", "gcp", "kubernetes"].includes(pkg)) continue;
      if (!r.provider) finding(`${r.type} ${r.name} has no explicit provider`, r.urn);
      else if (r.provider.name.startsWith("default")) finding(`${r.type} ${r.name} uses the default provider ${r.provider.name}`, r.urn);
    }
  },
});
