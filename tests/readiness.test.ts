/**
 * Acceptance of the readiness model on the real program: the committed production stack plans
 * (preview) and lists every placeholder under "Before the first deploy" in JSON, text and
 * Markdown; `--update` refuses it with one config error (exit 2) naming every key; a stack file
 * with real-looking values updates with exit 0. Production images are pinned by digest: a tag
 * is a config error naming the key, and a tag that slips past config is a policy finding.
 */
import { spawnSync } from "child_process";
import * as path from "path";
import { newFindings, type WireProps } from "../policies/testing/mutate";
import { ConfigError } from "../stacks/errors";
import { isDigestPinned } from "../stacks/images";
import { DEPLOYMENT_INPUTS, NotReadyError } from "../stacks/readiness";
import { readPolicyConfig } from "../tools/engine/plan";
import type { EngineResource } from "../tools/engine/recorder";
import { renderMarkdown, renderText } from "../tools/engine/report";
import { planStack } from "./harness";

const ROOT = path.resolve(__dirname, "..");
const READY = path.join(__dirname, "fixtures", "stacks", "Pulumi.production-ready.yaml");

/** Every key the committed production stack still has to set (presets and stack file). */
const PRODUCTION_PLACEHOLDERS = [
  "alerting.emails",
  "alerting.billingAccount",
  "platform.adminRoleArns",
  "platform.deployRunner",
  "platform.autoScalingServiceLinkedRole",
  "convergence.image",
  "convergence.loadBalancer.domains",
  "snnFusion.domain",
  "snnFusion.zone.delegation",
  "snnFusion.image",
  "snnFusion.gpuImage",
  "snnFusion.bootstrapImages.awsCli",
  "snnFusion.bootstrapImages.postgres",
  "nca.host",
  "nca.ingress.delegation",
  "nca.apiImage",
  "nca.workerImage",
  "nca.bootstrapImages.awsCli",
  "nca.bootstrapImages.postgres",
  "zkpLedger.image",
  "zkpLedger.loadBalancer.image",
  "zkpLedger.loadBalancer.dnsNames",
  "zkpLedger.monitoring.grafanaImage",
  "zkpLedger.bootstrapImages.awsCli",
  "zkpLedger.bootstrapImages.postgres",
].map((k) => `neurastack:${k}`);

const cli = (args: string[]) => spawnSync(process.execPath, [path.join(ROOT, "tools", "run-ts.js"), path.join(ROOT, "tools", "plan.ts"), ...args], { cwd: ROOT, encoding: "utf8", timeout: 300_000 });

