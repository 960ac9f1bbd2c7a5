/**
 * What to ask the accounts, derived from the plan JSON alone (never a second list): quotas per
 * region from the resources the plan creates, service-linked roles from the resource types,
 * image digests from the workloads, delegation from the hosted zones, GCP billing, APIs and
 * organization policies from the projects, locations and members the plan uses.
 */
import type { PlanJson, RecordedResource } from "../engine/model";
import { ecrLocation, parseImage } from "../../stacks/images";
import type { CheckSpec, PlannedCheck } from "./model";

type Props = Record<string, unknown>;
const rec = (v: unknown): Props => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Props) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/**
 * Service Quotas codes (`aws service-quotas list-service-quotas --service-code <code>`), each
 * with the documented quota name. Per region unless said otherwise.
 */
export const QUOTAS = {
  eksClusters: { serviceCode: "eks", quotaCode: "L-1194D53C", quotaName: "Clusters" },
  vpcs: { serviceCode: "vpc", quotaCode: "L-F678F1CE", quotaName: "VPCs per Region" },
  natPerAz: { serviceCode: "vpc", quotaCode: "L-FE5A380F", quotaName: "NAT gateways per Availability Zone" },
  elasticIps: { serviceCode: "ec2", quotaCode: "L-0263D0A3", quotaName: "EC2-VPC Elastic IPs" },
  rdsInstances: { serviceCode: "rds", quotaCode: "L-7B6409FD", quotaName: "DB instances" },
  cacheNodes: { serviceCode: "elasticache", quotaCode: "L-DFE45DF3", quotaName: "Nodes per Region" },
} as const;

/** On-Demand vCPU quotas by instance family (EC2 "On-Demand Instance quotas"). */
export const VCPU_QUOTAS = {
  standard: { quotaCode: "L-1216C47A", quotaName: "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances", families: /^[acdhimrtz]/ },
  p: { quotaCode: "L-417A185B", quotaName: "Running On-Demand P instances", families: /^p\d/ },
  g: { quotaCode: "L-DB2E81BA", quotaName: "Running On-Demand G and VT instances", families: /^(g\d|vt\d)/ },
} as const;

/**
 * Service-linked roles a resource type needs. Most services create theirs on first use when the
 * deployer may `iam:CreateServiceLinkedRole`; an organization that denies it (SCP) must create
 * them first. The EBS key policy of the platform names the Auto Scaling role as a principal,
 * and KMS rejects a policy whose principal does not exist (KMS developer guide, key policies:
 * "the principal must exist").
 */
