/**
 * Static readers for tests/first-deploy-doc.test.ts: the rows of docs/first-deploy.md's constraint
 * table, and the full jest titles (describe names + test name, joined by spaces) of a test file.
 */
export interface Row {
  readonly line: number;
  readonly id: string;
  readonly cloud: string;
  readonly constraint: string;
  readonly source: string;
  readonly handledBy: string;
  readonly test: string;
}

/** Table rows of the constraint table (6 cells; header and separator skipped). */
export function tableRows(markdown: string): Row[] {
  const rows: Row[] = [];
  markdown.split("\n").forEach((text, i) => {
    if (!text.startsWith("| ")) return;
    const cells = text
      .slice(1, text.endsWith("|") ? -1 : undefined)
      .split(/(?<!\\)\|/)
      .map((c) => c.trim());
    if (cells.length !== 6 || cells[0] === "#" || /^-+$/.test(cells[0])) return;
    const [id, cloud, constraint, source, handledBy, test] = cells;
    rows.push({ line: i + 1, id, cloud, constraint, source, handledBy, test });
  });
  return rows;
}

/** A `/` after one of these starts a regular expression literal, not a division. */
const REGEX_BEFORE = /^$|[(,=:[!&|?{};+\-*%<>~^]$/;

function previousSignificant(text: string, i: number): string {
  for (let j = i - 1; j >= 0; j--) if (!/\s/.test(text[j])) return text[j];
  return "";
}

/** Index of the closing `/` of the regular expression literal starting at `start`. */
function regexEnd(text: string, start: number): number {
  let inClass = false;
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === "\\") i++;
    else if (c === "[") inClass = true;
    else if (c === "]") inClass = false;
    else if (c === "/" && !inClass) return i;
    else if (c === "\n") return i;
  }
  return text.length;
}

/** End index (exclusive) of the call whose `(` is at `open`, skipping strings, templates and comments. */
function callEnd(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === "/" && text[i + 1] === "/") i = text.indexOf("\n", i) < 0 ? text.length : text.indexOf("\n", i);
    else if (c === "/" && text[i + 1] === "*") i = text.indexOf("*/", i + 2) + 1;
    else if (c === "/" && REGEX_BEFORE.test(previousSignificant(text, i))) i = regexEnd(text, i);
    else if (c === '"' || c === "'" || c === "`") {
      for (i++; i < text.length && text[i] !== c; i++) if (text[i] === "\\") i++;
    } else if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return i + 1;
  }
  return text.length;
}

const CALL = /\b(describe|test|it)(?:\.(?:only|skip|concurrent))?(\.each\s*(?=[(<]))?/g;

/** Index after a balanced type-argument list `<...>` starting at `start` (arrows `=>` are not brackets). */
function typeArgumentsEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === "<") depth++;
    else if (text[i] === ">" && text[i - 1] !== "=" && --depth === 0) return i + 1;
  }
  return start;
}
const TITLE = /^\s*(["'`])((?:\\.|(?!\1)[^\\])*)\1/;

/** Full test titles of a test file, as patterns (placeholders of `.each` match any text). */
export function testTitles(source: string): RegExp[] {
  const blocks: { start: number; end: number; title: string; kind: string }[] = [];
  for (const m of source.matchAll(CALL)) {
    let at = m.index! + m[0].length;
    if (m[2]) {
      // skip `.each<Types>(table)`
      if (source[at] === "<") at = typeArgumentsEnd(source, at);
      at = callEnd(source, source.indexOf("(", at));
    }
    const open = source.indexOf("(", at);
    if (open < 0 || source.slice(at, open).trim() !== "") continue;
    const title = TITLE.exec(source.slice(open + 1));
    if (!title) continue;
    blocks.push({ start: m.index!, end: callEnd(source, open), title: title[2], kind: m[1] });
  }
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = (title: string) =>
    title
      .split(/(%[sdifjop#%]|\$\{[^}]*\}|\$[A-Za-z_][\w.]*)/)
      .map((part, i) => (i % 2 === 1 ? (part === "%%" ? "%" : ".+?") : escape(part.replace(/\\(["'`\\])/g, "$1"))))
      .join("");
  return blocks
    .filter((b) => b.kind !== "describe")
    .map((t) => {
      const parents = blocks.filter((d) => d.kind === "describe" && d.start < t.start && t.end <= d.end).sort((a, b) => a.start - b.start);
      return new RegExp(`^${[...parents, t].map((b) => pattern(b.title)).join(" ")}$`);
    });
}

