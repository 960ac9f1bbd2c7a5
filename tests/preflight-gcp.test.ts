/**
 * The preflight's GCP checks through the real client libraries in their REST transport
 * (google-gax `fallback: true`, the HTTP/JSON protocol of the APIs' google.api.http rules)
 * against a local HTTP server that answers with recorded API responses. The clients carry the
 * auth library's PassThroughClient, its own mechanism for local endpoints (no token). Each check:
 * ok and missing.
 */
import { ArtifactRegistryClient } from "@google-cloud/artifact-registry";
import { CloudBillingClient } from "@google-cloud/billing";
import { OrgPolicyClient } from "@google-cloud/org-policy";
import { ServiceUsageClient } from "@google-cloud/service-usage";
import * as http from "http";
import type { AddressInfo } from "net";
import * as path from "path";
import { judgeListPolicy, locationAllowed, runCheck, type GcpClients } from "../tools/preflight/checks";
import type { CheckSpec, PlannedCheck } from "../tools/preflight/model";

/** Recorded responses by request path (query string aside): status and JSON body. */
const responses = new Map<string, { status: number; body: unknown }>();
const requests: string[] = [];
const notFound = { status: 404, body: { error: { code: 404, message: "Requested entity was not found.", status: "NOT_FOUND" } } };

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://localhost");
  requests.push(`${req.method} ${decodeURIComponent(url.pathname)}${url.searchParams.getAll("names").length ? `?names=${url.searchParams.getAll("names").length}` : ""}`);
  const answer = responses.get(decodeURIComponent(url.pathname)) ?? notFound;
  res.writeHead(answer.status, { "content-type": "application/json" });
  res.end(JSON.stringify(answer.body));
});

/**
 * The PassThroughClient of the google-auth-library a client package's own google-gax uses. Its
 * transport is Node's fetch: gaxios would otherwise import node-fetch dynamically, which jest's
 * module sandbox does not allow (the CLI, outside jest, needs nothing of the kind).
 */
function passThrough(pkg: string): unknown {
  const gax = path.dirname(require.resolve("google-gax", { paths: [path.dirname(require.resolve(pkg))] }));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const auth = require(require.resolve("google-auth-library", { paths: [gax] })) as { PassThroughClient: new (options: unknown) => unknown };
  return new auth.PassThroughClient({ transporterOptions: { fetchImplementation: fetch } });
}

let gcp: GcpClients;
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const endpoint = (pkg: string) => ({ fallback: true, apiEndpoint: "127.0.0.1", port: (server.address() as AddressInfo).port, protocol: "http", authClient: passThrough(pkg) });
  gcp = {
    billing: new CloudBillingClient(endpoint("@google-cloud/billing") as never),
    serviceUsage: new ServiceUsageClient(endpoint("@google-cloud/service-usage") as never),
    orgPolicy: new OrgPolicyClient(endpoint("@google-cloud/org-policy") as never),
    artifactRegistry: new ArtifactRegistryClient(endpoint("@google-cloud/artifact-registry") as never),
  };
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  responses.clear();
  requests.length = 0;
});

const check = (spec: CheckSpec): PlannedCheck => ({ id: `${spec.kind}:fixture`, cloud: "gcp", group: "g", title: "t", need: "n", fix: "f", spec });
const DIGEST = "sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945";

describe("billing", () => {
  const billing = check({ kind: "gcp-billing", project: "neurascale-production" });
  test("ok when a billing account is linked", async () => {
    responses.set("/v1/projects/neurascale-production/billingInfo", { status: 200, body: { name: "projects/neurascale-production/billingInfo", projectId: "neurascale-production", billingAccountName: "billingAccounts/01A2B3-C4D5E6-F7A8B9", billingEnabled: true } });
    expect(await runCheck(billing, { gcp })).toMatchObject({ status: "ok", detail: "linked to billingAccounts/01A2B3-C4D5E6-F7A8B9" });
    expect(requests).toEqual(["GET /v1/projects/neurascale-production/billingInfo"]);
  });
  test("missing when billing is off", async () => {
    responses.set("/v1/projects/neurascale-production/billingInfo", { status: 200, body: { name: "projects/neurascale-production/billingInfo", projectId: "neurascale-production", billingAccountName: "", billingEnabled: false } });
    expect(await runCheck(billing, { gcp })).toMatchObject({ status: "missing", detail: "no billing account is linked" });
  });
  test("a permission error is unknown", async () => {
    responses.set("/v1/projects/neurascale-production/billingInfo", { status: 403, body: { error: { code: 403, message: "The caller does not have permission", status: "PERMISSION_DENIED" } } });
    expect(await runCheck(billing, { gcp })).toMatchObject({ status: "unknown", detail: expect.stringContaining("The caller does not have permission") });
  });
});

