import * as aws from "@pulumi/aws";
import { AUDIT_LOGGING } from "../../lib/controls";
import { resourceRule } from "../../lib/rule";
import { str, strings, type Props } from "../../lib/values";

/**
 * Database logs leave the instance for CloudWatch Logs (kept with the log groups' retention and
 * KMS key) instead of rotating away on the host. For PostgreSQL the exportable types are
 * `postgresql` and `upgrade` (RDS user guide "Publishing PostgreSQL logs to CloudWatch Logs");
 * the `postgresql` log is the one pgaudit and connection logging write to, so it is required.
 * cdk-nag RDSLoggingEnabled asks every exportable type of the engine.
 */
const REQUIRED: Readonly<Record<string, readonly string[]>> = {
  postgres: ["postgresql", "upgrade"],
  mysql: ["audit", "error", "general", "slowquery"],
  mariadb: ["audit", "error", "general", "slowquery"],
};

export const rdsLogExports = resourceRule<Props>({
  id: "hipaa-rds-log-exports",
  description: "RDS instances export their engine's logs to CloudWatch Logs (PostgreSQL: postgresql and upgrade).",
  severity: "medium",
  controls: AUDIT_LOGGING,
  remediation: "Set `enabledCloudwatchLogsExports` to every log type of the engine (PostgreSQL: [\"postgresql\", \"upgrade\"]); replicas set it too.",
  appliesTo: [aws.rds.Instance],
  check: (props, _args, finding) => {
    const exported = strings(props.enabledCloudwatchLogsExports);
    // A replica created from a source may omit the engine (it inherits it); judge it as the source's engine family when named, else as PostgreSQL (the only engine this program runs).
    const engine = str(props.engine) ?? "postgres";
    const family = Object.keys(REQUIRED).find((e) => engine === e || engine.startsWith(`aurora-${e}`)) ?? engine;
    const required = REQUIRED[family];
    if (exported.length === 0) finding("enabledCloudwatchLogsExports is empty (database logs stay on the instance)");
    else if (required) {
      const missing = required.filter((t) => !exported.includes(t));
      if (missing.length > 0) finding(`enabledCloudwatchLogsExports lacks ${missing.join(", ")}`);
    }
  },
});
