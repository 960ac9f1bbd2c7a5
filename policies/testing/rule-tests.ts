/**
 * Test helper for one rule: runs a violating and a passing fixture program (real provider
 * classes through the offline engine, tests/harness.ts planFixture) with only that rule, and
 * checks the rule's metadata. Each rule's test file beside it calls `ruleTests`.
 */
import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
import * as k8s from "@pulumi/kubernetes";
import { planFixture } from "../../tests/harness";
import { ALL_CONTROLS } from "../lib/controls";
import { ruleAppliesTo } from "../lib/rule";
import type { PackDefinition, Rule } from "../lib/types";

type Program = () => void | Promise<void>;

export interface RuleCase {
  /** A program with resources the rule must report. */
  readonly violating: Program;
  /** Names of the resources the violating program must get findings on (each at least one). */
  readonly violates: readonly string[];
  /** A program with compliant resources of the rule's types: no finding of this rule. */
  readonly passing: Program;
  /** The rule's policy config (e.g. `minRetentionDays`). */
  readonly config?: Readonly<Record<string, unknown>>;
  /** Stack name of the fixture run (URN stack; "production" makes label-less resources production). */
  readonly stack?: string;
  /** Substrings the findings' messages must contain (one per entry, any finding). */
  readonly messages?: readonly string[];
}

export const packOf = (rule: Rule): PackDefinition => ({ name: "test-pack", version: "0.0.0", enforcementLevel: "mandatory", rules: [rule] });

const nameOf = (urn: string | null) => (urn ? urn.slice(urn.lastIndexOf("::") + 2) : "(stack)");

/** Runs a fixture program with only `rule`; returns its findings. */
export async function runRule(rule: Rule, program: Program, options: { config?: Readonly<Record<string, unknown>>; stack?: string } = {}) {
  const result = await planFixture(program, { packs: [packOf(rule)], policyConfig: options.config ? { [rule.name]: { ...options.config } } : {}, stack: options.stack });
  return { ...result, findings: result.violations.filter((v) => v.policy === rule.name) };
}

export function ruleTests(rule: Rule, c: RuleCase): void {
  describe(rule.name, () => {
    test("metadata: id, description, severity, remediation, resource types and at least one catalogued control", () => {
      const m = rule.metadata;
      expect(m.id).toBe(rule.name);
      expect(m.id).toMatch(/^(hipaa|gdpr|baseline)-[a-z0-9-]+$/);
      expect(m.description.length).toBeGreaterThan(20);
      expect(m.remediation.length).toBeGreaterThan(20);
      expect(["critical", "high", "medium", "low"]).toContain(m.severity);
      expect(m.resourceTypes.length).toBeGreaterThan(0);
      expect(m.controls.length).toBeGreaterThan(0);
      for (const control of m.controls) expect(ALL_CONTROLS).toContainEqual(control);
    });

    test(`reports ${c.violates.join(", ")}`, async () => {
      const result = await runRule(rule, c.violating, c);
      expect(result.errors).toEqual([]);
      const flagged = new Set(result.findings.map((v) => nameOf(v.urn)));
      for (const name of c.violates) expect([...flagged]).toContain(name);
      for (const v of result.findings) expect(v.controls.length).toBeGreaterThan(0);
      const text = result.findings.map((v) => v.message).join("\n");
      for (const m of c.messages ?? []) expect(text).toContain(m);
    });

    test("passes compliant resources of its types", async () => {
      const result = await runRule(rule, c.passing, c);
      expect(result.errors).toEqual([]);
      expect(result.resources.some((r) => ruleAppliesTo(rule.metadata, r.type))).toBe(true);
      expect(result.findings.map((v) => `${nameOf(v.urn)}: ${v.message}`)).toEqual([]);
    });
  });
}

// ---- fixture building blocks -------------------------------------------------------------

/** Labels of a production PHI store in US jurisdiction, with records-of-processing labels. */
export function dataLabels(overrides: Readonly<Record<string, string>> = {}): Record<string, string> {
  return {
    system: "fixture",
    environment: "production",
    "managed-by": "pulumi",
    "data-classification": "phi",
    jurisdiction: "hipaa-us",
    owner: "neurascale-platform",
    purpose: "fixture-data",
    ...overrides,
  };
}

export function baseLabels(environment = "production"): Record<string, string> {
  return { system: "fixture", environment, "managed-by": "pulumi" };
}

export function gcpProvider(region = "us-central1", name = "gcp"): gcp.Provider {
  return new gcp.Provider(name, { project: "fixture-project", region });
}

export function awsProvider(region = "us-east-1", name = `aws-${region}`): aws.Provider {
  return new aws.Provider(name, { region, skipCredentialsValidation: true, skipRegionValidation: true });
}

export function k8sProvider(name = "k8s"): k8s.Provider {
  return new k8s.Provider(name, { kubeconfig: "{}" });
}

export const GCP_KEY_NAME = "projects/fixture-project/locations/us-central1/keyRings/ring/cryptoKeys/key";
export const AWS_KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555";

/** A hardened container spec for workload fixtures. */
export function hardenedContainer(name = "app"): k8s.types.input.core.v1.Container {
  return {
    name,
    image: "ghcr.io/example/app:1.0.0",
    securityContext: { runAsNonRoot: true, runAsUser: 10001, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, privileged: false, capabilities: { drop: ["ALL"] } },
    resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
  };
}