describe("APIs the plan needs but does not enable", () => {
  const apis = check({ kind: "gcp-apis", project: "neurascale-production", services: ["cloudresourcemanager.googleapis.com", "serviceusage.googleapis.com"] });
  const state = (cloudresourcemanager: string) => ({
    status: 200,
    body: {
      services: [
        { name: "projects/123/services/cloudresourcemanager.googleapis.com", parent: "projects/123", state: cloudresourcemanager },
        { name: "projects/123/services/serviceusage.googleapis.com", parent: "projects/123", state: "ENABLED" },
      ],
    },
  });
  test("ok when every one is enabled", async () => {
    responses.set("/v1/projects/neurascale-production/services:batchGet", state("ENABLED"));
    expect(await runCheck(apis, { gcp })).toMatchObject({ status: "ok", detail: "all enabled" });
    expect(requests).toEqual(["GET /v1/projects/neurascale-production/services:batchGet?names=2"]);
  });
  test("missing names the disabled ones", async () => {
    responses.set("/v1/projects/neurascale-production/services:batchGet", state("DISABLED"));
    expect(await runCheck(apis, { gcp })).toMatchObject({ status: "missing", detail: "not enabled: cloudresourcemanager.googleapis.com" });
  });
});

describe("organization policies", () => {
  const policy = (constraint: string, values: string[]) => check({ kind: "gcp-org-policy", project: "neurascale-convergence-prod", constraint, values });
  const effective = (constraint: string, rules: unknown[]) =>
    responses.set(`/v2/projects/neurascale-convergence-prod/policies/${constraint}:getEffectivePolicy`, { status: 200, body: { name: `projects/neurascale-convergence-prod/policies/${constraint}`, spec: { rules } } });

  test("resource locations: ok inside the allowed value group, missing outside it", async () => {
    effective("gcp.resourceLocations", [{ values: { allowedValues: ["in:us-locations"] } }]);
    expect(await runCheck(policy("gcp.resourceLocations", ["us", "us-central1", "us-east1"]), { gcp })).toMatchObject({ status: "ok" });
    expect(await runCheck(policy("gcp.resourceLocations", ["us-central1", "northamerica-northeast1"]), { gcp })).toMatchObject({ status: "missing", detail: "rejects northamerica-northeast1 (allowed: in:us-locations)" });
  });

  test("domain-restricted sharing rejects the public invoker; no policy set is ok", async () => {
    effective("iam.allowedPolicyMemberDomains", [{ values: { allowedValues: ["C03xgje4y"] } }]);
    expect(await runCheck(policy("iam.allowedPolicyMemberDomains", ["allUsers"]), { gcp })).toMatchObject({ status: "missing", detail: "rejects allUsers (allowed: C03xgje4y)" });
    responses.clear();
    expect(await runCheck(policy("iam.allowedPolicyMemberDomains", ["allUsers"]), { gcp })).toMatchObject({ status: "ok", detail: "no policy set" });
  });

  test("Cloud Run ingress: allowAll is ok, an internal-only policy rejects the load balancer setting", async () => {
    effective("run.allowedIngress", [{ allowAll: true }]);
    expect(await runCheck(policy("run.allowedIngress", ["internal-and-cloud-load-balancing"]), { gcp })).toMatchObject({ status: "ok", detail: "allows all values" });
    effective("run.allowedIngress", [{ values: { allowedValues: ["is:internal"] } }]);
    expect(await runCheck(policy("run.allowedIngress", ["internal-and-cloud-load-balancing"]), { gcp })).toMatchObject({ status: "missing" });
  });

  test("list-policy judgement: denied values, denyAll, conditions", () => {
    expect(judgeListPolicy("gcp.resourceLocations", [{ values: { deniedValues: ["in:europe-locations"] } }], ["us-central1"])).toMatchObject({ status: "ok" });
    expect(judgeListPolicy("gcp.resourceLocations", [{ values: { deniedValues: ["in:us-locations"] } }], ["us-central1"])).toMatchObject({ status: "missing" });
    expect(judgeListPolicy("run.allowedIngress", [{ denyAll: true }], ["all"])).toMatchObject({ status: "missing", detail: "denies all values" });
    expect(judgeListPolicy("run.allowedIngress", [{ condition: { expression: "resource.matchTag('x', 'y')" }, allowAll: true }], ["all"])).toMatchObject({ status: "unknown" });
    expect(locationAllowed("us-central1-a", "in:us-central1-locations")).toBe(true);
    expect(locationAllowed("northamerica-northeast1", "in:us-locations")).toBe(false);
  });
});

describe("Artifact Registry image digests", () => {
  const image = check({ kind: "gcp-artifact-image", project: "neurascale-convergence-prod", location: "us-central1", repository: "convergence-api-prod", image: "convergence-api", digest: DIGEST, reference: "r" });
  const name = `/v1/projects/neurascale-convergence-prod/locations/us-central1/repositories/convergence-api-prod/dockerImages/convergence-api@${DIGEST}`;

  test("ok when the digest is in the repository", async () => {
    responses.set(name, { status: 200, body: { name: name.slice(4), uri: `us-central1-docker.pkg.dev/neurascale-convergence-prod/convergence-api-prod/convergence-api@${DIGEST}` } });
    expect(await runCheck(image, { gcp })).toMatchObject({ status: "ok", detail: expect.stringContaining(`convergence-api@${DIGEST}`) });
    expect(requests).toEqual([`GET ${name}`]);
  });

  test("missing when it was never pushed", async () => {
    expect(await runCheck(image, { gcp })).toMatchObject({ status: "missing", detail: `${DIGEST} is not in convergence-api-prod (us-central1)` });
  });
});
