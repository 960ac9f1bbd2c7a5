/**
 * Logs and metrics of one regional cluster: the amazon-cloudwatch-observability EKS add-on
 * (CloudWatch agent for Container Insights with enhanced observability, and Fluent Bit shipping
 * container logs to CloudWatch Logs), with its IRSA role, and the Container Insights log groups
 * created up front so they carry the retention (guide: 90 days) and a KMS key (the add-on
 * would otherwise create them unencrypted and never-expiring).
 *
 * The add-on is cluster-wide; SNN-Fusion installs it because it is the system that runs in
 * every platform region (the other systems' logs land in the same groups).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createDataKey } from "../../aws/data/common";
import { serviceAccountTrust } from "../../aws/iam/documents";
import type { RegionalPlatform } from "../../aws/platform-contract";
import type { SystemContext } from "../../context";
import { dataLabels } from "../../labels";

export interface SnnFusionObservabilityArgs {
  readonly context: SystemContext;
  readonly regional: RegionalPlatform;
  /** Days logs are kept (guide: 90). */
  readonly logRetentionDays: number;
  /** Pinned add-on version (config `snnFusion.observabilityAddonVersion`). */
  readonly addonVersion: string;
}

/** Log groups the add-on writes to, per cluster. */
export const CONTAINER_INSIGHTS_GROUPS = ["application", "dataplane", "host", "performance"] as const;

export class SnnFusionObservability extends pulumi.ComponentResource {
  /** KMS key of the region's log groups (also used by the WAF logs). */
  readonly logsKeyArn: pulumi.Output<string>;
  /** Name of the application log group (container logs from Fluent Bit). */
  readonly applicationLogGroup: pulumi.Output<string>;

  constructor(name: string, args: SnnFusionObservabilityArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:systems:SnnFusionObservability", name, {}, opts);
    const { context, regional } = args;
    const provider = regional.aws;
    const child = { parent: this, provider };
    const labels = dataLabels(context.labels, { classification: "pii", jurisdiction: regional.region.jurisdiction, purpose: "container-logs" });

    const key = createDataKey(this, `${name}-logs`, { context, provider, dataLabels: labels }, { description: `CloudWatch Logs of SNN-Fusion in ${regional.region.name}`, allowCloudWatchLogs: true });

    const groups = CONTAINER_INSIGHTS_GROUPS.map(
      (kind) =>
        new aws.cloudwatch.LogGroup(
          `${name}-${kind}`,
          { name: pulumi.interpolate`/aws/containerinsights/${regional.clusterName}/${kind}`, retentionInDays: args.logRetentionDays, kmsKeyId: key.arn, tags: labels },
          { ...child, protect: context.config.protection.protectResources },
        ),
    );

    // The add-on's agent and Fluent Bit run as amazon-cloudwatch/cloudwatch-agent.
    const role = new aws.iam.Role(
      `${name}-agent`,
      {
        description: "IRSA role of amazon-cloudwatch/cloudwatch-agent (Container Insights, Fluent Bit)",
        assumeRolePolicy: serviceAccountTrust(regional.oidcProviderArn, regional.oidcIssuer, "amazon-cloudwatch", "cloudwatch-agent"),
        tags: {},
      },
      child,
    );
    const attachment = new aws.iam.RolePolicyAttachment(`${name}-agent`, { role: role.name, policyArn: "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy" }, child);

    new aws.eks.Addon(
      `${name}-addon`,
      {
        clusterName: regional.clusterName,
        addonName: "amazon-cloudwatch-observability",
        // Pinned: an unpinned "most recent" version would change the agents on any `pulumi up`.
        addonVersion: args.addonVersion,
        serviceAccountRoleArn: role.arn,
        resolveConflictsOnCreate: "OVERWRITE",
        resolveConflictsOnUpdate: "OVERWRITE",
        configurationValues: JSON.stringify({
          containerLogs: { enabled: true },
          agent: { config: { logs: { metrics_collected: { kubernetes: { enhanced_container_insights: true } } } } },
        }),
        tags: {},
      },
      // The agents are DaemonSets: install once the cluster's nodes and add-ons are ready.
      { ...child, dependsOn: [...groups, attachment, ...(regional.ready ?? [])] },
    );

    this.logsKeyArn = key.arn;
    this.applicationLogGroup = groups[0].name;
    this.registerOutputs({ logsKeyArn: this.logsKeyArn, applicationLogGroup: this.applicationLogGroup });
  }
}
