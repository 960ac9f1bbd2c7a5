import { z } from "zod";
import { AWS_REGIONS, GCP_REGIONS, GCP_MULTI_REGIONS, JURISDICTIONS } from "../regions";

/** Shared field types: each carries its rule in its error message. */

export const jurisdiction = z.enum(JURISDICTIONS, {
  error: (issue) => `${JSON.stringify(issue.input)} is not a jurisdiction (one of ${JURISDICTIONS.join(", ")})`,
});

export const awsRegionName = z.string().refine((name) => name in AWS_REGIONS, {
  error: (issue) => `${JSON.stringify(issue.input)} is not a known AWS region`,
});

export const gcpRegionName = z.string().refine((name) => name in GCP_REGIONS, {
  error: (issue) => `${JSON.stringify(issue.input)} is not a known GCP region`,
});

export const gcpLocation = z.string().refine((name) => name in GCP_REGIONS || name in GCP_MULTI_REGIONS, {
  error: (issue) => `${JSON.stringify(issue.input)} is not a known GCP region or multi-region (US, EU)`,
});

/** GCP project ids: 6-30 chars, lowercase letters, digits, hyphens, starting with a letter. */
export const gcpProjectId = z
  .string({ error: (issue) => (issue.input === undefined ? "is required (the GCP project id)" : `${JSON.stringify(issue.input)} is not a string`) })
  .regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, {
    error: (issue) => `${JSON.stringify(issue.input)} is not a valid GCP project id (6-30 lowercase letters, digits, hyphens)`,
  });

export const count = z.number().int().nonnegative();
export const positiveInt = z.number().int().positive();
export const days = z.number().int().min(1).max(3650);

export const cidr = z.string().regex(/^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/, {
  error: (issue) => `${JSON.stringify(issue.input)} is not an IPv4 CIDR block`,
});

export const email = z.string().regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, {
  error: (issue) => `${JSON.stringify(issue.input)} is not an email address`,
});

/** Autoscaling bounds: min <= desired <= max is checked by `checkScaling`. */
export const scaling = z.strictObject({
  min: count,
  max: positiveInt,
  desired: count.optional(),
});
export type Scaling = z.infer<typeof scaling>;

/** Adds a "min > max" issue (and desired out of range) under `path`. */
export function checkScaling(value: Scaling, ctx: z.RefinementCtx, path: (string | number)[]): void {
  if (value.min > value.max) {
    ctx.addIssue({ code: "custom", path: [...path, "min"], input: value.min, message: `${value.min} is greater than max (${value.max}); min must be <= max` });
  }
  if (value.desired !== undefined && (value.desired < value.min || value.desired > value.max)) {
    ctx.addIssue({
      code: "custom",
      path: [...path, "desired"],
      input: value.desired,
      message: `${value.desired} is outside [min ${value.min}, max ${value.max}]; desired must lie between them`,
    });
  }
}
