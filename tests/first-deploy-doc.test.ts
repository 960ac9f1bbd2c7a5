/**
 * docs/first-deploy.md stays true: every row of its constraint table (AWS and GCP) names a
 * source, the code that handles it, and a test that exists: `tests/<file>.test.ts: <full title>`,
 * where the full title is jest's (describe names and the test name joined by spaces). Test files
 * are read statically: describe/test calls with literal titles, `.each` placeholders (%s, %d,
 * $name, ${...}) matching any text.
 */
import * as fs from "fs";
import * as path from "path";
import { tableRows, testTitles } from "./support/test-titles";

const ROOT = path.join(__dirname, "..");
const DOC = path.join(ROOT, "docs", "first-deploy.md");

const rows = tableRows(fs.readFileSync(DOC, "utf8"));
const cache = new Map<string, RegExp[]>();
const titlesOf = (file: string) => {
  if (!cache.has(file)) cache.set(file, testTitles(fs.readFileSync(path.join(ROOT, file), "utf8")));
  return cache.get(file)!;
};

describe("docs/first-deploy.md constraint table", () => {
  test("has the AWS rows (at least 25) and the GCP rows, each numbered once", () => {
    const aws = rows.filter((r) => r.cloud.toLowerCase() === "aws");
    const gcp = rows.filter((r) => r.cloud.toLowerCase() === "gcp");
    expect(aws.length).toBeGreaterThanOrEqual(25);
    expect(gcp.length).toBeGreaterThanOrEqual(25);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    for (const r of aws) expect(r.id).toMatch(/^\d+$/);
  });

  test.each(rows.map((r) => [`${r.id} (line ${r.line})`, r] as const))("row %s names a source, the code, and an existing test file and title", (_id, row) => {
    expect(row.constraint.length).toBeGreaterThan(10);
    expect(row.source.length).toBeGreaterThan(5);
    expect(row.handledBy.length).toBeGreaterThan(3);
    const m = /^(tests\/[\w./-]+\.test\.ts|[\w./-]+\.test\.ts): (.+)$/.exec(row.test);
    expect(m).not.toBeNull();
    const [, file, title] = m!;
    expect(fs.existsSync(path.join(ROOT, file))).toBe(true);
    const titles = titlesOf(file);
    expect({ file, title, found: titles.some((t) => t.test(title)) }).toEqual({ file, title, found: true });
  });
});

describe("the static title reader", () => {
  test("joins describe names and the test name, and matches .each placeholders", () => {
    const source = [
      'describe("outer", () => {',
      '  describe.each(["a", "b"])("inner %s", (x) => {',
      "    test(`t ${x} done`, () => {});",
      "  });",
      '  test.each([[1, 2]])("adds %d and %d", () => {});',
      '  test.each<[string, (x: number) => void]>([["typed", () => undefined]])("%s row", () => {});',
      "  expect(/\\/(\\)\\//.test(x)).toBe(true);",
      "});",
      'test("top (level)", () => {});',
    ].join("\n");
    const titles = testTitles(source);
    const matches = (title: string) => titles.some((t) => t.test(title));
    expect(matches("outer inner a t a done")).toBe(true);
    expect(matches("outer adds 1 and 2")).toBe(true);
    expect(matches("outer typed row")).toBe(true);
    expect(matches("top (level)")).toBe(true);
    expect(matches("outer top (level)")).toBe(false);
    expect(matches("inner a t a done")).toBe(false);
  });
});
