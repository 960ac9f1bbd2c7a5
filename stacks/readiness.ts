/**
 * The readiness model: every deployment-specific value declared once (DEPLOYMENT_INPUTS, one
 * line per key), and the check that finds those still missing or placeholders.
 *
 * A preview (`pulumi preview`, `npm run plan`) accepts placeholders, so the program plans on a
 * fresh clone, and lists them under "Before the first deploy". A real update (`pulumi up`,
 * `npm run plan -- --update`) refuses them with one config error naming every key. In
 * production every image key must also be pinned by digest (a config error on any operation).
 *
 * Adding a key: one line in DEPLOYMENT_INPUTS, then `node tools/run-ts.js tools/readiness-docs.ts`
 * to regenerate the README's `pulumi config set` lines and the comments of Pulumi.production.yaml.
 * A declared key that the config does not have (a disabled system, an optional setting left
 * unset) is skipped.
 */
import { ConfigError, keyPath, type ConfigProblem } from "./errors";
import { DIGEST_PIN_RULE, isDigestPinned } from "./images";
import * as detect from "./placeholders";

/** What a value is: how placeholders are recognised and what the README shows as an example. */
export const INPUT_KINDS = {
  domain: { detect: detect.domain, example: "<api.your-company.com>" },
  email: { detect: detect.emailAddress, example: "<oncall@your-company.com>" },
  image: { detect: detect.image, example: "<registry>/<repository>@sha256:<64 hex>" },
  arn: { detect: detect.arn, example: "arn:aws:iam::<account>:role/<name>" },
  billingAccount: { detect: detect.billingAccount, example: "<XXXXXX-XXXXXX-XXXXXX>" },
  hostedZoneId: { detect: detect.hostedZoneId, example: "<Z...>" },
  numericId: { detect: detect.numericId, example: "<digits>" },
  projectId: { detect: detect.projectId, example: "<gcp-project-id>" },
  cidr: { detect: detect.cidr, example: "<203.0.113.0/24 of the deploy runner>" },
  text: { detect: detect.marker, example: "<value>" },
  /** Which step of a new zone this update is (stacks/sections/dns.ts); `undeclared` only plans. */
  delegation: { detect: (value: string) => (value === "undeclared" ? "is undeclared: set pending (first update: the new zone only), done (its NS records are delegated from the parent) or name an existing zone with done" : undefined), example: "pending | done" },
  /** Whether the program creates a service-linked role the account may already have. */
  serviceLinkedRole: { detect: (value: string) => (value === "undeclared" ? "is undeclared: set create (a fresh account without the role) or exists (`aws iam get-role --role-name AWSServiceRoleForAutoScaling` finds it)" : undefined), example: "create | exists" },
  /** A boolean the operator sets to true once an outside step is done (e.g. NS delegation). */
  confirmation: { detect: (value: string) => (value === "true" ? undefined : "is not confirmed yet"), example: "true" },
} as const;
export type InputKind = keyof typeof INPUT_KINDS;

export interface DeploymentInput {
  /** Config path under `neurastack:`: dots for objects, `[*]` for every element of a list. */
  readonly key: string;
  readonly kind: InputKind;
  /** What the value is for, as an operator reads it in the report, the README and the stack file. */
  readonly description: string;
  /** An empty list or string is missing (default: empty is a valid choice, e.g. "no public endpoint"). */
  readonly required?: boolean;
}

/**
 * Every deployment-specific value of the program. Keys of a system that a stack does not
 * enable, and optional keys left unset, are skipped.
 */
