/**
 * Cloud Monitoring email notification channels, one per address, for alert policies and
 * budget alerts. Note: a channel's `labels` are its configuration (`email_address`); the
 * resource labels of a channel are `userLabels`.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import type { Labels } from "../labels";

export interface EmailChannelsArgs {
  readonly provider: gcp.Provider;
  readonly project: pulumi.Input<string>;
  /** Recipients; at least one. */
  readonly emails: readonly string[];
  /** Prefix of each channel's display name, e.g. "Neural Ledger". */
  readonly displayPrefix: string;
  /** Resource labels of the channels (system, environment, ...). */
  readonly userLabels: Labels;
  readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
}

export class EmailChannels extends pulumi.ComponentResource {
  readonly channels: readonly gcp.monitoring.NotificationChannel[];
  /** Channel resource names (projects/../notificationChannels/..), for alert policies. */
  readonly ids: pulumi.Output<string>[];

  constructor(name: string, args: EmailChannelsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:gcp:EmailChannels", name, {}, opts);
    if (args.emails.length === 0) throw new Error(`${name}: at least one email address is required`);
    this.channels = args.emails.map((email, i) =>
      new gcp.monitoring.NotificationChannel(`${name}-${i}`, {
        project: args.project,
        type: "email",
        displayName: `${args.displayPrefix}: ${email}`,
        labels: { email_address: email },
        userLabels: { ...args.userLabels },
        enabled: true,
      }, { parent: this, provider: args.provider, dependsOn: args.dependsOn }),
    );
    this.ids = this.channels.map((c) => c.name);
    this.registerOutputs({ ids: this.ids });
  }
}
