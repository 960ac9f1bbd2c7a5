import { z } from "zod";
import { email, positiveInt } from "./common";

export const SYSTEM_NAMES = ["neuralLedger", "convergence", "snnFusion", "nca", "zkpLedger"] as const;
export type SystemName = (typeof SYSTEM_NAMES)[number];

export const ENVIRONMENTS = ["staging", "production"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export const environment = z.enum(ENVIRONMENTS, {
  error: (issue) => `${JSON.stringify(issue.input)} is not an environment (one of ${ENVIRONMENTS.join(", ")})`,
});

/** `neurastack:systems`: the systems this stack builds. */
export const systems = z
  .array(
    z.enum(SYSTEM_NAMES, {
      error: (issue) => `${JSON.stringify(issue.input)} is not a known system (one of ${SYSTEM_NAMES.join(", ")})`,
    }),
  )
  .refine((list) => new Set(list).size === list.length, { error: "names a system twice; list each system once" });

/** `neurastack:protection`: how stateful resources are guarded against deletion. */
export const protection = z.strictObject({
  /** Cloud-side deletion protection (Bigtable, BigQuery, Firestore, RDS, ...). Required in production. */
  deletionProtection: z.boolean(),
  /** Pulumi `protect: true` on stateful resources. Required in production. */
  protectResources: z.boolean(),
});

/** `neurastack:compliance`: facts every data store carries and minimums policies enforce. */
export const compliance = z.strictObject({
  /** Team that owns the data (label `owner`, GDPR Art. 30 records of processing). */
  owner: z.string().regex(/^[a-z0-9-]{2,63}$/, { error: (issue) => `${JSON.stringify(issue.input)} is not a label value (lowercase letters, digits, hyphens)` }),
  /** Minimum log retention in days for audit-relevant logs. */
  minLogRetentionDays: positiveInt,
  /** Minimum backup retention in days for PHI/PII stores. */
  minBackupRetentionDays: positiveInt,
});

/** `neurastack:alerting`: where alerts go. */
export const alerting = z.strictObject({
  /** Email notification channels (GCP) / SNS email subscriptions (AWS). */
  emails: z.array(email).min(1, { error: "needs at least one email address for alert notifications" }),
  /** GCP billing account for budget alerts; budgets are skipped when unset. */
  billingAccount: z.string().regex(/^[0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{6}$/, { error: (issue) => `${JSON.stringify(issue.input)} is not a billing account id (XXXXXX-XXXXXX-XXXXXX)` }).optional(),
});