export const DEPLOYMENT_INPUTS: readonly DeploymentInput[] = [
  { key: "alerting.emails", kind: "email", required: true, description: "Addresses that receive alerts (GCP notification channels, SNS email subscriptions)" },
  { key: "alerting.billingAccount", kind: "billingAccount", description: "GCP billing account of the budget alerts" },
  { key: "alerting.slack[*].workspaceId", kind: "text", description: "Slack workspace (team) id of an alert channel, authorised once in the AWS Chatbot console" },
  { key: "alerting.slack[*].channelId", kind: "text", description: "Slack channel id that receives the channel's severities" },
  { key: "alerting.teams[*].tenantId", kind: "text", description: "Microsoft Entra tenant of a Teams alert channel (AWS Chatbot)" },
  { key: "alerting.teams[*].teamId", kind: "text", description: "Microsoft Teams team id of the channel" },
  { key: "alerting.teams[*].channelId", kind: "text", description: "Microsoft Teams channel id that receives the channel's severities" },
  { key: "alerting.sms.numbers", kind: "text", description: "Phone numbers (E.164) paged by SMS for critical alerts" },
  { key: "platform.adminRoleArns", kind: "arn", required: true, description: "IAM roles given cluster-admin access on every EKS cluster (platform team, break-glass)" },
  { key: "platform.deployRunner", kind: "text", description: "Deploy runner: label of the self-hosted GitHub Actions runner inside the VPCs that runs `pulumi up` (private EKS endpoints); production needs it unless endpointPublicAccessCidrs is set" },
  { key: "platform.autoScalingServiceLinkedRole", kind: "serviceLinkedRole", description: "AWSServiceRoleForAutoScaling, which the EBS key policies name: create it in a fresh account, or say it exists" },
  { key: "platform.endpointPublicAccessCidrs", kind: "cidr", description: "Deploy runner: CIDRs allowed to reach the public EKS endpoints; empty keeps them private, so `pulumi up` must run inside the VPCs" },
  { key: "neuralLedger.projectId", kind: "projectId", required: true, description: "GCP project of the Neural Ledger" },
  { key: "convergence.projectId", kind: "projectId", required: true, description: "GCP project of the Convergence API" },
  { key: "convergence.image", kind: "image", required: true, description: "Convergence API image, pushed to the Artifact Registry repository outputs.registries.convergence names" },
  { key: "convergence.loadBalancer.domains", kind: "domain", description: "Public names of the Convergence load balancer (managed certificate; point their A records at the load balancer address)" },
  { key: "convergence.adminGroup", kind: "email", description: "Google group that administers the Convergence BigQuery dataset" },
  { key: "convergence.accessPolicyId", kind: "numericId", description: "Organization access policy of the VPC Service Controls perimeter" },
  { key: "snnFusion.domain", kind: "domain", required: true, description: "Public domain of the SNN-Fusion global and regional endpoints (in snnFusion.zone)" },
  { key: "snnFusion.zone.zoneId", kind: "hostedZoneId", description: "Existing public Route53 zone of snnFusion.domain (unset: zoneDomain, or a new zone delegated in two steps)" },
  { key: "snnFusion.zone.zoneDomain", kind: "domain", description: "Existing public Route53 zone of snnFusion.domain, looked up by its name" },
  { key: "snnFusion.zone.delegation", kind: "delegation", description: "New zone: pending for the first update (zone only; delegate it to the exported nameServers), then done (certificates and the edge)" },
  { key: "snnFusion.image", kind: "image", required: true, description: "SNN-Fusion API image (ECR repository <env>/snn-fusion/api; each region pulls its replica)" },
  { key: "snnFusion.gpuImage", kind: "image", required: true, description: "SNN-Fusion GPU inference image (ECR repository <env>/snn-fusion/gpu-inference)" },
  { key: "snnFusion.bootstrapImages.awsCli", kind: "image", required: true, description: "AWS CLI image of the SNN-Fusion database-role bootstrap Job" },
  { key: "snnFusion.bootstrapImages.postgres", kind: "image", required: true, description: "psql image of the SNN-Fusion database-role bootstrap Job (PostgreSQL 15 client)" },
  { key: "nca.host", kind: "domain", required: true, description: "Public host of the NCA API (ACM certificate, Route53 alias)" },
  { key: "nca.ingress.zoneId", kind: "hostedZoneId", description: "Existing Route53 hosted zone that holds nca.host (unset: the program creates one to delegate)" },
  { key: "nca.ingress.zoneDomain", kind: "domain", description: "Existing public Route53 zone that holds nca.host, looked up by its name" },
  { key: "nca.ingress.delegation", kind: "delegation", description: "New zone: pending for the first update (zone only; delegate it to the exported nameServers), then done (certificate, Ingress, record)" },
  { key: "nca.apiImage", kind: "image", required: true, description: "NCA API image, also runs the migrations and backups (ECR repository <env>/nca/api)" },
  { key: "nca.workerImage", kind: "image", required: true, description: "NCA worker image (ECR repository <env>/nca/worker)" },
  { key: "nca.bootstrapImages.awsCli", kind: "image", required: true, description: "AWS CLI image of the NCA database-role bootstrap Job (public.ecr.aws/aws-cli/aws-cli)" },
  { key: "nca.bootstrapImages.postgres", kind: "image", required: true, description: "psql image of the NCA database-role bootstrap Job (PostgreSQL 15 client)" },
  { key: "zkpLedger.image", kind: "image", required: true, description: "ZKP Dataset Ledger node image, also runs the backups (ECR repository <env>/zkp-ledger/node)" },
  { key: "zkpLedger.loadBalancer.image", kind: "image", required: true, description: "nginx image of the ZKP ledger load balancer (nginx-unprivileged)" },
  { key: "zkpLedger.loadBalancer.dnsNames", kind: "domain", description: "Public names on the ZKP ledger load balancer's certificate" },
  { key: "zkpLedger.monitoring.grafanaImage", kind: "image", required: true, description: "Grafana image of the ZKP ledger dashboards" },
  { key: "zkpLedger.bootstrapImages.awsCli", kind: "image", required: true, description: "AWS CLI image of the ZKP ledger database-role bootstrap Job" },
  { key: "zkpLedger.bootstrapImages.postgres", kind: "image", required: true, description: "psql image of the ZKP ledger database-role bootstrap Job (PostgreSQL 15 client)" },
];

