/** GCP IAM resources: members, bindings and policies, read uniformly as (role, member) grants. */
import { isRecord, list, records, str, strings, type Props } from "./values";

export const GCP_IAM_TYPES: readonly string[] = ["gcp:*:*IamMember", "gcp:*:*IamBinding", "gcp:*:*IamPolicy"];

export interface Grant {
  readonly role: string;
  readonly member: string;
}

/** Grants a GCP IAM member/binding/policy resource makes. */
export function grantsOf(type: string, props: Props): Grant[] {
  const kind = type.split(":")[2]?.toLowerCase() ?? "";
  if (kind.endsWith("iammember")) return [{ role: str(props.role) ?? "", member: str(props.member) ?? "" }];
  if (kind.endsWith("iambinding")) return strings(props.members).map((member) => ({ role: str(props.role) ?? "", member }));
  if (kind.endsWith("iampolicy")) {
    let doc: unknown = props.policyData;
    if (typeof doc === "string") {
      try {
        doc = JSON.parse(doc);
      } catch {
        return [];
      }
    }
    if (!isRecord(doc)) return [];
    return records(doc.bindings).flatMap((b) => list(b.members).map((m) => ({ role: str(b.role) ?? "", member: String(m) })));
  }
  return [];
}

/** Whether the IAM resource grants on a whole project, folder or organization. */
export function isHierarchyLevel(type: string): boolean {
  return /^gcp:(projects|organizations|folder)\//.test(type);
}

export const PUBLIC_MEMBERS: ReadonlySet<string> = new Set(["allUsers", "allAuthenticatedUsers"]);
