import * as aws from "@pulumi/aws";
import type { PolicyResource } from "@pulumi/policy";
import { ENCRYPTION_IN_TRANSIT } from "../../lib/controls";
import { stackRule, typeToken } from "../../lib/rule";
import { StackView } from "../../lib/stack";
import { records, str, type Props } from "../../lib/values";

const INSTANCE = typeToken(aws.rds.Instance);
const PARAMETER_GROUP = typeToken(aws.rds.ParameterGroup);

/** The parameter that refuses unencrypted connections, by engine. */
function tlsParameter(engineOrFamily: string): { name: string; on: readonly string[] } | undefined {
  if (/postgres/.test(engineOrFamily)) return { name: "rds.force_ssl", on: ["1"] };
  if (/mysql|mariadb/.test(engineOrFamily)) return { name: "require_secure_transport", on: ["1", "ON", "on"] };
  return undefined;
}

function forcesTls(group: PolicyResource, engine: string): string | undefined {
  const props = group.props as Props;
  const tls = tlsParameter(engine || (str(props.family) ?? ""));
  if (!tls) return undefined;
  const p = records(props.parameters).find((x) => str(x.name) === tls.name);
  if (!p) return `parameter group ${str(props.name) ?? group.name} does not set ${tls.name}`;
  if (!tls.on.includes(String(p.value))) return `parameter group ${str(props.name) ?? group.name} sets ${tls.name}=${String(p.value)}`;
  return undefined;
}

/**
 * PostgreSQL accepts plaintext connections unless `rds.force_ssl=1` (the default only from
 * PostgreSQL 16); the instance's parameter group must set it.
 */
export const rdsForceSsl = stackRule({
  id: "hipaa-rds-force-ssl",
  description: "RDS instances refuse unencrypted connections: their parameter group sets rds.force_ssl=1 (PostgreSQL) or require_secure_transport=1 (MySQL).",
  severity: "high",
  controls: ENCRYPTION_IN_TRANSIT,
  resourceTypes: [INSTANCE, PARAMETER_GROUP],
  remediation: "Create an `aws.rds.ParameterGroup` for the engine family with `parameters: [{ name: \"rds.force_ssl\", value: \"1\" }]` and set the instance's `parameterGroupName` to it.",
  check: (args, finding) => {
    const view = new StackView(args.resources);
    const groups = view.refIndex([PARAMETER_GROUP], ["name", "id"]);
    for (const db of view.ofType(INSTANCE)) {
      const props = db.props as Props;
      const engine = str(props.engine) ?? "";
      const groupName = str(props.parameterGroupName);
      if (!groupName) {
        const major = Number((str(props.engineVersion) ?? "").split(".")[0]);
        if (/postgres/.test(engine) && major >= 16) continue;
        if (tlsParameter(engine) || engine === "") finding(`instance ${db.name} uses the engine's default parameter group, which accepts plaintext connections`, db.urn);
        continue;
      }
      const group = groups.get(groupName);
      if (!group) {
        finding(`instance ${db.name} uses parameter group ${groupName}, which this stack does not manage, so TLS enforcement cannot be verified`, db.urn);
        continue;
      }
      const problem = forcesTls(group, engine);
      if (problem) finding(`instance ${db.name}: ${problem}`, db.urn);
    }
  },
});
