import * as aws from "@pulumi/aws";
import type { PolicyResource } from "@pulumi/policy";
import { residencyAllows, type Jurisdiction } from "../../../stacks/regions";
import { effectiveJurisdiction } from "../../../stacks/jurisdictions";
import { RESIDENCY } from "../../lib/controls";
import { awsRegionInfo, awsRegionOf, jurisdictionOf } from "../../lib/facts";
import { S3_BUCKETS } from "../../lib/inventory";
import { S3_CONFIG } from "../../lib/s3";
import { stackRule, typeToken } from "../../lib/rule";
import { StackView } from "../../lib/stack";
import { records, str, type Props } from "../../lib/values";

const RDS = typeToken(aws.rds.Instance);
const REDIS = typeToken(aws.elasticache.ReplicationGroup);
const GLOBAL_REDIS = typeToken(aws.elasticache.GlobalReplicationGroup);

interface End {
  readonly name: string;
  readonly region: string;
  readonly jurisdiction: Jurisdiction | undefined;
}

/**
 * Replication edges between resources: RDS read replicas and their source, ElastiCache global
 * datastore members and the primary, S3 replication source and destination buckets. Both ends
 * must be of one jurisdiction (tag, never weaker than the region's own: stacks/jurisdictions.ts) and the destination region must
 * be allowed for it. Unresolvable ends (ARNs outside the stack) are judged by their region.
 */
export const replicationWithinJurisdiction = stackRule({
  id: "gdpr-replication-within-jurisdiction",
  description: "No replication edge (RDS replica, ElastiCache global datastore, S3 replication) joins regions of different jurisdictions.",
  severity: "critical",
  controls: RESIDENCY,
  resourceTypes: [RDS, REDIS, GLOBAL_REDIS, ...S3_BUCKETS, ...S3_CONFIG.replication],
  remediation: "Replicate only among regions of the same jurisdiction (EU to EU for GDPR); the config loader's residency check shows the allowed layout.",
  check: (args, finding) => {
    const view = new StackView(args.resources);
    const end = (r: PolicyResource): End => {
      const region = awsRegionOf(r.props as Props, r.provider) ?? "";
      // The tag, unless it drops the region's own obligations (stacks/jurisdictions.ts).
      return { name: r.name, region, jurisdiction: effectiveJurisdiction(jurisdictionOf(view.factLabels(r)), "aws", region) };
    };
    const fromArn = (arn: string): End | undefined => {
      const region = arn.split(":")[3];
      return region ? { name: arn, region, jurisdiction: effectiveJurisdiction(undefined, "aws", region) } : undefined;
    };
    const edge = (kind: string, source: End | undefined, target: End, urn: string) => {
      if (!source) return;
      const targetInfo = awsRegionInfo(target.region);
      if (source.jurisdiction !== target.jurisdiction) {
        finding(`${kind} ${source.name} (${source.region}, ${source.jurisdiction ?? "unknown"}) -> ${target.name} (${target.region}, ${target.jurisdiction ?? "unknown"}) crosses jurisdictions`, urn);
      } else if (source.jurisdiction && targetInfo && !residencyAllows(source.jurisdiction, targetInfo)) {
        finding(`${kind} ${source.name} -> ${target.name}: ${target.region} is not allowed for ${source.jurisdiction} data`, urn);
      }
    };

    const instances = view.refIndex([RDS], ["arn", "identifier", "id"]);
    for (const db of view.ofType(RDS)) {
      const source = str((db.props as Props).replicateSourceDb);
      if (!source) continue;
      const src = instances.get(source);
      edge("RDS replica", src ? end(src) : source.startsWith("arn:") ? fromArn(source) : undefined, end(db), db.urn);
    }

    const groups = view.refIndex([REDIS], ["replicationGroupId", "id", "arn"]);
    const globals = view.refIndex([GLOBAL_REDIS], ["globalReplicationGroupId", "id"]);
    for (const rg of view.ofType(REDIS)) {
      const globalId = str((rg.props as Props).globalReplicationGroupId);
      const global = globalId ? globals.get(globalId) : undefined;
      const primary = global ? groups.get(str((global.props as Props).primaryReplicationGroupId) ?? "") : undefined;
      if (primary && primary.urn !== rg.urn) edge("global datastore", end(primary), end(rg), rg.urn);
    }

    const bucketsByName = view.refIndex(S3_BUCKETS, ["bucket", "id"]);
    for (const config of view.ofType(...S3_CONFIG.replication)) {
      const props = config.props as Props;
      const source = bucketsByName.get(str(props.bucket) ?? "");
      for (const rule of records(props.rules)) {
        const destArn = str((rule.destination as Props | undefined)?.bucket) ?? "";
        const dest = bucketsByName.get(destArn.replace(/^arn:aws[a-z-]*:s3:::/, ""));
        if (!dest) {
          finding(`S3 replication from ${str(props.bucket)} to ${destArn}: the destination bucket is not in this stack, so its region cannot be verified`, config.urn);
          continue;
        }
        edge("S3 replication", source ? end(source) : undefined, end(dest), config.urn);
      }
    }
  },
});
