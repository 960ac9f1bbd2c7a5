import * as aws from "@pulumi/aws";
import { BACKUP, HIPAA } from "../../lib/controls";
import { resourceFacts } from "../../lib/facts";
import { resourceRule } from "../../lib/rule";
import { bool, type Props } from "../../lib/values";

export const rdsDeletionProtection = resourceRule<Props>({
  id: "hipaa-rds-deletion-protection",
  description: "Production RDS instances and clusters set deletionProtection: true.",
  severity: "high",
  controls: [...BACKUP, HIPAA.integrity],
  remediation: "Set `deletionProtection: true` in production (config protection.deletionProtection).",
  appliesTo: [aws.rds.Instance, aws.rds.Cluster],
  check: (props, args, finding) => {
    if (resourceFacts(args).production && bool(props.deletionProtection) !== true) finding(`deletionProtection is ${String(props.deletionProtection ?? "not set")}`);
  },
});
