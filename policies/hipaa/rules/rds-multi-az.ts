import * as aws from "@pulumi/aws";
import { BACKUP } from "../../lib/controls";
import { resourceFacts } from "../../lib/facts";
import { resourceRule } from "../../lib/rule";
import { bool, str, type Props } from "../../lib/values";

export const rdsMultiAz = resourceRule<Props>({
  id: "hipaa-rds-multi-az",
  description: "Production RDS primaries run Multi-AZ.",
  severity: "medium",
  controls: BACKUP,
  remediation: "Set `multiAz: true` on production primaries (config snnFusion.database.multiAz).",
  appliesTo: [aws.rds.Instance],
  check: (props, args, finding) => {
    if (!resourceFacts(args).production || str(props.replicateSourceDb)) return;
    if (bool(props.multiAz) !== true) finding("multiAz is not true");
  },
});
