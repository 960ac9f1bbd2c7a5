import { z } from "zod";
import { awsRegionName, positiveInt } from "./common";

const resources = z.strictObject({ cpu: z.string(), memory: z.string() });

/** `neurastack:zkpLedger` (seed 004): ZKP Dataset Ledger on a platform cluster. */
export const zkpLedger = z.strictObject({
  /** Platform region whose cluster hosts the ledger. */
  cluster: awsRegionName,
  image: z.string().min(1),
  /** Secondary nodes (guide: 2). */
  secondaryNodes: z.number().int().min(0).max(16),
  resources: z.strictObject({ requests: resources, limits: resources }),
  volumeGb: positiveInt,
  backup: z.strictObject({
    fullSchedule: z.string(),
    incrementalSchedule: z.string(),
    localRetentionDays: positiveInt,
    remoteRetentionDays: positiveInt,
  }),
  database: z.strictObject({ instanceClass: z.string(), allocatedStorageGb: positiveInt, backupRetentionDays: z.number().int().min(1).max(35) }),
});
export type ZkpLedgerConfig = z.infer<typeof zkpLedger>;

type Input = z.input<typeof zkpLedger>;
const staging: Input = {
  cluster: "us-east-1",
  image: "terragon/zkp-dataset-ledger:4.0.0",
  secondaryNodes: 2,
  resources: { requests: { cpu: "1000m", memory: "2Gi" }, limits: { cpu: "2000m", memory: "4Gi" } },
  volumeGb: 50,
  backup: { fullSchedule: "0 2 * * *", incrementalSchedule: "0 */6 * * *", localRetentionDays: 30, remoteRetentionDays: 90 },
  database: { instanceClass: "db.t4g.large", allocatedStorageGb: 50, backupRetentionDays: 7 },
};
/** Guide numbers per environment (Vertical Scaling: 2Gi/1000m -> 4Gi/2000m requests). */
export const zkpLedgerPresets = {
  staging,
  production: {
    ...staging,
    resources: { requests: { cpu: "2000m", memory: "4Gi" }, limits: { cpu: "4000m", memory: "8Gi" } },
    volumeGb: 200,
    database: { instanceClass: "db.r6g.large", allocatedStorageGb: 200, backupRetentionDays: 30 },
  },
} satisfies Record<"staging" | "production", Input>;
