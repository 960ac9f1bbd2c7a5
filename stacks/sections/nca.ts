import { z } from "zod";
import { awsRegionName, checkScaling, days, positiveInt, scaling } from "./common";

const resources = z.strictObject({ cpu: z.string(), memory: z.string() });

/** `neurastack:nca` (seed 003): NeuroCognitive Architecture on a platform cluster. */
export const nca = z
  .strictObject({
    /** Platform region whose cluster hosts NCA. */
    cluster: awsRegionName,
    apiImage: z.string().min(1),
    workerImage: z.string().min(1),
    logLevel: z.enum(["debug", "info", "warning", "error"]),
    debug: z.boolean(),
    host: z.string().regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/),
    memory: z.strictObject({ shortTermSize: positiveInt, workingSize: positiveInt, longTermBackend: z.enum(["postgres", "redis"]) }),
    llm: z.strictObject({ provider: z.string().min(1), model: z.string().min(1) }),
    api: z.strictObject({ replicas: scaling, requests: resources, limits: resources }),
    worker: z.strictObject({ replicas: scaling, requests: resources, limits: resources }),
    storageGb: positiveInt,
    database: z.strictObject({ instanceClass: z.string(), allocatedStorageGb: positiveInt, backupRetentionDays: z.number().int().min(1).max(35) }),
    dataSubjectRequests: z.strictObject({ reservedConcurrency: positiveInt, logRetentionDays: days, timeoutSeconds: z.number().int().min(1).max(900) }),
  })
  .superRefine((value, ctx) => {
    checkScaling(value.api.replicas, ctx, ["api", "replicas"]);
    checkScaling(value.worker.replicas, ctx, ["worker", "replicas"]);
  });
export type NcaConfig = z.infer<typeof nca>;

type Input = z.input<typeof nca>;
const staging: Input = {
  cluster: "us-east-1",
  apiImage: "neuroca/api:1.2.3",
  workerImage: "neuroca/worker:1.2.3",
  logLevel: "debug",
  debug: false,
  host: "nca-staging.neurascale.example",
  memory: { shortTermSize: 1000, workingSize: 100, longTermBackend: "postgres" },
  llm: { provider: "openai", model: "gpt-4" },
  api: { replicas: { min: 1, max: 4 }, requests: { cpu: "1", memory: "2Gi" }, limits: { cpu: "2", memory: "4Gi" } },
  worker: { replicas: { min: 1, max: 4 }, requests: { cpu: "1", memory: "2Gi" }, limits: { cpu: "2", memory: "4Gi" } },
  storageGb: 50,
  database: { instanceClass: "db.t4g.large", allocatedStorageGb: 50, backupRetentionDays: 7 },
  dataSubjectRequests: { reservedConcurrency: 5, logRetentionDays: 30, timeoutSeconds: 60 },
};
/** Guide numbers per environment (resource section: 4 cores / 8 GB minimum, 8+ / 16 GB+ in production). */
export const ncaPresets = {
  staging,
  production: {
    ...staging,
    logLevel: "info",
    host: "nca.neurascale.example",
    api: { replicas: { min: 2, max: 10 }, requests: { cpu: "2", memory: "4Gi" }, limits: { cpu: "4", memory: "8Gi" } },
    worker: { replicas: { min: 2, max: 10 }, requests: { cpu: "2", memory: "4Gi" }, limits: { cpu: "4", memory: "8Gi" } },
    storageGb: 100,
    database: { instanceClass: "db.r6g.large", allocatedStorageGb: 100, backupRetentionDays: 30 },
    dataSubjectRequests: { reservedConcurrency: 10, logRetentionDays: 90, timeoutSeconds: 60 },
  },
} satisfies Record<"staging" | "production", Input>;