async function configError(run: Promise<unknown>): Promise<ConfigError> {
  try {
    await run;
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error("expected a ConfigError");
}

describe("a preview lists what is left to set", () => {
  test("production: JSON readiness names every placeholder key with its value and why", async () => {
    const plan = await planStack("production");
    expect(plan.json.summary.violations.mandatory).toBe(0);
    const readiness = plan.json.readiness ?? [];
    expect(readiness.map((r) => r.key)).toEqual(PRODUCTION_PLACEHOLDERS);
    const domain = readiness.find((r) => r.key === "neurastack:snnFusion.domain")!;
    expect(domain).toMatchObject({ value: "snn.neurascale.example", why: expect.stringContaining("reserved name") });
    expect(readiness.find((r) => r.key === "neurastack:snnFusion.image")!.why).toMatch(/all-zero digest/);
    for (const r of readiness) expect(DEPLOYMENT_INPUTS.map((i) => `neurastack:${i.key}`)).toContain(r.key);
  });

  test("text and Markdown reports carry the 'Before the first deploy' section", async () => {
    const plan = await planStack("production");
    const text = renderText(plan.json);
    expect(text).toContain(`Before the first deploy (${PRODUCTION_PLACEHOLDERS.length}):`);
    for (const key of PRODUCTION_PLACEHOLDERS) expect(text).toContain(`    ${key} = `);
    const md = renderMarkdown(plan.json);
    expect(md).toContain("#### Before the first deploy");
    for (const key of PRODUCTION_PLACEHOLDERS) expect(md).toContain(`| \`${key}\` |`);
  });

  test("no workload in the production plan runs a tag-only image", async () => {
    const plan = await planStack("production");
    const images: string[] = [];
    const walk = (v: unknown, key?: string): void => {
      if (Array.isArray(v)) v.forEach((x) => walk(x));
      else if (typeof v === "object" && v !== null) for (const [k, x] of Object.entries(v)) walk(x, k);
      else if (typeof v === "string" && (key === "image" || key === "imageUri")) images.push(v);
    };
    for (const r of plan.run.resources) if (/^kubernetes:(apps|batch|core)\/v1:(Deployment|StatefulSet|DaemonSet|Job|CronJob|Pod)$|^gcp:cloudrunv2|^aws:lambda\/function/.test(r.type)) walk(r.inputs);
    expect(images.length).toBeGreaterThan(10);
    expect(images.filter((i) => !isDigestPinned(i))).toEqual([]);
  });
});

describe("an update refuses placeholders", () => {
  test("the committed production stack: one NotReadyError naming every placeholder key", async () => {
    const error = await configError(planStack("production", { operation: "update" }));
    expect(error).toBeInstanceOf(NotReadyError);
    expect(error.problems.map((p) => p.key)).toEqual(PRODUCTION_PLACEHOLDERS);
  });

  test("`npm run plan -- --stack production --update` exits 2 and lists every key", () => {
    const r = cli(["--stack", "production", "--update"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`not ready for \`pulumi up\`: ${PRODUCTION_PLACEHOLDERS.length} deployment inputs`);
    for (const key of PRODUCTION_PLACEHOLDERS) expect(r.stderr).toContain(`  ${key}: `);
  });

  test("a stack file with real-looking values updates: no readiness item, no mandatory violation", async () => {
    const plan = await planStack("production", { stackFile: READY, operation: "update" });
    expect(plan.json.operation).toBe("update");
    expect(plan.json.readiness).toEqual([]);
    expect(plan.json.summary.violations.mandatory).toBe(0);
    expect(renderText(plan.json)).toContain("every deployment input has a real value");
  });
});

describe("production images are pinned by digest", () => {
  test("a tag in an image key is a config error naming the key, on a preview too", async () => {
    const error = await configError(planStack("production", { overrides: { zkpLedger: { monitoring: { grafanaImage: "docker.io/grafana/grafana:11.4.0" } } } }));
    expect(error).not.toBeInstanceOf(NotReadyError);
    expect(error.problems.map((p) => `${p.key}: ${p.rule}`)).toEqual([
      'neurastack:zkpLedger.monitoring.grafanaImage: "docker.io/grafana/grafana:11.4.0" is not pinned by digest; production images must be pinned by digest (registry/repository@sha256:<64 hex>); a tag can be moved to other content',
    ]);
  });

  test("staging accepts tags", async () => {
    const plan = await planStack("staging");
    expect(plan.run.config.snnFusion?.image).toMatch(/:1\.0\.0$/);
    expect(plan.policy.violations.filter((v) => v.policy === "baseline-images-digest-pinned")).toEqual([]);
  });

  test("a tag that bypasses config (a component default) is a mandatory policy finding on the workload", async () => {
    const plan = await planStack("production");
    const isApi = (r: EngineResource) => r.type === "kubernetes:apps/v1:Deployment" && r.name.includes("snn-fusion") && JSON.stringify(r.wireInputs).includes("/snn-fusion/api@");
    const { before, added, target } = await newFindings(
      plan.run.resources,
      {
        select: isApi,
        edit: (p) => {
          const pod = ((p.spec as WireProps).template as WireProps).spec as WireProps;
          for (const c of pod.containers as WireProps[]) c.image = "ghcr.io/terragonlabs/snn-fusion:1.0.0";
        },
      },
      "baseline-images-digest-pinned",
      readPolicyConfig("production"),
    );
    expect(before.violations).toEqual([]);
    expect(added.map((v) => [v.urn, v.enforcementLevel])).toContainEqual([target.urn, "mandatory"]);
    expect(added[0].message).toContain("ghcr.io/terragonlabs/snn-fusion:1.0.0 is not pinned by digest");
  });
});
