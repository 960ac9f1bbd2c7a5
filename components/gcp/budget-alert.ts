/**
 * A billing budget on one project that notifies Cloud Monitoring channels at 50%, 90% and
 * 100% of spend and at 100% of forecast spend. Without a fixed amount the budget tracks last
 * month's spend, so it flags growth rather than an absolute figure.
 *
 * The Billing Budgets API bills its calls to a quota project: with user credentials it answers
 * 403 unless the provider sets `billing_project` and `user_project_override`
 * (terraform-provider-google docs, billing_budget). The budget therefore gets its own provider
 * that charges the monitored project, where billingbudgets.googleapis.com is enabled.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";

/** Notification channels a budget may notify (Billing Budgets API: "A maximum of 5 channels"). */
export const MAX_BUDGET_CHANNELS = 5;

export interface BudgetAlertArgs {
  /** Project and region of the provider calls; the project is also the quota project. */
  readonly project: string;
  readonly region: string;
  /** Billing account id, XXXXXX-XXXXXX-XXXXXX. */
  readonly billingAccount: string;
  /** Project number the budget is filtered to. */
  readonly projectNumber: pulumi.Input<string>;
  readonly displayName: string;
  /** Monitoring notification channel names (at most 5). */
  readonly channels: readonly pulumi.Input<string>[];
  /** Monthly amount in the account's currency; default: last month's spend. */
  readonly monthlyAmount?: { readonly currencyCode: string; readonly units: number };
  readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
}

export class BudgetAlert extends pulumi.ComponentResource {
  readonly budget: gcp.billing.Budget;
  readonly provider: gcp.Provider;

  constructor(name: string, args: BudgetAlertArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:gcp:BudgetAlert", name, {}, opts);
    if (args.channels.length > MAX_BUDGET_CHANNELS) throw new Error(`${name}: a budget notifies at most ${MAX_BUDGET_CHANNELS} monitoring channels (got ${args.channels.length})`);
    this.provider = new gcp.Provider(`${name}-provider`, { project: args.project, region: args.region, billingProject: args.project, userProjectOverride: true }, { parent: this });
    this.budget = new gcp.billing.Budget(`${name}-budget`, {
      billingAccount: args.billingAccount,
      displayName: args.displayName,
      budgetFilter: { projects: [pulumi.interpolate`projects/${args.projectNumber}`], calendarPeriod: "MONTH" },
      amount: args.monthlyAmount
        ? { specifiedAmount: { currencyCode: args.monthlyAmount.currencyCode, units: String(args.monthlyAmount.units) } }
        : { lastPeriodAmount: true },
      thresholdRules: [
        { thresholdPercent: 0.5, spendBasis: "CURRENT_SPEND" },
        { thresholdPercent: 0.9, spendBasis: "CURRENT_SPEND" },
        { thresholdPercent: 1.0, spendBasis: "CURRENT_SPEND" },
        { thresholdPercent: 1.0, spendBasis: "FORECASTED_SPEND" },
      ],
      allUpdatesRule: { monitoringNotificationChannels: [...args.channels], disableDefaultIamRecipients: false },
    }, { parent: this, provider: this.provider, dependsOn: args.dependsOn });
    this.registerOutputs({ budget: this.budget.name });
  }
}
