import * as gcp from "@pulumi/gcp";
import { BACKUP, HIPAA } from "../../lib/controls";
import { resourceFacts } from "../../lib/facts";
import { resourceRule } from "../../lib/rule";
import { type Props } from "../../lib/values";

/** Production Bigtable says so explicitly: a provider default is not a reviewed decision. */
export const bigtableDeletionProtection = resourceRule<Props>({
  id: "hipaa-bigtable-deletion-protection",
  description: "Production Bigtable instances set deletionProtection: true and their tables deletionProtection: PROTECTED.",
  severity: "high",
  controls: [...BACKUP, HIPAA.integrity],
  remediation: "Set `deletionProtection: true` on the instance and `deletionProtection: \"PROTECTED\"` on each table in production (config protection.deletionProtection).",
  appliesTo: [gcp.bigtable.Instance, gcp.bigtable.Table],
  check: (props, args, finding) => {
    if (!resourceFacts(args).production) return;
    if (args.isType(gcp.bigtable.Instance)) {
      if (props.deletionProtection !== true) finding(`deletionProtection is ${String(props.deletionProtection ?? "not set")}`);
    } else if (props.deletionProtection !== "PROTECTED") {
      finding(`table deletionProtection is ${String(props.deletionProtection ?? "not set")}`);
    }
  },
});
