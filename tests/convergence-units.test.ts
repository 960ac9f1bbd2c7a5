/**
 * The Convergence API's pure parts: traffic targets, the rotation schedule, Cloud Armor rules,
 * alert conditions, names, and the config rules of `neurastack:convergence`.
 */
import { ConfigError } from "../stacks/errors";
import { loadStackConfig, type RawConfig } from "../stacks/load";
import { readStackFiles } from "../tools/engine/project";
import { rawConfigOf, PROJECT_DIR } from "../tools/engine/run";
import { armorRules, OWASP_RULE_SETS, DEFAULT_PRIORITY } from "../components/systems/convergence-api/armor";
import { alertConditions, kmsFailureFilter } from "../components/systems/convergence-api/monitoring";
import { convergenceNames, kmsLocationOf } from "../components/systems/convergence-api/names";
import { nextRotationTime, rotationPeriod } from "../components/systems/convergence-api/rotation";
import { LATEST, REVISION, trafficTargets } from "../components/systems/convergence-api/traffic";

const REV_A = "convergence-api-prod-00001-abc";
const REV_B = "convergence-api-prod-00002-def";

describe("trafficTargets", () => {
  test("all traffic to latest", () => {
    expect(trafficTargets({ latest: 100, revisions: {}, tags: {} })).toEqual([{ type: LATEST, percent: 100 }]);
  });

  test.each([
    [10, 90],
    [50, 50],
  ])("guide migration step: latest %i%%, previous revision %i%%", (latest, previous) => {
    expect(trafficTargets({ latest, revisions: { [REV_A]: previous }, tags: {} })).toEqual([
      { type: LATEST, percent: latest },
      { type: REVISION, revision: REV_A, percent: previous },
    ]);
  });

  test("rollback: latest gets nothing and is left out, the pinned revision gets all", () => {
    expect(trafficTargets({ latest: 0, revisions: { [REV_A]: 100 }, tags: {} })).toEqual([{ type: REVISION, revision: REV_A, percent: 100 }]);
  });

  test("tags: the first rides on the traffic target, more tags and tag-only revisions get 0% targets", () => {
    expect(trafficTargets({ latest: 100, revisions: {}, tags: { blue: "", canary: "", green: REV_B } })).toEqual([
      { type: LATEST, percent: 100, tag: "blue" },
      { type: LATEST, percent: 0, tag: "canary" },
      { type: REVISION, revision: REV_B, percent: 0, tag: "green" },
    ]);
  });

  test("percentages are carried over unchanged and sum to 100", () => {
    const targets = trafficTargets({ latest: 20, revisions: { [REV_A]: 30, [REV_B]: 50 }, tags: {} });
    expect(targets.reduce((sum, t) => sum + t.percent, 0)).toBe(100);
    expect(targets.map((t) => t.revision ?? "latest")).toEqual(["latest", REV_A, REV_B]);
  });
});

describe("rotation schedule", () => {
  const anchor = "2026-01-01T00:00:00Z";
  test("period in seconds", () => {
    expect(rotationPeriod(90)).toBe("7776000s");
  });
  test("before the anchor: the anchor itself", () => {
    expect(nextRotationTime(anchor, 90, new Date("2025-06-01T00:00:00Z"))).toBe(anchor);
  });
  test("after the anchor: the next period boundary", () => {
    expect(nextRotationTime(anchor, 90, new Date("2026-02-15T12:00:00Z"))).toBe("2026-04-01T00:00:00Z");
    expect(nextRotationTime(anchor, 90, new Date("2026-04-01T00:00:00Z"))).toBe("2026-06-30T00:00:00Z");
  });
  test("at least one hour ahead (Secret Manager's minimum)", () => {
    expect(nextRotationTime(anchor, 90, new Date("2026-03-31T23:30:00Z"))).toBe("2026-06-30T00:00:00Z");
  });
  test("a malformed anchor is refused", () => {
    expect(() => nextRotationTime("soon", 90, new Date())).toThrow(/not a timestamp/);
  });
});

describe("Cloud Armor rules", () => {
  const rules = armorRules(300);
  test("rate limit first, per IP, at the configured count per minute", () => {
    const [first] = [...rules].sort((a, b) => Number(a.priority) - Number(b.priority));
    expect(first).toMatchObject({ action: "throttle", rateLimitOptions: { enforceOnKey: "IP", rateLimitThreshold: { count: 300, intervalSec: 60 } } });
  });
  test("every OWASP rule set denies, each at its own priority, and the default allows last", () => {
    const waf = rules.filter((r) => r.action === "deny(403)");
    expect(waf).toHaveLength(OWASP_RULE_SETS.length);
    expect(new Set(rules.map((r) => r.priority)).size).toBe(rules.length);
    expect(rules[rules.length - 1]).toMatchObject({ priority: DEFAULT_PRIORITY, action: "allow" });
  });
});

