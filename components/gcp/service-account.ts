/**
 * A workload service account with exactly the role bindings its owner lists, each on the
 * narrowest resource that supports IAM (see ./iam.ts). Nothing else grants roles to it, so
 * the list in the Args is the account's whole access.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { grantRole, type Grant } from "./iam";

export interface ServiceAccountArgs {
  readonly provider: gcp.Provider;
  readonly project: pulumi.Input<string>;
  /** 6-30 characters, lowercase letters, digits, hyphens. */
  readonly accountId: string;
  readonly displayName: string;
  readonly description?: string;
  /**
   * The account's grants, keyed by a stable short name (becomes the child resource name
   * suffix, so renaming a key replaces the binding). Default: none.
   */
  readonly grants?: Readonly<Record<string, Grant>>;
}

export class ServiceAccount extends pulumi.ComponentResource {
  readonly account: gcp.serviceaccount.Account;
  readonly email: pulumi.Output<string>;
  /** `serviceAccount:<email>`, the IAM member string. */
  readonly member: pulumi.Output<string>;
  /** `projects/<project>/serviceAccounts/<email>`, for APIs that take the resource name. */
  readonly id: pulumi.Output<string>;
  readonly bindings: readonly pulumi.CustomResource[];

  constructor(name: string, args: ServiceAccountArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:gcp:ServiceAccount", name, {}, opts);
    if (!/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(args.accountId)) {
      throw new Error(`${name}: accountId ${JSON.stringify(args.accountId)} must be 6-30 lowercase letters, digits or hyphens`);
    }
    const child = { parent: this, provider: args.provider };
    this.account = new gcp.serviceaccount.Account(`${name}-account`, {
      project: args.project,
      accountId: args.accountId,
      displayName: args.displayName,
      description: args.description,
    }, child);
    this.email = this.account.email;
    this.member = this.account.member;
    this.id = this.account.name;
    this.bindings = Object.entries(args.grants ?? {}).map(([key, grant]) => grantRole(`${name}-${key}`, this.member, grant, child));
    this.registerOutputs({ email: this.email, member: this.member });
  }
}
