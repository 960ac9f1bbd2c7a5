/**
 * The preflight's AWS checks against recorded SDK responses (aws-sdk-client-mock on the real
 * clients), and the delegation check against a real DNS server on the loopback (dns2), reached
 * through node:dns exactly as `--resolver` does. Each check: ok and missing; an access error is
 * unknown, never a crash.
 */
import { DescribeInstanceTypesCommand, EC2Client } from "@aws-sdk/client-ec2";
import { DescribeImagesCommand, ECRClient } from "@aws-sdk/client-ecr";
import { GetRoleCommand, IAMClient, NoSuchEntityException } from "@aws-sdk/client-iam";
import { GetAccountSettingsCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { GetHostedZoneCommand, ListHostedZonesByNameCommand, Route53Client } from "@aws-sdk/client-route-53";
import { GetAWSDefaultServiceQuotaCommand, GetServiceQuotaCommand, NoSuchResourceException, ServiceQuotasClient } from "@aws-sdk/client-service-quotas";
import { ImageNotFoundException, RepositoryNotFoundException } from "@aws-sdk/client-ecr";
import { mockClient } from "aws-sdk-client-mock";
import DNS from "dns2";
import type { AddressInfo } from "net";
import { runCheck, type AwsClients, type Clients } from "../tools/preflight/checks";
import { nsResolver } from "../tools/preflight/clients";
import type { CheckSpec, PlannedCheck } from "../tools/preflight/model";

const quotas = mockClient(ServiceQuotasClient);
const ec2 = mockClient(EC2Client);
const lambda = mockClient(LambdaClient);
const iam = mockClient(IAMClient);
const ecr = mockClient(ECRClient);
const route53 = mockClient(Route53Client);

const credentials = { accessKeyId: "AKIAFIXTURE", secretAccessKey: "fixture" };
const aws: AwsClients = {
  quotas: (region) => new ServiceQuotasClient({ region, credentials }),
  ec2: (region) => new EC2Client({ region, credentials }),
  lambda: (region) => new LambdaClient({ region, credentials }),
  ecr: (region) => new ECRClient({ region, credentials }),
  iam: () => new IAMClient({ region: "us-east-1", credentials }),
  route53: () => new Route53Client({ region: "us-east-1", credentials }),
};

const check = (spec: CheckSpec): PlannedCheck => ({ id: `${spec.kind}:fixture`, cloud: "aws", group: "g", title: "t", need: "n", fix: "f", spec });
const DIGEST = "sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945";

beforeEach(() => {
  for (const m of [quotas, ec2, lambda, iam, ecr, route53]) m.reset();
});

describe("service quotas", () => {
  const eks = check({ kind: "aws-quota", region: "eu-west-1", serviceCode: "eks", quotaCode: "L-1194D53C", quotaName: "Clusters", need: 2 });

  test("ok when the applied quota covers the plan", async () => {
    quotas.on(GetServiceQuotaCommand, { ServiceCode: "eks", QuotaCode: "L-1194D53C" }).resolves({ Quota: { QuotaCode: "L-1194D53C", Value: 100 } });
    expect(await runCheck(eks, { aws })).toMatchObject({ status: "ok", detail: "quota 100, plan needs 2" });
  });

  test("missing when the quota is below the need; the AWS default answers when nothing is applied", async () => {
    quotas.on(GetServiceQuotaCommand).rejects(new NoSuchResourceException({ message: "no applied quota", $metadata: {} }));
    quotas.on(GetAWSDefaultServiceQuotaCommand, { ServiceCode: "eks", QuotaCode: "L-1194D53C" }).resolves({ Quota: { Value: 1 } });
    expect(await runCheck(eks, { aws })).toMatchObject({ status: "missing", detail: "quota 1 is below the 2 the plan needs" });
  });

  test("an access error is unknown", async () => {
    quotas.on(GetServiceQuotaCommand).rejects(Object.assign(new Error("User is not authorized to perform servicequotas:GetServiceQuota"), { name: "AccessDeniedException" }));
    expect(await runCheck(eks, { aws })).toMatchObject({ status: "unknown", detail: expect.stringMatching(/^AccessDeniedException: User is not authorized/) });
  });
});

describe("vCPU quotas of the node pools at their maximum", () => {
  const gpu = check({ kind: "aws-vcpu", region: "us-east-1", quotaCode: "L-417A185B", quotaName: "Running On-Demand P instances", instances: { "p3.2xlarge": 3 } });

  test("ok: 3 x p3.2xlarge (8 vCPUs) = 24 fits a quota of 32", async () => {
    ec2.on(DescribeInstanceTypesCommand, { InstanceTypes: ["p3.2xlarge"] }).resolves({ InstanceTypes: [{ InstanceType: "p3.2xlarge", VCpuInfo: { DefaultVCpus: 8 } }] });
    quotas.on(GetServiceQuotaCommand, { ServiceCode: "ec2", QuotaCode: "L-417A185B" }).resolves({ Quota: { Value: 32 } });
    expect(await runCheck(gpu, { aws })).toMatchObject({ status: "ok", detail: "quota 32 vCPUs, node pools need 24" });
  });

  test("missing: new accounts start with 0 P-instance vCPUs", async () => {
    ec2.on(DescribeInstanceTypesCommand).resolves({ InstanceTypes: [{ InstanceType: "p3.2xlarge", VCpuInfo: { DefaultVCpus: 8 } }] });
    quotas.on(GetServiceQuotaCommand).resolves({ Quota: { Value: 0 } });
    expect(await runCheck(gpu, { aws })).toMatchObject({ status: "missing", detail: "quota 0 vCPUs is below the 24 the node pools reach at their maximum" });
  });

  test("missing: an instance type the region does not offer", async () => {
    ec2.on(DescribeInstanceTypesCommand).resolves({ InstanceTypes: [] });
    expect(await runCheck(gpu, { aws })).toMatchObject({ status: "missing", detail: "p3.2xlarge not offered in us-east-1" });
  });
});

describe("Lambda reserved concurrency", () => {
  const dsr = check({ kind: "aws-lambda-concurrency", region: "us-east-1", reserved: 10 });

  test("ok when 100 executions stay unreserved", async () => {
    lambda.on(GetAccountSettingsCommand).resolves({ AccountLimit: { ConcurrentExecutions: 1000, UnreservedConcurrentExecutions: 1000 } });
    expect(await runCheck(dsr, { aws })).toMatchObject({ status: "ok", detail: "1000 unreserved of 1000; 990 left after reserving 10" });
  });

  test("missing on a new account's limit of 10", async () => {
    lambda.on(GetAccountSettingsCommand).resolves({ AccountLimit: { ConcurrentExecutions: 10, UnreservedConcurrentExecutions: 10 } });
    expect(await runCheck(dsr, { aws })).toMatchObject({ status: "missing", detail: expect.stringContaining("would leave 0, below the 100 Lambda keeps") });
  });
});

describe("service-linked roles", () => {
  const role = check({ kind: "aws-service-linked-role", roleName: "AWSServiceRoleForAutoScaling", service: "autoscaling.amazonaws.com" });

  test("ok when the role exists", async () => {
    iam.on(GetRoleCommand, { RoleName: "AWSServiceRoleForAutoScaling" }).resolves({ Role: { Arn: "arn:aws:iam::340812773519:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling", RoleName: "AWSServiceRoleForAutoScaling", Path: "/", RoleId: "AROA", CreateDate: new Date(0) } });
    expect(await runCheck(role, { aws })).toMatchObject({ status: "ok" });
  });

  test("missing when IAM has no such role", async () => {
    iam.on(GetRoleCommand).rejects(new NoSuchEntityException({ message: "The role with name AWSServiceRoleForAutoScaling cannot be found.", $metadata: {} }));
    expect(await runCheck(role, { aws })).toMatchObject({ status: "missing", detail: "AWSServiceRoleForAutoScaling does not exist" });
  });
});

describe("ECR image digests", () => {
  const image = check({ kind: "aws-ecr-image", region: "eu-west-1", account: "340812773519", repository: "production/snn-fusion/api", digest: DIGEST, reference: "r" });

  test("ok when the digest is in the repository", async () => {
    ecr.on(DescribeImagesCommand, { registryId: "340812773519", repositoryName: "production/snn-fusion/api", imageIds: [{ imageDigest: DIGEST }] }).resolves({ imageDetails: [{ imageDigest: DIGEST, imagePushedAt: new Date("2026-11-30T10:00:00Z") }] });
    expect(await runCheck(image, { aws })).toMatchObject({ status: "ok", detail: `pushed 2026-11-30 (${DIGEST})` });
  });

  test("missing when the digest was never pushed (or not replicated to this region)", async () => {
    ecr.on(DescribeImagesCommand).rejects(new ImageNotFoundException({ message: "The image with imageId {imageDigest:...} does not exist", $metadata: {} }));
    expect(await runCheck(image, { aws })).toMatchObject({ status: "missing", detail: `${DIGEST} is not in production/snn-fusion/api (eu-west-1)` });
  });

  test("missing when the repository does not exist yet", async () => {
    ecr.on(DescribeImagesCommand).rejects(new RepositoryNotFoundException({ message: "The repository does not exist", $metadata: {} }));
    expect(await runCheck(image, { aws })).toMatchObject({ status: "missing", detail: expect.stringContaining("does not exist in eu-west-1 yet") });
  });
});

describe("hosted-zone delegation (a real DNS server on the loopback)", () => {
  const DELEGATED = ["ns-1.awsdns-01.org", "ns-2.awsdns-02.net"];
  let server: ReturnType<typeof DNS.createUDPServer>;
  let dns: Clients["dns"];

  beforeAll(async () => {
    const records: Record<string, string[]> = { "snn.neurascale.io": DELEGATED, "stale.neurascale.io": ["ns-9.other-dns.com"] };
    server = DNS.createUDPServer((request, send) => {
      const response = DNS.Packet.createResponseFromRequest(request);
      const [question] = request.questions;
      const answers = records[question.name.toLowerCase()];
      if (!answers) response.header.rcode = 3; // NXDOMAIN (RFC 1035 4.1.1)
      for (const ns of answers ?? []) response.answers.push(DNS.Packet.createResourceFromQuestion(question, { type: DNS.Packet.TYPE.NS, class: DNS.Packet.CLASS.IN, ttl: 300, ns }));
      void send(response);
    });
    await server.listen(0, "127.0.0.1");
    dns = nsResolver([`127.0.0.1:${(server.address() as AddressInfo).port}`]);
  });
  afterAll(() => server.close());

  const zoneIs = (name: string, servers: string[]) => {
    route53.on(ListHostedZonesByNameCommand, { DNSName: name }).resolves({ HostedZones: [{ Id: "/hostedzone/Z08412551VRO8ZQ1JXR1C", Name: `${name}.`, CallerReference: "c", Config: { PrivateZone: false } }], IsTruncated: false, MaxItems: 1 });
    route53.on(GetHostedZoneCommand, { Id: "/hostedzone/Z08412551VRO8ZQ1JXR1C" }).resolves({ HostedZone: { Id: "/hostedzone/Z08412551VRO8ZQ1JXR1C", Name: `${name}.`, CallerReference: "c" }, DelegationSet: { NameServers: servers } });
  };
  const delegation = (zone: string) => check({ kind: "dns-delegation", zone });

  test("ok when the published NS records are the zone's name servers", async () => {
    zoneIs("snn.neurascale.io", ["NS-2.awsdns-02.net", "ns-1.awsdns-01.org."]);
    expect(await runCheck(delegation("snn.neurascale.io"), { aws, dns })).toMatchObject({ status: "ok", detail: "delegated to ns-1.awsdns-01.org, ns-2.awsdns-02.net" });
  });

  test("missing when the parent delegates to other name servers", async () => {
    zoneIs("stale.neurascale.io", DELEGATED);
    expect(await runCheck(delegation("stale.neurascale.io"), { aws, dns })).toMatchObject({ status: "missing", detail: "NS records name ns-9.other-dns.com; the zone's name servers are ns-1.awsdns-01.org, ns-2.awsdns-02.net" });
  });

  test("missing when nothing delegates the name and the zone does not exist yet", async () => {
    route53.on(ListHostedZonesByNameCommand).resolves({ HostedZones: [], IsTruncated: false, MaxItems: 1 });
    expect(await runCheck(delegation("nca.neurascale.io"), { aws, dns })).toMatchObject({ status: "missing", detail: expect.stringContaining("nothing delegates the name") });
  });
});

test("without AWS clients a check is listed as not run", async () => {
  expect(await runCheck(check({ kind: "aws-lambda-concurrency", region: "us-east-1", reserved: 10 }), {})).toMatchObject({ status: "not-run", detail: "no AWS credentials" });
});
