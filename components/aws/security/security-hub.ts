/**
 * Security Hub in one region with the AWS Foundational Security Best Practices standard
 * (cdk-nag's packs are the same AWS Config rules; Security Hub evaluates them continuously on
 * the live account). Security Hub is enabled once per account and region (EnableSecurityHub
 * fails when it is already on: turn `security.securityHub.enabled` off where an organization
 * manages it). The standard's ARN is regional:
 * `arn:aws:securityhub:<region>::standards/aws-foundational-security-best-practices/v/1.0.0`
 * (Security Hub user guide, "AWS Foundational Security Best Practices standard").
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export function foundationalStandardArn(region: string): string {
  return `arn:aws:securityhub:${region}::standards/aws-foundational-security-best-practices/v/1.0.0`;
}

export interface SecurityHubArgs {
  readonly provider: aws.Provider;
  readonly region: string;
}

export class SecurityHub extends pulumi.ComponentResource {
  readonly standardsSubscriptionArn: pulumi.Output<string>;

  constructor(name: string, args: SecurityHubArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:aws:SecurityHub", name, {}, opts);
    const child: pulumi.CustomResourceOptions = { parent: this, provider: args.provider };
    // Default standards off: the subscription below is the one this program declares and keeps.
    const account = new aws.securityhub.Account(name, { enableDefaultStandards: false, autoEnableControls: true, controlFindingGenerator: "SECURITY_CONTROL" }, child);
    const subscription = new aws.securityhub.StandardsSubscription(`${name}-fsbp`, { standardsArn: foundationalStandardArn(args.region) }, { ...child, dependsOn: [account] });
    this.standardsSubscriptionArn = subscription.id;
    this.registerOutputs({ standardsSubscriptionArn: this.standardsSubscriptionArn });
  }
}
