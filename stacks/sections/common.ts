import { z } from "zod";
import { EKS_MAX_NODES_PER_NODE_GROUP } from "../limits";
import { isCidr, parseCidr } from "../networks";
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

/**
 * GCP project ids: 6-30 characters, lowercase letters, digits and hyphens, starting with a letter,
 * not ending with a hyphen, and without the restricted strings Google refuses.
 * Source: https://cloud.google.com/resource-manager/docs/creating-managing-projects#before_you_begin
 * ("cannot contain restricted strings such as google, null, undefined and ssl").
 */
export const GCP_PROJECT_ID_FORBIDDEN = ["google", "null", "undefined", "ssl"] as const;

export function gcpProjectIdRule(id: string): string | undefined {
  if (id.length < 6 || id.length > 30) return `has ${id.length} characters; a GCP project id has 6-30`;
  if (!/^[a-z]/.test(id)) return "must start with a lowercase letter";
  if (!/^[a-z0-9-]+$/.test(id)) return "may hold only lowercase letters, digits and hyphens";
  if (id.endsWith("-")) return "must not end with a hyphen";
  const word = GCP_PROJECT_ID_FORBIDDEN.find((w) => id.includes(w));
  if (word) return `contains ${JSON.stringify(word)}, which Google does not allow in project ids (${GCP_PROJECT_ID_FORBIDDEN.join(", ")})`;
  return undefined;
}

export const gcpProjectId = z
  .string({ error: (issue) => (issue.input === undefined ? "is required (the GCP project id)" : undefined) })
  .superRefine((id, ctx) => {
    const rule = gcpProjectIdRule(id);
    if (rule) ctx.addIssue({ code: "custom", input: id, message: `${JSON.stringify(id)} is not a valid GCP project id: ${rule}` });
  });

export const count = z.number().int().nonnegative();
export const positiveInt = z.number().int().positive();
export const days = z.number().int().min(1).max(3650);

/** An IPv4 CIDR block parsed by ipaddr.js (stacks/networks.ts): octets, prefix length, host bits. */
export const cidr = z.string().superRefine((block, ctx) => {
  const c = parseCidr(block);
  if (!isCidr(c)) ctx.addIssue({ code: "custom", input: block, message: `${JSON.stringify(block)} ${c.rule}` });
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

/** Node counts of an EKS managed node group: at most EKS_MAX_NODES_PER_NODE_GROUP (stacks/limits.ts). */
export const nodeScaling = z.strictObject({
  min: count.max(EKS_MAX_NODES_PER_NODE_GROUP),
  max: positiveInt.max(EKS_MAX_NODES_PER_NODE_GROUP, { error: (issue) => `${JSON.stringify(issue.input)} is above the EKS limit of ${EKS_MAX_NODES_PER_NODE_GROUP} nodes per managed node group` }),
  desired: count.max(EKS_MAX_NODES_PER_NODE_GROUP).optional(),
});

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