describe("alert conditions", () => {
  const alerts = { uptimePeriodSeconds: 60 as const, consecutiveHealthCheckFailures: 2, p95LatencyMs: 500, errorRatePercent: 1, errorRateWindowMinutes: 5 };
  const c = alertConditions(alerts, "convergence-api-prod", "check-1", "convergence-kms-failures-prod");
  test("health: fires after more than N consecutive failed periods", () => {
    expect(c.health.conditionThreshold).toMatchObject({ duration: "120s", comparison: "COMPARISON_GT" });
    const slower = alertConditions({ ...alerts, uptimePeriodSeconds: 300, consecutiveHealthCheckFailures: 3 }, "s", "c", "m");
    expect(slower.health.conditionThreshold.duration).toBe("900s");
  });
  test("error rate is a 5xx/all ratio over the window", () => {
    const t = c.errors.conditionThreshold;
    expect(t.thresholdValue).toBe(0.01);
    expect(t.filter).toContain('response_code_class="5xx"');
    expect(t.denominatorFilter).not.toContain("5xx");
    expect(t.aggregations).toEqual([expect.objectContaining({ alignmentPeriod: "300s" })]);
  });
  test("KMS failures count audit-log failures on the key ring and the API's own KMS errors", () => {
    const filter = kmsFailureFilter("convergence-keyring-prod", "convergence-api-prod");
    expect(filter).toContain('protoPayload.serviceName="cloudkms.googleapis.com"');
    expect(filter).toContain('key_ring_id="convergence-keyring-prod"');
    expect(filter).toContain('service_name="convergence-api-prod"');
  });
});

describe("names", () => {
  test("as the guide spells them", () => {
    expect(convergenceNames("prod")).toMatchObject({ service: "convergence-api-prod", serviceAccountId: "convergence-api-prod", keyRing: "convergence-keyring-prod", appKey: "api-key-encryption", adminSecret: "admin-api-key-prod" });
    expect(convergenceNames("blue-2").dataset).toBe("convergence_blue_2");
    expect(kmsLocationOf("US")).toBe("us");
  });
});

describe("neurastack:convergence config rules", () => {
  type Values = Record<string, unknown>;
  function problems(stack: "staging" | "production", convergence: Values): string[] {
    const base = rawConfigOf(readStackFiles(PROJECT_DIR, stack));
    const values = { ...structuredClone(base.values), convergence: { projectId: `neurascale-convergence-${stack === "production" ? "prod" : "stg"}`, ...convergence } };
    const raw: RawConfig = { ...base, values };
    try {
      loadStackConfig(raw);
      return [];
    } catch (e) {
      if (e instanceof ConfigError) return e.problems.map((p) => `${p.key}: ${p.rule}`);
      throw e;
    }
  }

  test("both stacks load with the guide's sizing", () => {
    expect(problems("staging", {})).toEqual([]);
    expect(problems("production", {})).toEqual([]);
  });

  test("a secret replica outside the jurisdiction is refused", () => {
    expect(problems("staging", { secretReplicaLocations: ["us-central1", "europe-west1"] })).toEqual([
      'neurastack:convergence.secretReplicaLocations[1]: "europe-west1" (Belgium) cannot hold convergence secrets under "hipaa-us": HIPAA data must stay in North American regions',
    ]);
  });

  test("named revisions must belong to the service", () => {
    expect(problems("production", { traffic: { latest: 10, revisions: { "other-service-00001-abc": 90 } } })).toEqual([
      'neurastack:convergence.traffic.revisions.other-service-00001-abc: "other-service-00001-abc" is not a revision of convergence-api-prod (names look like convergence-api-prod-00001-abc)',
    ]);
    expect(problems("production", { traffic: { latest: 10, revisions: { [REV_A]: 90 } } })).toEqual([]);
  });

  test("a load balancer needs a domain and public invocation", () => {
    expect(problems("production", { loadBalancer: { domains: [] }, public: false })).toEqual([
      "neurastack:convergence.loadBalancer.domains: is empty; the managed certificate of the load balancer needs at least one domain",
      "neurastack:convergence.public: false cannot serve the load balancer: its serverless NEG forwards unauthenticated requests, so run.invoker for allUsers is required",
    ]);
  });

  test("a suffix that would overflow the 30-character service account id is refused", () => {
    expect(problems("staging", { nameSuffix: "staging-blue-green" })[0]).toMatch(/^neurastack:convergence.nameSuffix: "staging-blue-green" is not a name suffix/);
  });

  test("rotation longer than 90 days is refused", () => {
    expect(problems("staging", { secretRotationDays: 120 })).toHaveLength(1);
  });
});
