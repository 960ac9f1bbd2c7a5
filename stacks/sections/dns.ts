/**
 * Which public hosted zone a system's names and DNS-validated ACM certificates live in.
 *
 * ACM validates a certificate only once its validation record resolves publicly. A zone created
 * in the same run is not delegated from its parent yet, so `CertificateValidation` waits 75
 * minutes and fails (Terraform AWS provider, acm_certificate_validation timeouts; ACM user guide,
 * "DNS validation"). So config chooses:
 * - an existing public zone, by `zoneId` or by `zoneDomain` (looked up with aws.route53.getZone):
 *   certificates are created in the same run;
 * - or a new zone named after the system's domain, in two steps: `delegation: pending` creates
 *   the zone only (its name servers are exported); after the parent delegates to them,
 *   `delegation: done` creates the certificates, the Ingresses and the records.
 * The preset `undeclared` plans like `done` so a preview shows the whole deployment, and a real
 * update refuses it (stacks/readiness.ts) until the operator says which step this is.
 */
import { z } from "zod";

export const DELEGATION_STATES = ["undeclared", "pending", "done"] as const;
export type Delegation = (typeof DELEGATION_STATES)[number];

export const dnsName = z.string().regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, { error: (issue) => `${JSON.stringify(issue.input)} is not a DNS name` });
export const hostedZoneId = z.string().regex(/^Z[A-Z0-9]{1,31}$/, { error: (issue) => `${JSON.stringify(issue.input)} is not a Route53 hosted zone id (e.g. "Z0123456789ABCDEFGHIJ")` });

/** The zone choice fields (merged into a system's own config object). */
export const zoneChoiceShape = {
  /** Existing public hosted zone id. Default: none. */
  zoneId: hostedZoneId.optional(),
  /** Existing public hosted zone, looked up by its domain (aws.route53.getZone, public). Default: none. */
  zoneDomain: dnsName.optional(),
  /** New zone only: `pending` (step 1, zone only) or `done` (step 2, NS delegated: certificates). */
  delegation: z.enum(DELEGATION_STATES, { error: (issue) => `${JSON.stringify(issue.input)} is not one of ${DELEGATION_STATES.join(", ")}` }),
} as const;

export interface ZoneChoice {
  readonly zoneId?: string;
  readonly zoneDomain?: string;
  readonly delegation: Delegation;
}

/** Problems of a zone choice for names under `domain` (path: where the choice sits in the config). */
export function checkZoneChoice(choice: ZoneChoice, domain: string, ctx: z.RefinementCtx, path: (string | number)[]): void {
  if (choice.zoneId !== undefined && choice.zoneDomain !== undefined) {
    ctx.addIssue({ code: "custom", path: [...path, "zoneDomain"], input: choice.zoneDomain, message: "is set together with zoneId; name the existing zone once (by id or by domain)" });
  }
  const existing = choice.zoneId !== undefined || choice.zoneDomain !== undefined;
  if (existing && choice.delegation === "pending") {
    ctx.addIssue({ code: "custom", path: [...path, "delegation"], input: choice.delegation, message: "is pending, but an existing zone is used: an existing public zone is delegated already (use done)" });
  }
  if (choice.zoneDomain !== undefined && domain !== choice.zoneDomain && !domain.endsWith(`.${choice.zoneDomain}`)) {
    ctx.addIssue({ code: "custom", path: [...path, "zoneDomain"], input: choice.zoneDomain, message: `${JSON.stringify(choice.zoneDomain)} does not contain ${JSON.stringify(domain)}; the zone must hold the system's names` });
  }
}

/** Whether the certificates (and what serves them) are created in this run. */
export function certificatesNow(choice: ZoneChoice): boolean {
  return choice.delegation !== "pending";
}
