import * as k8s from "@pulumi/kubernetes";
import { baseLabels, k8sProvider, ruleTests } from "../../testing/rule-tests";
import { k8sNoSecretsInConfigMaps } from "./k8s-no-secrets-in-configmaps";

const configMap = (name: string, data: Record<string, string>) => new k8s.core.v1.ConfigMap(name, { metadata: { namespace: "app", labels: baseLabels() }, data }, { provider: k8sProvider() });

ruleTests(k8sNoSecretsInConfigMaps, {
  violating: () => {
    configMap("password-literal", { DB_PASSWORD: "hunter2-hunter2" });
    configMap("url-with-password", { DATABASE_URL: "postgres://app:s3cr3t@db.internal:5432/app" });
    configMap("toml-secret", { "production.toml": '[security]\njwt_secret = "f00dcafe1234"\n' });
    configMap("aws-key", { NOTES: "key AKIAABCDEFGHIJKLMNOP" });
  },
  violates: ["password-literal", "url-with-password", "toml-secret", "aws-key"],
  passing: () => {
    configMap("settings", {
      LOG_LEVEL: "info",
      DB_PASSWORD_FILE: "/var/run/secrets/db/password",
      SECRET_NAME: "app-secrets",
      DATABASE_URL: "postgres://app@db.internal:5432/app?sslmode=verify-full",
      TOKEN_TTL_SECONDS: "3600",
      "production.toml": '[security]\njwt_secret_file = "/etc/zkp/jwt"\npassword = "${DB_PASSWORD}"\n',
    });
  },
});
