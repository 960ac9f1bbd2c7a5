/**
 * The readiness model on its own: placeholder detectors, image references, the declared-key
 * walk (absent keys skipped, lists, wildcards, secrets never shown) and the update refusal.
 */
import { ConfigError } from "./errors";
import { ecrLocation, isDigestPinned, parseImage, regionalImage } from "./images";
import * as detect from "./placeholders";
import { DEPLOYMENT_INPUTS, IMAGE_KEYS, NotReadyError, assertReady, readinessOf, unpinnedImages, valuesAt, type DeploymentInput } from "./readiness";

const DIGEST = "sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945";

describe("placeholder detectors", () => {
  test.each([
    ["snn.neurascale.example", true],
    ["api.test", true],
    ["host.invalid", true],
    ["db.localhost", true],
    ["printer.local", true],
    ["svc.internal", true],
    ["www.example.com", true],
    ["example.org", true],
    ["*.example.net", true],
    ["router.home.arpa", true],
    ["snn.neurascale.io", false],
    ["api.convergence.neurascale.com", false],
    ["examples.com", false],
    ["REPLACE-ME.neurascale.io", true],
  ])("domain %s -> placeholder %s", (value, placeholder) => {
    expect(detect.domain(value) !== undefined).toBe(placeholder);
  });

  test("email addresses at reserved domains, and markers", () => {
    expect(detect.emailAddress("oncall@neurascale.example")).toMatch(/reserved name/);
    expect(detect.emailAddress("you@example.com")).toMatch(/documentation/);
    expect(detect.emailAddress("<oncall@your-company.com>")).toMatch(/placeholder marker/);
    expect(detect.emailAddress("platform-oncall@neurascale.io")).toBeUndefined();
  });

  test("ARNs in the AWS documentation accounts", () => {
    expect(detect.arn("arn:aws:iam::123456789012:role/admin")).toMatch(/123456789012 is the AWS documentation's example account/);
    expect(detect.arn("arn:aws:iam::111122223333:role/admin")).toMatch(/example account/);
    expect(detect.arn("arn:aws:iam::000000000000:role/admin")).toMatch(/example account/);
    expect(detect.arn("arn:aws:iam::340812773519:role/platform-admin")).toBeUndefined();
  });

  test("images: the old examples, all-zero digests, example accounts and domains", () => {
    expect(detect.image("ghcr.io/terragonlabs/snn-fusion:1.0.0")).toMatch(/example image/);
    expect(detect.image("neuroca/api:1.2.3")).toMatch(/example image/);
    expect(detect.image("terragon/zkp-dataset-ledger:4.0.0")).toMatch(/example image/);
    expect(detect.image("gcr.io/neurascale-convergence-prod/convergence-api:v1.0.0")).toMatch(/example image/);
    expect(detect.image(`docker.io/grafana/grafana@sha256:${"0".repeat(64)}`)).toMatch(/all-zero digest/);
    expect(detect.image(`123456789012.dkr.ecr.us-east-1.amazonaws.com/production/nca/api@${DIGEST}`)).toMatch(/example account/);
    expect(detect.image(`registry.example.com/app@${DIGEST}`)).toMatch(/documentation/);
    expect(detect.image(`340812773519.dkr.ecr.us-east-1.amazonaws.com/production/nca/api@${DIGEST}`)).toBeUndefined();
    expect(detect.image("docker.io/grafana/grafana:11.4.0")).toBeUndefined();
  });

  test("billing accounts, hosted zones, ids, project ids, documentation CIDRs", () => {
    expect(detect.billingAccount("000000-000000-000000")).toMatch(/example billing account/);
    expect(detect.billingAccount("012345-567890-ABCDEF")).toMatch(/example billing account/);
    expect(detect.billingAccount("01A2B3-C4D5E6-F7A8B9")).toBeUndefined();
    expect(detect.hostedZoneId("Z0123456789ABCDEFGHIJ")).toMatch(/example hosted zone/);
    expect(detect.hostedZoneId("Z08412551VRO8ZQ1JXR1C")).toBeUndefined();
    expect(detect.numericId("123456789")).toMatch(/example id/);
    expect(detect.numericId("organizations/000000000000")).toMatch(/example id/);
    expect(detect.numericId("483920571746")).toBeUndefined();
    expect(detect.projectId("my-project")).toMatch(/example project/);
    expect(detect.projectId("neurascale-production")).toBeUndefined();
    expect(detect.cidr("203.0.113.0/24")).toMatch(/RFC 5737/);
    expect(detect.cidr("198.51.100.17/32")).toMatch(/RFC 5737/);
    expect(detect.cidr("192.0.2.0/24")).toMatch(/RFC 5737/);
    expect(detect.cidr("2001:db8::/32")).toMatch(/RFC 3849/);
    expect(detect.cidr("52.94.76.0/28")).toBeUndefined();
    expect(detect.cidr("192.0.0.0/16")).toBeUndefined();
  });
});

describe("image references", () => {
  test("parses registry, repository, tag and digest", () => {
    expect(parseImage(`us-central1-docker.pkg.dev/p/repo/api@${DIGEST}`)).toEqual({ registry: "us-central1-docker.pkg.dev", repository: "p/repo/api", tag: undefined, digest: DIGEST });
    expect(parseImage("localhost:5000/app:1.0")).toEqual({ registry: "localhost:5000", repository: "app", tag: "1.0", digest: undefined });
    expect(parseImage("grafana/grafana:11.4.0")).toEqual({ registry: undefined, repository: "grafana/grafana", tag: "11.4.0", digest: undefined });
    expect(parseImage("Bad/Name")).toBeUndefined();
    expect(parseImage("app@sha256:abc")).toBeUndefined();
  });

  test("production's pin: explicit registry, digest, no tag", () => {
    expect(isDigestPinned(`docker.io/grafana/grafana@${DIGEST}`)).toBe(true);
    expect(isDigestPinned("docker.io/grafana/grafana:11.4.0")).toBe(false);
    expect(isDigestPinned(`grafana/grafana@${DIGEST}`)).toBe(false);
    expect(isDigestPinned(`docker.io/grafana/grafana:11.4.0@${DIGEST}`)).toBe(false);
  });

  test("a managed ECR image moves to the replica in the workload's region; others stay", () => {
    const managed = new Set(["production/snn-fusion/api"]);
    const ref = `340812773519.dkr.ecr.us-east-1.amazonaws.com/production/snn-fusion/api@${DIGEST}`;
    expect(regionalImage(ref, "eu-west-1", managed)).toBe(`340812773519.dkr.ecr.eu-west-1.amazonaws.com/production/snn-fusion/api@${DIGEST}`);
    expect(regionalImage(ref, "us-east-1", managed)).toBe(ref);
    expect(regionalImage(`340812773519.dkr.ecr.us-east-1.amazonaws.com/other/repo@${DIGEST}`, "eu-west-1", managed)).toMatch(/us-east-1/);
    expect(regionalImage(`docker.io/grafana/grafana@${DIGEST}`, "eu-west-1", managed)).toBe(`docker.io/grafana/grafana@${DIGEST}`);
    expect(ecrLocation(ref)).toEqual({ account: "340812773519", region: "us-east-1", repository: "production/snn-fusion/api", digest: DIGEST, tag: undefined });
  });
});

describe("the declared keys", () => {
  test("every key is declared once with a description", () => {
    const keys = DEPLOYMENT_INPUTS.map((i) => i.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const i of DEPLOYMENT_INPUTS) expect(i.description.length).toBeGreaterThan(15);
    expect(IMAGE_KEYS).toContain("snnFusion.image");
    expect(IMAGE_KEYS).toContain("convergence.image");
  });

  test("a declared key the config does not have is skipped; lists and wildcards expand", () => {
    const config = { alerting: { emails: ["a@neurascale.example", "b@neurascale.io"] }, routes: [{ url: "https://hooks.example.com/x" }, { url: "https://hooks.neurascale.io/y" }] };
    expect(valuesAt(config, "nca.host")).toEqual([]);
    expect(valuesAt(config, "alerting.billingAccount")).toEqual([]);
    expect(valuesAt(config, "routes[*].url").map((v) => v.path)).toEqual([["routes", 0, "url"], ["routes", 1, "url"]]);
    const inputs: DeploymentInput[] = [
      { key: "alerting.emails", kind: "email", description: "where alerts go, for the test" },
      { key: "nca.host", kind: "domain", description: "absent here, so skipped" },
      { key: "routes[*].url", kind: "text", description: "a wildcard key of the test" },
      { key: "routes[*].missing", kind: "text", description: "absent in every element" },
    ];
    expect(readinessOf(config, new Set(), inputs).map((i) => i.key)).toEqual(["neurastack:alerting.emails"]);
  });

  test("empty values are missing only where the key is required", () => {
    const inputs: DeploymentInput[] = [
      { key: "platform.adminRoleArns", kind: "arn", required: true, description: "required list for the test" },
      { key: "platform.endpointPublicAccessCidrs", kind: "cidr", description: "optional list for the test" },
    ];
    const items = readinessOf({ platform: { adminRoleArns: [], endpointPublicAccessCidrs: [] } }, new Set(), inputs);
    expect(items).toEqual([{ key: "neurastack:platform.adminRoleArns", value: [], why: "is empty", description: "required list for the test" }]);
  });

  test("a confirmation flag is ready only when true", () => {
    const inputs: DeploymentInput[] = [{ key: "snnFusion.dns.delegated", kind: "confirmation", description: "NS delegation done, for the test" }];
    expect(readinessOf({ snnFusion: { dns: { delegated: false } } }, new Set(), inputs).map((i) => i.why)).toEqual(["is not confirmed yet"]);
    expect(readinessOf({ snnFusion: { dns: { delegated: true } } }, new Set(), inputs)).toEqual([]);
  });

  test("a secret setting is checked but its value never shown", () => {
    const inputs: DeploymentInput[] = [{ key: "hooks.url", kind: "text", description: "a secret webhook, for the test" }];
    const [item] = readinessOf({ hooks: { url: "https://REPLACE-ME.neurascale.io/x" } }, new Set(["hooks"]), inputs);
    expect(item.value).toBe("[secret]");
    expect(item.why).not.toContain("REPLACE-ME.neurascale.io");
    expect(JSON.stringify(item)).not.toContain("neurascale.io/x");
  });

  test("an update is refused with one config error naming every key; a preview is not", () => {
    const config = { alerting: { emails: ["oncall@neurascale.example"] }, snnFusion: { domain: "snn.neurascale.example" } };
    expect(() => assertReady(config, "preview")).not.toThrow();
    let error: unknown;
    try {
      assertReady(config, "update");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NotReadyError);
    expect(error).toBeInstanceOf(ConfigError);
    const e = error as NotReadyError;
    expect(e.problems.map((p) => p.key)).toEqual(["neurastack:alerting.emails", "neurastack:snnFusion.domain"]);
    expect(e.message).toMatch(/^not ready for `pulumi up`: 2 deployment inputs/);
    expect(e.message).toContain("neurastack:snnFusion.domain: snn.neurascale.example is under .example");
  });

  test("unpinned images are found under every declared image key", () => {
    const issues = unpinnedImages({ snnFusion: { image: "docker.io/app:1", gpuImage: `docker.io/app@${DIGEST}` }, zkpLedger: { monitoring: { grafanaImage: "grafana/grafana:11.4.0" } } });
    expect(issues.map((i) => i.path.join("."))).toEqual(["snnFusion.image", "zkpLedger.monitoring.grafanaImage"]);
    expect(issues[0].message).toMatch(/is not pinned by digest; production images must be pinned by digest/);
  });
});
