import { ACCESS, KEY_MANAGEMENT } from "../../lib/controls";
import { stackRule } from "../../lib/rule";
import { StackView } from "../../lib/stack";
import { get, num, str, type Props } from "../../lib/values";

const SECRET = "aws:secretsmanager/secret:Secret";
const ROTATION = "aws:secretsmanager/secretRotation:SecretRotation";

export const DEFAULT_MAX_ROTATION_DAYS = 90;

/**
 * Every Secrets Manager secret is rotated automatically (cdk-nag SecretsManagerRotationEnabled),
 * at most every `maxRotationDays` (policy config, default 90: the key-management period of the
 * HIPAA pack): a rotation function (`rotationLambdaArn`) or managed rotation, with
 * `rotationRules` in days or a schedule expression. RDS-managed master secrets are not
 * aws.secretsmanager.Secret resources and rotate by RDS itself.
 */
export const secretsRotation = stackRule({
  id: "hipaa-secrets-rotation",
  description: "Every Secrets Manager secret has an automatic rotation at most the configured maximum of days apart.",
  severity: "high",
  controls: [...ACCESS, ...KEY_MANAGEMENT],
  config: { maxRotationDays: { type: "integer", minimum: 1, maximum: 1000, default: DEFAULT_MAX_ROTATION_DAYS } },
  resourceTypes: [SECRET, ROTATION],
  remediation: "Add an aws.secretsmanager.SecretRotation for the secret with a rotation function (`rotationLambdaArn`, e.g. an AWS-published template from the Serverless Application Repository) and `rotationRules.automaticallyAfterDays` at most the maximum (config `security.secretRotationDays`).",
  check: (args, finding) => {
    const view = new StackView(args.resources);
    const max = num(args.getConfig<{ maxRotationDays?: number }>().maxRotationDays) ?? DEFAULT_MAX_ROTATION_DAYS;
    const secrets = view.refIndex([SECRET], ["arn", "id", "name"]);
    const rotated = new Set<string>();
    for (const r of view.ofType(ROTATION)) {
      const p = r.props as Props;
      const secret = secrets.get(str(p.secretId) ?? "");
      if (secret) rotated.add(secret.urn);
      const days = num(get(p, "rotationRules", "automaticallyAfterDays"));
      const schedule = str(get(p, "rotationRules", "scheduleExpression"));
      if (days === undefined && !schedule) finding(`rotation ${r.name} has no rotationRules (days or schedule)`, r.urn);
      else if (days !== undefined && days > max) finding(`rotation ${r.name} rotates every ${days} days, more than the maximum of ${max}`, r.urn);
    }
    for (const s of view.ofType(SECRET)) {
      if (!rotated.has(s.urn)) finding(`secret ${s.name} has no automatic rotation (aws.secretsmanager.SecretRotation)`, s.urn);
    }
  },
});