/** One value still to set before the first `pulumi up`. */
export interface ReadinessItem {
  /** Full key, e.g. `neurastack:snnFusion.domain` (as `pulumi config set --path` takes it). */
  readonly key: string;
  /** The value in effect (stack file or preset); "[secret]" for secret settings. */
  readonly value: unknown;
  /** Why it cannot be deployed. */
  readonly why: string;
  readonly description: string;
}

type Path = (string | number)[];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Concrete paths and values of a declared key; none when the config does not have it. */
export function valuesAt(root: unknown, key: string): { path: Path; value: unknown }[] {
  let found: { path: Path; value: unknown }[] = [{ path: [], value: root }];
  for (const segment of key.split(".")) {
    const wildcard = segment.endsWith("[*]");
    const name = wildcard ? segment.slice(0, -3) : segment;
    const next: { path: Path; value: unknown }[] = [];
    for (const { path, value } of found) {
      if (!isRecord(value) || value[name] === undefined) continue;
      const child = value[name];
      if (wildcard) {
        if (Array.isArray(child)) child.forEach((v, i) => next.push({ path: [...path, name, i], value: v }));
      } else next.push({ path: [...path, name], value: child });
    }
    found = next;
  }
  return found;
}

const show = (value: unknown): string => (typeof value === "string" ? value : JSON.stringify(value));

/** Why `value` (of a declared input) cannot be deployed, or undefined when it can. */
export function notReady(input: DeploymentInput, value: unknown): string | undefined {
  const { detect: check } = INPUT_KINDS[input.kind];
  if (Array.isArray(value)) {
    if (value.length === 0) return input.required ? "is empty" : undefined;
    const reasons = [...new Set(value.map((v) => check(show(v))).filter((r): r is string => r !== undefined))];
    return reasons.length > 0 ? reasons.join("; ") : undefined;
  }
  if (value === "" || value === null) return input.required ? "is empty" : undefined;
  return check(show(value));
}

/**
 * Deployment inputs of `config` that are missing or placeholders. `config` is the validated
 * stack config (presets merged); `secretKeys` are top-level keys set with `--secret` (their
 * values are checked but never shown).
 */
export function readinessOf(config: unknown, secretKeys: ReadonlySet<string> = new Set(), inputs: readonly DeploymentInput[] = DEPLOYMENT_INPUTS): ReadinessItem[] {
  const items: ReadinessItem[] = [];
  for (const input of inputs) {
    for (const { path, value } of valuesAt(config, input.key)) {
      const why = notReady(input, value);
      if (why === undefined) continue;
      const secret = typeof path[0] === "string" && secretKeys.has(path[0]);
      items.push({ key: keyPath(path), value: secret ? "[secret]" : value, why: secret ? why.split(show(value)).join("[secret]") : why, description: input.description });
    }
  }
  return items;
}

/** Thrown by a real update while deployment inputs are missing or placeholders. */
export class NotReadyError extends ConfigError {
  readonly items: readonly ReadinessItem[];
  constructor(items: readonly ReadinessItem[]) {
    super(items.map((i): ConfigProblem => ({ key: i.key, value: i.value, rule: `${i.why} (${i.description})` })));
    this.name = "NotReadyError";
    this.items = items;
    this.message =
      `not ready for \`pulumi up\`: ${items.length} deployment input${items.length === 1 ? " is" : "s are"} missing or placeholders; set ${items.length === 1 ? "it" : "each"} with \`pulumi config set --path\` (README, "Deployment inputs"):\n` +
      items.map((i) => `  ${i.key}: ${i.why} (${i.description})`).join("\n");
  }
}

/** Refuses an update (never a preview) while any deployment input is missing or a placeholder. */
export function assertReady(config: unknown, operation: "preview" | "update", secretKeys: ReadonlySet<string> = new Set()): void {
  if (operation !== "update") return;
  const items = readinessOf(config, secretKeys);
  if (items.length > 0) throw new NotReadyError(items);
}

/** The image keys DEPLOYMENT_INPUTS declares. */
export const IMAGE_KEYS: readonly string[] = DEPLOYMENT_INPUTS.filter((i) => i.kind === "image").map((i) => i.key);

/**
 * Production images pinned by digest: one issue per image key holding a tag-only reference.
 * `config` may be partly invalid (read defensively); paths are relative to the config root.
 */
export function unpinnedImages(config: unknown): { path: Path; value: string; message: string }[] {
  const out: { path: Path; value: string; message: string }[] = [];
  for (const key of IMAGE_KEYS) {
    for (const { path, value } of valuesAt(config, key)) {
      if (typeof value === "string" && !isDigestPinned(value)) out.push({ path, value, message: `${JSON.stringify(value)} is not pinned by digest; ${DIGEST_PIN_RULE}` });
    }
  }
  return out;
}