export const SERVICE_LINKED_ROLES: readonly { readonly types: RegExp; readonly roleName: string; readonly service: string }[] = [
  { types: /^aws:eks\/cluster:Cluster$/, roleName: "AWSServiceRoleForAmazonEKS", service: "eks.amazonaws.com" },
  { types: /^aws:eks\/nodeGroup:NodeGroup$/, roleName: "AWSServiceRoleForAmazonEKSNodegroup", service: "eks-nodegroup.amazonaws.com" },
  { types: /^aws:eks\/nodeGroup:NodeGroup$|^aws:autoscaling\//, roleName: "AWSServiceRoleForAutoScaling", service: "autoscaling.amazonaws.com" },
  { types: /^aws:rds\//, roleName: "AWSServiceRoleForRDS", service: "rds.amazonaws.com" },
  { types: /^aws:elasticache\//, roleName: "AWSServiceRoleForElastiCache", service: "elasticache.amazonaws.com" },
  { types: /^kubernetes:networking\.k8s\.io\/v1:Ingress$|^aws:lb\//, roleName: "AWSServiceRoleForElasticLoadBalancing", service: "elasticloadbalancing.amazonaws.com" },
  { types: /^aws:ecr\/replicationConfiguration:/, roleName: "AWSServiceRoleForECRReplication", service: "replication.ecr.amazonaws.com" },
];

/** APIs a GCP resource type's calls go to (the program enables most of them itself). */
const GCP_TYPE_APIS: readonly [RegExp, string][] = [
  [/^gcp:bigtable\//, "bigtableadmin.googleapis.com"],
  [/^gcp:pubsub\//, "pubsub.googleapis.com"],
  [/^gcp:kms\//, "cloudkms.googleapis.com"],
  [/^gcp:cloudrunv2\/|^gcp:cloudrun\//, "run.googleapis.com"],
  [/^gcp:compute\//, "compute.googleapis.com"],
  [/^gcp:artifactregistry\//, "artifactregistry.googleapis.com"],
  [/^gcp:secretmanager\//, "secretmanager.googleapis.com"],
  [/^gcp:bigquery\//, "bigquery.googleapis.com"],
  [/^gcp:firestore\//, "firestore.googleapis.com"],
  [/^gcp:cloudfunctionsv2\//, "cloudfunctions.googleapis.com"],
  [/^gcp:monitoring\//, "monitoring.googleapis.com"],
  [/^gcp:logging\//, "logging.googleapis.com"],
  [/^gcp:vpcaccess\//, "vpcaccess.googleapis.com"],
  [/^gcp:storage\//, "storage.googleapis.com"],
  [/^gcp:serviceaccount\//, "iam.googleapis.com"],
  [/^gcp:accesscontextmanager\//, "accesscontextmanager.googleapis.com"],
  [/^gcp:billing\/budget/, "billingbudgets.googleapis.com"],
];

/**
 * APIs that must be on before `pulumi up` can enable the others: Service Usage (enabling is a
 * Service Usage call) and Resource Manager (project reads and IAM policy edits).
 */
const BOOTSTRAP_APIS = ["serviceusage.googleapis.com", "cloudresourcemanager.googleapis.com"];

/** Organization policy constraints that can reject what the plan creates. */
export const ORG_CONSTRAINTS = {
  locations: "gcp.resourceLocations",
  members: "iam.allowedPolicyMemberDomains",
  runIngress: "run.allowedIngress",
} as const;

/** Cloud Run v2 ingress enum -> the values of the run.allowedIngress constraint. */
const RUN_INGRESS: Readonly<Record<string, string>> = {
  INGRESS_TRAFFIC_ALL: "all",
  INGRESS_TRAFFIC_INTERNAL_ONLY: "internal",
  INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER: "internal-and-cloud-load-balancing",
};

const WORKLOAD_TYPES = /^kubernetes:(apps\/v1:(Deployment|StatefulSet|DaemonSet|ReplicaSet)|batch\/v1:(Job|CronJob)|core\/v1:Pod)$|^aws:lambda\/function:Function$|^gcp:cloudrunv2\/(service|job):|^gcp:cloudrun\/service:/;

class PlanIndex {
  readonly byUrn: Map<string, RecordedResource>;
  constructor(readonly plan: PlanJson) {
    this.byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
  }
  ofType(type: string): RecordedResource[] {
    return this.plan.resources.filter((r) => r.type === type);
  }
  provider(r: RecordedResource): Props {
    return rec(r.provider ? this.byUrn.get(r.provider)?.inputs : undefined);
  }
  awsRegion(r: RecordedResource): string | undefined {
    return str(r.inputs.region) ?? str(this.provider(r).region);
  }
  gcpProject(r: RecordedResource): string | undefined {
    return str(r.inputs.project) ?? str(this.provider(r).project);
  }
}

const count = <K extends string>(into: Map<K, number>, key: K, n = 1) => into.set(key, (into.get(key) ?? 0) + n);

function awsQuotaChecks(index: PlanIndex): PlannedCheck[] {
  const perRegion = new Map<string, { clusters: number; vpcs: number; nats: number; azs: Set<string>; eips: number; rds: number; cacheNodes: number; instances: Map<string, number>; reserved: number }>();
  const at = (r: RecordedResource) => {
    const region = index.awsRegion(r) ?? "(unknown region)";
    let entry = perRegion.get(region);
    if (!entry) perRegion.set(region, (entry = { clusters: 0, vpcs: 0, nats: 0, azs: new Set(), eips: 0, rds: 0, cacheNodes: 0, instances: new Map(), reserved: 0 }));
    return entry;
  };
  for (const r of index.plan.resources) {
    if (!r.type.startsWith("aws:")) continue;
    switch (r.type) {
      case "aws:eks/cluster:Cluster":
        at(r).clusters++;
        break;
      case "aws:ec2/vpc:Vpc":
        at(r).vpcs++;
        break;
      case "aws:ec2/natGateway:NatGateway":
        at(r).nats++;
        break;
      case "aws:ec2/subnet:Subnet": {
        const az = str(r.inputs.availabilityZone);
        if (az) at(r).azs.add(az);
        break;
      }
      case "aws:ec2/eip:Eip":
        at(r).eips++;
        break;
      case "aws:rds/instance:Instance":
        at(r).rds++;
        break;
      case "aws:elasticache/replicationGroup:ReplicationGroup": {
        const shards = Number(r.inputs.numNodeGroups ?? 1);
        const perShard = r.inputs.replicasPerNodeGroup !== undefined ? Number(r.inputs.replicasPerNodeGroup) + 1 : undefined;
        at(r).cacheNodes += perShard !== undefined ? shards * perShard : Number(r.inputs.numCacheClusters ?? 1);
        break;
      }
      case "aws:eks/nodeGroup:NodeGroup": {
        // Hybrid nodes and Fargate have no EC2 capacity; managed node groups scale to maxSize.
        const max = Number(rec(r.inputs.scalingConfig).maxSize ?? 0);
        const type = str(list(r.inputs.instanceTypes)[0]);
        if (type && max > 0) count(at(r).instances, type, max);
        break;
      }
      case "aws:lambda/function:Function": {
        const reserved = Number(r.inputs.reservedConcurrentExecutions ?? -1);
        if (reserved > 0) at(r).reserved += reserved;
        break;
      }
    }
  }
  const checks: PlannedCheck[] = [];
  const quota = (region: string, q: (typeof QUOTAS)[keyof typeof QUOTAS], need: number, needText: string, fix: string) =>
    checks.push({ id: `aws-quota:${region}:${q.quotaCode}`, cloud: "aws", group: "Service quotas", title: `${region}: ${q.quotaName}`, need: needText, fix, spec: { kind: "aws-quota", region, ...q, need } });
  const raise = (q: { serviceCode?: string; quotaCode: string }, region: string) => `request an increase: aws service-quotas request-service-quota-increase --region ${region} --service-code ${q.serviceCode ?? "ec2"} --quota-code ${q.quotaCode} --desired-value <n>`;
  for (const [region, e] of [...perRegion.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    if (e.clusters > 0) quota(region, QUOTAS.eksClusters, e.clusters, `${e.clusters} cluster(s)`, raise(QUOTAS.eksClusters, region));
    if (e.vpcs > 0) quota(region, QUOTAS.vpcs, e.vpcs, `${e.vpcs} VPC(s) besides those that exist`, raise(QUOTAS.vpcs, region));
    if (e.nats > 0) {
      const perAz = Math.ceil(e.nats / Math.max(1, e.azs.size));
      quota(region, QUOTAS.natPerAz, perAz, `${perAz} per AZ (${e.nats} across ${e.azs.size} AZs)`, raise(QUOTAS.natPerAz, region));
    }
    if (e.eips > 0) quota(region, QUOTAS.elasticIps, e.eips, `${e.eips} address(es)`, raise(QUOTAS.elasticIps, region));
    if (e.rds > 0) quota(region, QUOTAS.rdsInstances, e.rds, `${e.rds} instance(s)`, raise(QUOTAS.rdsInstances, region));
    if (e.cacheNodes > 0) quota(region, QUOTAS.cacheNodes, e.cacheNodes, `${e.cacheNodes} node(s)`, raise(QUOTAS.cacheNodes, region));
    for (const [klass, q] of Object.entries(VCPU_QUOTAS)) {
      const instances = Object.fromEntries([...e.instances.entries()].filter(([type]) => q.families.test(type)));
      if (Object.keys(instances).length === 0) continue;
      const what = Object.entries(instances).map(([t, n]) => `${n} x ${t}`).join(" + ");
      checks.push({
        id: `aws-vcpu:${region}:${klass}`,
        cloud: "aws",
        group: "Service quotas",
        title: `${region}: ${q.quotaName} (vCPUs)`,
        need: `node pools at their maximum: ${what}`,
        fix: raise(q, region),
        spec: { kind: "aws-vcpu", region, quotaCode: q.quotaCode, quotaName: q.quotaName, instances },
      });
    }
    if (e.reserved > 0) {
      checks.push({
        id: `aws-lambda-concurrency:${region}`,
        cloud: "aws",
        group: "Service quotas",
        title: `${region}: Lambda reserved concurrency`,
        need: `${e.reserved} reserved, leaving the 100 unreserved executions Lambda keeps`,
        fix: `request an increase of Lambda concurrent executions (service-code lambda, quota-code L-B99A9384) in ${region}`,
        spec: { kind: "aws-lambda-concurrency", region, reserved: e.reserved },
      });
    }
  }
  return checks;
}

function serviceLinkedRoleChecks(index: PlanIndex): PlannedCheck[] {
  const types = new Set(index.plan.resources.map((r) => r.type));
  // A role the plan creates itself (platform.autoScalingServiceLinkedRole: create) needs no check;
  // every other one must exist before the first up: key policies name it (KMS refuses a policy
  // whose principal does not exist), so "created on first use" comes too late.
  const created = new Set(
    index.plan.resources.filter((r) => r.type === "aws:iam/serviceLinkedRole:ServiceLinkedRole").map((r) => (r.inputs as { awsServiceName?: unknown }).awsServiceName),
  );
  return SERVICE_LINKED_ROLES.filter((slr) => [...types].some((t) => slr.types.test(t)) && !created.has(slr.service)).map((slr) => ({
    id: `aws-service-linked-role:${slr.roleName}`,
    cloud: "aws" as const,
    group: "Service-linked roles",
    title: slr.roleName,
    need: "exists before the first up",
    fix: `aws iam create-service-linked-role --aws-service-name ${slr.service}`,
    spec: { kind: "aws-service-linked-role", roleName: slr.roleName, service: slr.service },
  }));
}

/** Image references of every workload, with the resources that run them. */
export function workloadImages(plan: PlanJson): Map<string, string[]> {
  const images = new Map<string, string[]>();
  const walk = (v: unknown, key: string | undefined, owner: string): void => {
    if (Array.isArray(v)) v.forEach((x) => walk(x, undefined, owner));
    else if (typeof v === "object" && v !== null) for (const [k, x] of Object.entries(v)) walk(x, k, owner);
    else if (typeof v === "string" && (key === "image" || key === "imageUri")) images.set(v, [...new Set([...(images.get(v) ?? []), owner])]);
  };
  for (const r of plan.resources) if (WORKLOAD_TYPES.test(r.type)) walk(r.inputs, undefined, r.name);
  return images;
}

const AR_HOST = /^([a-z0-9-]+)-docker\.pkg\.dev$/;

function imageChecks(plan: PlanJson): PlannedCheck[] {
  const checks: PlannedCheck[] = [];
  for (const [reference, owners] of [...workloadImages(plan).entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const used = `run by ${owners.slice(0, 3).join(", ")}${owners.length > 3 ? ` and ${owners.length - 3} more` : ""}`;
    const ecr = ecrLocation(reference);
    if (ecr) {
      checks.push({
        id: `aws-ecr-image:${reference}`,
        cloud: "aws",
        group: "Image digests",
        title: reference,
        need: `the image exists in ${ecr.repository} (${ecr.region}); ${used}`,
        fix: `push it (README "Container images") or set the key to a digest the repository has: aws ecr describe-images --region ${ecr.region} --repository-name ${ecr.repository}`,
        spec: { kind: "aws-ecr-image", region: ecr.region, account: ecr.account, repository: ecr.repository, digest: ecr.digest, tag: ecr.tag, reference },
      });
      continue;
    }
    const parsed = parseImage(reference);
    const location = parsed?.registry ? AR_HOST.exec(parsed.registry)?.[1] : undefined;
    const [project, repository, ...image] = parsed?.repository.split("/") ?? [];
    if (parsed && location && project && repository && image.length > 0) {
      checks.push({
        id: `gcp-artifact-image:${reference}`,
        cloud: "gcp",
        group: "Image digests",
        title: reference,
        need: `the image exists in Artifact Registry ${project}/${repository} (${location}); ${used}`,
        fix: `push it (README "Container images") or set the key to a digest the repository has: gcloud artifacts docker images list ${location}-docker.pkg.dev/${project}/${repository}`,
        spec: { kind: "gcp-artifact-image", project, location, repository, image: image.join("/"), digest: parsed.digest, tag: parsed.tag, reference },
      });
    }
  }
  return checks;
}

function delegationChecks(index: PlanIndex): PlannedCheck[] {
  const zones = [...new Set(index.ofType("aws:route53/zone:Zone").map((z) => str(z.inputs.name)).filter((n): n is string => n !== undefined))].sort();
  return zones.map((zone) => ({
    id: `dns-delegation:${zone}`,
    cloud: "aws" as const,
    group: "Hosted-zone delegation",
    title: zone,
    need: "NS records resolve publicly (and match the Route53 zone once it exists); ACM validates certificates through them",
    fix: `add NS records for ${zone} at the parent domain with the zone's name servers (stack output nameServers, or aws route53 get-hosted-zone)`,
    spec: { kind: "dns-delegation", zone } satisfies CheckSpec,
  }));
}

function gcpChecks(index: PlanIndex): PlannedCheck[] {
  const projects = new Map<string, { used: Set<string>; enabled: Set<string>; locations: Set<string>; publicMembers: Set<string>; ingress: Set<string> }>();
  for (const r of index.plan.resources) {
    if (!r.type.startsWith("gcp:")) continue;
    const project = index.gcpProject(r);
    if (!project) continue;
    let p = projects.get(project);
    if (!p) projects.set(project, (p = { used: new Set(), enabled: new Set(), locations: new Set(), publicMembers: new Set(), ingress: new Set() }));
    if (r.type === "gcp:projects/service:Service") {
      const service = str(r.inputs.service);
      if (service) p.enabled.add(service);
      continue;
    }
    for (const [pattern, api] of GCP_TYPE_APIS) if (pattern.test(r.type)) p.used.add(api);
    const location = str(r.inputs.location) ?? str(r.inputs.region);
    if (location && location !== "global") p.locations.add(location.toLowerCase());
    const member = str(r.inputs.member);
    if (member === "allUsers" || member === "allAuthenticatedUsers") p.publicMembers.add(member);
    const ingress = str(r.inputs.ingress);
    if (r.type.startsWith("gcp:cloudrunv2/service") && ingress && RUN_INGRESS[ingress]) p.ingress.add(RUN_INGRESS[ingress]);
  }
  const checks: PlannedCheck[] = [];
  for (const [project, p] of [...projects.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    checks.push({ id: `gcp-billing:${project}`, cloud: "gcp", group: "GCP projects", title: `${project}: billing`, need: "a billing account is linked (Bigtable, Cloud Run, KMS and most APIs refuse to enable without one)", fix: `gcloud billing projects link ${project} --billing-account <XXXXXX-XXXXXX-XXXXXX>`, spec: { kind: "gcp-billing", project } });
    const services = [...new Set([...BOOTSTRAP_APIS, ...[...p.used].filter((api) => !p.enabled.has(api))])].sort();
    checks.push({ id: `gcp-apis:${project}`, cloud: "gcp", group: "GCP projects", title: `${project}: APIs the plan needs but does not enable`, need: services.join(", "), fix: `gcloud services enable ${services.join(" ")} --project ${project}`, spec: { kind: "gcp-apis", project, services } });
    const policy = (constraint: string, values: string[], need: string, fix: string) =>
      checks.push({ id: `gcp-org-policy:${project}:${constraint}`, cloud: "gcp", group: "Organization policies", title: `${project}: ${constraint}`, need, fix, spec: { kind: "gcp-org-policy", project, constraint, values } });
    if (p.locations.size > 0) {
      const locations = [...p.locations].sort();
      policy(ORG_CONSTRAINTS.locations, locations, `allows ${locations.join(", ")}`, `allow the locations for ${project} (or its folder) in the organization policy ${ORG_CONSTRAINTS.locations}`);
    }
    if (p.publicMembers.size > 0) {
      policy(ORG_CONSTRAINTS.members, [...p.publicMembers], `allows ${[...p.publicMembers].join(", ")} (the public Cloud Run invoker)`, `exempt ${project} from ${ORG_CONSTRAINTS.members} (a conditional rule on a tag), or turn the service's public invoker off`);
    }
    if (p.ingress.size > 0) {
      const values = [...p.ingress].sort();
      policy(ORG_CONSTRAINTS.runIngress, values, `allows ingress ${values.join(", ")}`, `allow the ingress settings in ${ORG_CONSTRAINTS.runIngress} for ${project}`);
    }
  }
  return checks;
}

/** Every check the plan calls for, AWS first, in a stable order. */
export function plannedChecks(plan: PlanJson): PlannedCheck[] {
  const index = new PlanIndex(plan);
  return [...awsQuotaChecks(index), ...serviceLinkedRoleChecks(index), ...imageChecks(plan), ...delegationChecks(index), ...gcpChecks(index)];
}
