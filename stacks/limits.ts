/**
 * The clouds' documented limits for counts and sizes the stack config sets. Each bound carries
 * its source; a value beyond it would fail at the provider's API in the middle of an update, so
 * the plan refuses it first (exit 2, naming the key).
 */
import { z } from "zod";

const within = (min: number, max: number, what: string) =>
  // A minimum of 1 reads as "must be greater than 0", like every other positive count.
  (min === 1 ? z.number().int().positive() : z.number().int().min(min)).max(max, { error: (issue) => `${JSON.stringify(issue.input)} is above the ${what} limit of ${max}` });

/**
 * Nodes per EKS managed node group: 450 (service quota, not adjustable per group).
 * Source: https://docs.aws.amazon.com/eks/latest/userguide/service-quotas.html
 */
export const EKS_MAX_NODES_PER_NODE_GROUP = 450;

/**
 * EBS gp3 volume size: 1 GiB to 16,384 GiB (16 TiB).
 * Source: https://docs.aws.amazon.com/ebs/latest/userguide/general-purpose.html#gp3-ebs-volume-type
 */
export const ebsVolumeGb = within(1, 16_384, "EBS gp3 volume size (GiB)");

/**
 * RDS for PostgreSQL allocated storage (gp2/gp3): 20 GiB to 65,536 GiB (64 TiB).
 * Source: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Storage.html#Concepts.Storage.GeneralSSD
 */
export const rdsStorageGb = within(20, 65_536, "RDS for PostgreSQL storage (GiB)");

/**
 * CloudWatch Logs accepts only these retention periods (days).
 * Source: https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
 */
export const CLOUDWATCH_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

export const cloudWatchRetentionDays = z
  .number()
  .int()
  .refine((d) => (CLOUDWATCH_RETENTION_DAYS as readonly number[]).includes(d), {
    error: (issue) => `${JSON.stringify(issue.input)} is not a CloudWatch Logs retention period (one of ${CLOUDWATCH_RETENTION_DAYS.join(", ")} days)`,
  });

/**
 * SSM hybrid activation registration limit: 1 to 1,000 managed nodes.
 * Source: https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_CreateActivation.html
 */
export const ssmRegistrationLimit = within(1, 1000, "SSM hybrid activation registration");

/**
 * Cloud Run vCPU per instance: at most 8.
 * Source: https://cloud.google.com/run/docs/configuring/services/cpu
 */
export const cloudRunCpu = within(1, 8, "Cloud Run vCPU per instance");
