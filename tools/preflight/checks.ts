/**
 * Runs planned checks against the accounts through the official SDK clients (read-only calls
 * only: Get*, Describe*, List*, batchGet). Each check turns the answer into ok / missing /
 * unknown; an error the account returns (a permission, a throttle) is `unknown`, never a crash.
 */
import { DescribeInstanceTypesCommand, type EC2Client, type _InstanceType } from "@aws-sdk/client-ec2";
import { DescribeImagesCommand, type ECRClient } from "@aws-sdk/client-ecr";
import { GetRoleCommand, type IAMClient } from "@aws-sdk/client-iam";
import { GetAccountSettingsCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import { GetHostedZoneCommand, ListHostedZonesByNameCommand, type Route53Client } from "@aws-sdk/client-route-53";
import { GetAWSDefaultServiceQuotaCommand, GetServiceQuotaCommand, type ServiceQuotasClient } from "@aws-sdk/client-service-quotas";
import type { ArtifactRegistryClient } from "@google-cloud/artifact-registry";
import type { CloudBillingClient } from "@google-cloud/billing";
import type { OrgPolicyClient } from "@google-cloud/org-policy";
import type { ServiceUsageClient } from "@google-cloud/service-usage";
import type { CheckResult, CheckSpec, PlannedCheck, Status } from "./model";

/** AWS clients by region (IAM and Route53 are global). */
export interface AwsClients {
  quotas(region: string): ServiceQuotasClient;
  ec2(region: string): EC2Client;
  lambda(region: string): LambdaClient;
  ecr(region: string): ECRClient;
  iam(): IAMClient;
  route53(): Route53Client;
}

export interface GcpClients {
  readonly billing: CloudBillingClient;
  readonly serviceUsage: ServiceUsageClient;
  readonly orgPolicy: OrgPolicyClient;
  readonly artifactRegistry: ArtifactRegistryClient;
}

/** What the delegation check asks DNS (node:dns `Resolver` has this shape). */
export interface NsResolver {
  resolveNs(name: string): Promise<string[]>;
}

export interface Clients {
  readonly aws?: AwsClients;
  readonly gcp?: GcpClients;
  readonly dns?: NsResolver;
}

type Answer = { status: Status; detail: string };

const errorName = (e: unknown): string => (e as { name?: string }).name ?? "";
const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split("\n")[0];
/**
 * NOT_FOUND from a Google API: gRPC code 5, or the REST transport's HTTP 404 (google-gax's
 * fallback keeps the HTTP status in `code`, the API's status name in `status`).
 */
const isNotFound = (e: unknown): boolean => {
  const { code, status } = e as { code?: unknown; status?: unknown };
  return code === 5 || code === 404 || status === "NOT_FOUND" || status === 404 || /"status":\s*"NOT_FOUND"/.test(e instanceof Error ? e.message : "");
};

/** A quota's applied value, or the AWS default where the account has no applied value yet. */
async function quotaValue(client: ServiceQuotasClient, serviceCode: string, quotaCode: string): Promise<number | undefined> {
  try {
    return (await client.send(new GetServiceQuotaCommand({ ServiceCode: serviceCode, QuotaCode: quotaCode }))).Quota?.Value;
  } catch (e) {
    if (errorName(e) !== "NoSuchResourceException") throw e;
    return (await client.send(new GetAWSDefaultServiceQuotaCommand({ ServiceCode: serviceCode, QuotaCode: quotaCode }))).Quota?.Value;
  }
}

const normalise = (names: readonly string[]) => [...new Set(names.map((n) => n.toLowerCase().replace(/\.$/, "")))].sort();

/** Lambda keeps 100 concurrent executions unreserved for functions without a reservation (Lambda developer guide, reserved concurrency). */
export const LAMBDA_MIN_UNRESERVED = 100;

async function runAws(spec: CheckSpec, aws: AwsClients, dns: NsResolver | undefined): Promise<Answer> {
  switch (spec.kind) {
    case "aws-quota": {
      const value = await quotaValue(aws.quotas(spec.region), spec.serviceCode, spec.quotaCode);
      if (value === undefined) return { status: "unknown", detail: "Service Quotas returned no value" };
      return value >= spec.need ? { status: "ok", detail: `quota ${value}, plan needs ${spec.need}` } : { status: "missing", detail: `quota ${value} is below the ${spec.need} the plan needs` };
    }
    case "aws-vcpu": {
      const types = Object.keys(spec.instances);
      const described = await aws.ec2(spec.region).send(new DescribeInstanceTypesCommand({ InstanceTypes: types as _InstanceType[] }));
      const vcpus = new Map((described.InstanceTypes ?? []).map((t) => [t.InstanceType as string, t.VCpuInfo?.DefaultVCpus ?? 0]));
      const unknownTypes = types.filter((t) => !vcpus.has(t));
      if (unknownTypes.length > 0) return { status: "missing", detail: `${unknownTypes.join(", ")} not offered in ${spec.region}` };
      const need = types.reduce((sum, t) => sum + spec.instances[t] * vcpus.get(t)!, 0);
      const value = await quotaValue(aws.quotas(spec.region), "ec2", spec.quotaCode);
      if (value === undefined) return { status: "unknown", detail: "Service Quotas returned no value" };
      return value >= need ? { status: "ok", detail: `quota ${value} vCPUs, node pools need ${need}` } : { status: "missing", detail: `quota ${value} vCPUs is below the ${need} the node pools reach at their maximum` };
    }
    case "aws-lambda-concurrency": {
      const limits = (await aws.lambda(spec.region).send(new GetAccountSettingsCommand({}))).AccountLimit;
      const unreserved = limits?.UnreservedConcurrentExecutions;
      if (unreserved === undefined) return { status: "unknown", detail: "Lambda returned no account limits" };
      const left = unreserved - spec.reserved;
      return left >= LAMBDA_MIN_UNRESERVED
        ? { status: "ok", detail: `${unreserved} unreserved of ${limits?.ConcurrentExecutions}; ${left} left after reserving ${spec.reserved}` }
        : { status: "missing", detail: `${unreserved} unreserved of ${limits?.ConcurrentExecutions}: reserving ${spec.reserved} would leave ${left}, below the ${LAMBDA_MIN_UNRESERVED} Lambda keeps` };
    }
    case "aws-service-linked-role":
      try {
        const role = await aws.iam().send(new GetRoleCommand({ RoleName: spec.roleName }));
        return { status: "ok", detail: `exists (${role.Role?.Arn ?? spec.roleName})` };
      } catch (e) {
        if (errorName(e) === "NoSuchEntityException") return { status: "missing", detail: `${spec.roleName} does not exist` };
        throw e;
      }
    case "aws-ecr-image": {
      const imageId = spec.digest ? { imageDigest: spec.digest } : { imageTag: spec.tag ?? "latest" };
      try {
        const found = await aws.ecr(spec.region).send(new DescribeImagesCommand({ registryId: spec.account, repositoryName: spec.repository, imageIds: [imageId] }));
        const image = found.imageDetails?.[0];
        return image ? { status: "ok", detail: `pushed ${image.imagePushedAt?.toISOString().slice(0, 10) ?? ""} (${image.imageDigest})`.trim() } : { status: "missing", detail: "no such image" };
      } catch (e) {
        if (errorName(e) === "ImageNotFoundException") return { status: "missing", detail: `${spec.digest ?? spec.tag} is not in ${spec.repository} (${spec.region})` };
        if (errorName(e) === "RepositoryNotFoundException") return { status: "missing", detail: `repository ${spec.repository} does not exist in ${spec.region} yet (registries.bootstrap creates it)` };
        throw e;
      }
    }
    case "dns-delegation": {
      let published: string[] = [];
      try {
        published = normalise(await (dns ?? { resolveNs: async () => [] }).resolveNs(spec.zone));
      } catch (e) {
        if (!["ENOTFOUND", "ENODATA", "NXDOMAIN", "ESERVFAIL"].includes((e as { code?: string }).code ?? "")) throw e;
      }
      const zones = await aws.route53().send(new ListHostedZonesByNameCommand({ DNSName: spec.zone, MaxItems: 1 }));
      const zone = zones.HostedZones?.find((z) => normalise([z.Name ?? ""])[0] === normalise([spec.zone])[0] && !z.Config?.PrivateZone);
      if (!zone?.Id) {
        return published.length > 0
          ? { status: "missing", detail: `the Route53 zone does not exist yet; ${spec.zone} is delegated to ${published.join(", ")}, which the new zone will not use` }
          : { status: "missing", detail: "the Route53 zone does not exist yet and nothing delegates the name: certificate validation in the first update would wait" };
      }
      const servers = normalise((await aws.route53().send(new GetHostedZoneCommand({ Id: zone.Id }))).DelegationSet?.NameServers ?? []);
      if (published.length === 0) return { status: "missing", detail: `no NS records resolve; delegate to ${servers.join(", ")}` };
      const same = published.length === servers.length && published.every((n, i) => n === servers[i]);
      return same ? { status: "ok", detail: `delegated to ${servers.join(", ")}` } : { status: "missing", detail: `NS records name ${published.join(", ")}; the zone's name servers are ${servers.join(", ")}` };
    }
    default:
      throw new Error(`${spec.kind} is not an AWS check`);
  }
}

/** Whether `location` is inside an organization-policy value: a location or an `in:<name>-locations` value group. */
export function locationAllowed(location: string, value: string): boolean {
  const v = value.replace(/^(is|under):/, "").toLowerCase();
  const group = /^in:(.+)-locations$/.exec(v)?.[1];
  const name = group ?? v;
  return location === name || location.startsWith(`${name}-`);
}

interface PolicyRule {
  allowAll?: boolean | null;
  denyAll?: boolean | null;
  values?: { allowedValues?: string[] | null; deniedValues?: string[] | null } | null;
  condition?: unknown;
}

/**
 * An effective list policy against the values the plan uses: allowAll passes, denyAll fails,
 * a value must be among the allowed and not among the denied. Conditional rules cannot be
 * judged offline (they depend on tags), so they make the answer unknown.
 */
export function judgeListPolicy(constraint: string, rules: readonly PolicyRule[], values: readonly string[]): Answer {
  if (rules.length === 0) return { status: "ok", detail: "not enforced" };
  if (rules.some((r) => r.condition)) return { status: "unknown", detail: "conditional rules (tags) decide; check them by hand" };
  if (rules.some((r) => r.allowAll)) return { status: "ok", detail: "allows all values" };
  if (rules.some((r) => r.denyAll)) return { status: "missing", detail: "denies all values" };
  const allowed = rules.flatMap((r) => r.values?.allowedValues ?? []);
  const denied = rules.flatMap((r) => r.values?.deniedValues ?? []);
  const matches = (value: string, list: string[]) => list.some((v) => (constraint === "gcp.resourceLocations" ? locationAllowed(value, v) : v.replace(/^is:/, "") === value));
  const rejected = values.filter((v) => matches(v, denied) || (allowed.length > 0 && !matches(v, allowed)));
  if (rejected.length === 0) return { status: "ok", detail: allowed.length > 0 ? `allows ${values.join(", ")}` : "denies none of the plan's values" };
  return { status: "missing", detail: `rejects ${rejected.join(", ")}${allowed.length > 0 ? ` (allowed: ${allowed.join(", ")})` : ""}` };
}

/** Service Usage returns the state as an enum name or its number (2 = ENABLED). */
const isEnabled = (state: unknown) => state === "ENABLED" || state === 2;

async function runGcp(spec: CheckSpec, gcp: GcpClients): Promise<Answer> {
  switch (spec.kind) {
    case "gcp-billing": {
      const [info] = await gcp.billing.getProjectBillingInfo({ name: `projects/${spec.project}` });
      return info.billingEnabled ? { status: "ok", detail: `linked to ${info.billingAccountName}` } : { status: "missing", detail: "no billing account is linked" };
    }
    case "gcp-apis": {
      const names = spec.services.map((s) => `projects/${spec.project}/services/${s}`);
      const [found] = await gcp.serviceUsage.batchGetServices({ parent: `projects/${spec.project}`, names });
      const enabled = new Set((found.services ?? []).filter((s) => isEnabled(s.state)).map((s) => (s.name ?? "").split("/").pop()));
      const off = spec.services.filter((s) => !enabled.has(s));
      return off.length === 0 ? { status: "ok", detail: "all enabled" } : { status: "missing", detail: `not enabled: ${off.join(", ")}` };
    }
    case "gcp-org-policy": {
      try {
        const [policy] = await gcp.orgPolicy.getEffectivePolicy({ name: `projects/${spec.project}/policies/${spec.constraint}` });
        return judgeListPolicy(spec.constraint, (policy.spec?.rules ?? []) as PolicyRule[], spec.values);
      } catch (e) {
        if (isNotFound(e)) return { status: "ok", detail: "no policy set" };
        throw e;
      }
    }
    case "gcp-artifact-image": {
      // Nested image names are URL-encoded in resource names (Artifact Registry API, dockerImages.get).
      const repository = `projects/${spec.project}/locations/${spec.location}/repositories/${spec.repository}`;
      try {
        if (spec.digest) {
          const [image] = await gcp.artifactRegistry.getDockerImage({ name: `${repository}/dockerImages/${spec.image.replace(/\//g, "%2F")}@${spec.digest}` });
          return { status: "ok", detail: `present (${image.uri ?? spec.reference})` };
        }
        const [tag] = await gcp.artifactRegistry.getTag({ name: `${repository}/packages/${spec.image.replace(/\//g, "%2F")}/tags/${spec.tag ?? "latest"}` });
        return { status: "ok", detail: `tag ${spec.tag} names ${tag.version ?? "a version"}` };
      } catch (e) {
        if (isNotFound(e)) return { status: "missing", detail: `${spec.digest ?? spec.tag} is not in ${spec.repository} (${spec.location})` };
        throw e;
      }
    }
    default:
      throw new Error(`${spec.kind} is not a GCP check`);
  }
}

/** Runs one check; without the cloud's clients it is `not-run`. */
export async function runCheck(check: PlannedCheck, clients: Clients): Promise<CheckResult> {
  const cloudClients = check.cloud === "aws" ? clients.aws : clients.gcp;
  if (!cloudClients) return { check, status: "not-run", detail: `no ${check.cloud.toUpperCase()} credentials` };
  try {
    const answer = check.cloud === "aws" ? await runAws(check.spec, clients.aws!, clients.dns) : await runGcp(check.spec, clients.gcp!);
    return { check, ...answer };
  } catch (e) {
    return { check, status: "unknown", detail: `${errorName(e) || "error"}: ${errorText(e)}` };
  }
}

/** Runs every check (a few at a time: the accounts throttle bursts). */
export async function runChecks(checks: readonly PlannedCheck[], clients: Clients, concurrency = 4): Promise<CheckResult[]> {
  const results: CheckResult[] = new Array(checks.length);
  let next = 0;
  const worker = async () => {
    while (next < checks.length) {
      const i = next++;
      results[i] = await runCheck(checks[i], clients);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, checks.length) }, worker));
  return results;
}
