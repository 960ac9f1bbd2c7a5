/**
 * Bad stack files, as a careless or hurried user writes them, read through the same path as
 * `npm run plan -- --stack-file FILE` (tools/engine/plan.ts `plan()`, then the exit code of
 * tools/engine/exit-code.ts that tools/plan.ts returns). Each file in tests/fixtures/bad-config/
 * states in its header what it must produce:
 *
 *   # stack: staging|production          (default staging)
 *   # exit: 2                            (2 config error; 1 a mandatory policy finding)
 *   # key: neurastack:platform.vpcCidr   (must appear in the message; repeat for several)
 *   # says: text                         (optional, must also appear)
 *   # hides: text                        (optional, must NOT appear, e.g. a secret's value)
 *
 * Config errors are thrown before the program runs: nothing may be registered.
 */
import * as fs from "fs";
import * as path from "path";
import { errorExitCode, planExitCode } from "../tools/engine/exit-code";
import { plan } from "../tools/engine/plan";
import { RecordingMonitor } from "../tools/engine/recorder";
import { TEST_PLAN_DATE } from "./harness";

const DIR = path.join(__dirname, "fixtures", "bad-config");

interface Expectation {
  readonly file: string;
  readonly stack: string;
  readonly exit: number;
  readonly keys: string[];
  readonly says: string[];
  readonly hides: string[];
}

function expectationOf(file: string): Expectation {
  const full = path.join(DIR, file);
  // A directory given as --stack-file carries its header in a README beside it.
  const headerFile = fs.statSync(full).isDirectory() ? path.join(full, "EXPECT") : full;
  const header = fs
    .readFileSync(headerFile, "utf8")
    .split("\n")
    .map((l) => /^# (stack|exit|key|says|hides): (.*)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null);
  const all = (name: string) => header.filter((m) => m[1] === name).map((m) => m[2].trim());
  const exit = Number(all("exit")[0] ?? "2");
  return { file: full, stack: all("stack")[0] ?? "staging", exit, keys: all("key"), says: all("says"), hides: all("hides") };
}

const fixtures = fs.readdirSync(DIR).filter((f) => f.endsWith(".yaml")).sort();

/** Runs `npm run plan`'s path in-process: the exit code and what stderr would say. */
async function planFile(e: Expectation): Promise<{ code: number; message: string; recorded: number }> {
  const registered = jest.spyOn(RecordingMonitor.prototype, "registerResource");
  try {
    const result = await plan({ stack: e.stack, stackFile: e.file, planDate: TEST_PLAN_DATE });
    const mandatory = result.json.violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => `${v.policy}: ${v.message}`);
    return { code: planExitCode(result), message: mandatory.join("\n"), recorded: registered.mock.calls.length };
  } catch (err) {
    return { code: errorExitCode(err), message: (err as Error).message, recorded: registered.mock.calls.length };
  } finally {
    registered.mockRestore();
  }
}

describe("bad stack files (tests/fixtures/bad-config)", () => {
  test("at least 50 distinct files, each stating the key it must name", () => {
    const texts = new Set(fixtures.map((f) => (fs.statSync(path.join(DIR, f)).isDirectory() ? f : fs.readFileSync(path.join(DIR, f), "utf8"))));
    expect(texts.size).toBe(fixtures.length);
    expect(fixtures.length).toBeGreaterThanOrEqual(50);
    for (const f of fixtures) expect([f, expectationOf(f).keys.length]).not.toEqual([f, 0]);
  });

  test.each(fixtures)("%s", async (file) => {
    const e = expectationOf(file);
    const got = await planFile(e);
    expect({ code: got.code, message: got.message }).toEqual({ code: e.exit, message: expect.any(String) });
    for (const key of e.keys) expect(got.message).toContain(key);
    for (const text of e.says) expect(got.message).toContain(text);
    for (const text of e.hides) expect(got.message).not.toContain(text);
    // No stack trace: the message is what the user reads.
    expect(got.message).not.toMatch(/\n\s+at /);
    if (e.exit === 2) expect(got.recorded).toBe(0);
  });

  test("a missing --stack-file is exit 2 naming the file, and nothing is recorded", async () => {
    const file = path.join(DIR, "no-such-file.yaml");
    const got = await planFile({ file, stack: "staging", exit: 2, keys: [], says: [], hides: [] });
    expect(got).toEqual({ code: 2, message: `${file}: no such file`, recorded: 0 });
  });
});

/**
 * Waivers live in the policy packs' config (`--policy-pack-config`), so a bad waiver is a finding
 * of the policy it waives (exit 1 when that policy is mandatory), not a stack config error: the
 * Pulumi CLI hands that file to the analyzer, never to the program.
 */
describe("bad waivers (tests/fixtures/bad-config/waivers): a mandatory finding, exit 1", () => {
  const baseline = path.join(__dirname, "..", "policies", "baseline");
  const cases: [file: string, says: string][] = [
    ["stale-name.json", 'the waiver for "convergence-api-public-invokr" names no resource in this plan'],
    ["impossible-date.json", 'no valid expiry date (a real calendar day, YYYY-MM-DD): "2027-02-30"'],
    ["beyond-horizon.json", "expires on 2028-06-30, more than 365 days after 2026-12-02"],
    ["beyond-configured-horizon.json", "expires on 2027-05-31, more than 90 days after 2026-12-02"],
    ["placeholder-reason.json", "does not say why"],
  ];
  test.each(cases)("%s", async (file, says) => {
    const result = await plan({ stack: "staging", planDate: TEST_PLAN_DATE, policyPacks: [{ dir: baseline, configFile: path.join(DIR, "waivers", file) }] });
    const mandatory = result.json.violations.filter((v) => v.enforcementLevel === "mandatory");
    expect(planExitCode(result)).toBe(1);
    expect(mandatory.map((v) => `${v.policy}: ${v.message}`)).toEqual([expect.stringContaining(says)]);
    expect(mandatory[0].policy).toBe("baseline-gcp-no-public-members");
  }, 180_000);
});
