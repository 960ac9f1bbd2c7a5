import * as aws from "@pulumi/aws";
import { BACKUP } from "../../lib/controls";
import { resourceFacts } from "../../lib/facts";
import { resourceRule } from "../../lib/rule";
import { bool, type Props } from "../../lib/values";

export const elasticacheFailover = resourceRule<Props>({
  id: "hipaa-elasticache-failover",
  description: "Production ElastiCache replication groups have automatic failover and Multi-AZ.",
  severity: "medium",
  controls: BACKUP,
  remediation: "Set `automaticFailoverEnabled: true` and `multiAzEnabled: true` with at least one replica.",
  appliesTo: [aws.elasticache.ReplicationGroup],
  check: (props, args, finding) => {
    if (!resourceFacts(args).production) return;
    if (bool(props.automaticFailoverEnabled) !== true) finding("automaticFailoverEnabled is not true");
    if (bool(props.multiAzEnabled) !== true) finding("multiAzEnabled is not true");
  },
});
