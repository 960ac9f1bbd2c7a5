/** AWS IAM policy documents: parse the JSON (string or object) into normalised statements. */
import { isRecord, list, rec, str, strings, type Props } from "./values";

export interface Statement {
  readonly effect: "Allow" | "Deny";
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly resources: readonly string[];
  readonly principals: Readonly<Record<string, readonly string[]>>;
  /** Condition operator -> key -> values. */
  readonly conditions: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

export function parsePolicy(document: unknown): Statement[] | undefined {
  let doc: unknown = document;
  if (typeof document === "string") {
    try {
      doc = JSON.parse(document);
    } catch {
      return undefined;
    }
  }
  if (!isRecord(doc)) return undefined;
  const raw = Array.isArray(doc.Statement) ? doc.Statement : isRecord(doc.Statement) ? [doc.Statement] : [];
  return raw.filter(isRecord).map((s: Props) => {
    const principal = s.Principal;
    const principals: Record<string, readonly string[]> = {};
    if (principal === "*") principals["*"] = ["*"];
    else for (const [k, v] of Object.entries(rec(principal))) principals[k] = strings(v);
    const conditions: Record<string, Record<string, readonly string[]>> = {};
    for (const [op, body] of Object.entries(rec(s.Condition))) {
      conditions[op] = {};
      for (const [key, values] of Object.entries(rec(body))) conditions[op][key] = list(values).map((v) => String(v)).concat(typeof values === "string" || typeof values === "boolean" ? [String(values)] : []);
    }
    return {
      effect: str(s.Effect) === "Deny" ? "Deny" : "Allow",
      actions: strings(s.Action),
      notActions: strings(s.NotAction),
      resources: strings(s.Resource),
      principals,
      conditions,
    };
  });
}

/** An action pattern with a wildcard ("*", "s3:*", "s3:Get*"). */
export function isWildcardAction(action: string): boolean {
  return action.includes("*");
}

/** The service prefix of an action ("s3" of "s3:GetObject"; "*" for "*"). */
export function serviceOf(action: string): string {
  return action === "*" ? "*" : action.split(":")[0].toLowerCase();
}

/** Whether an IAM resource pattern (with * and ? wildcards) matches an ARN. */
export function resourceMatches(pattern: string, arn: string): boolean {
  if (pattern === "*") return true;
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`);
  return re.test(arn);
}
