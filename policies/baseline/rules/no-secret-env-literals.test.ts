import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
import { awsProvider, baseLabels, gcpProvider, hardenedContainer, ruleTests } from "../../testing/rule-tests";
import { deployment } from "./k8s-workload-fixtures";
import { noSecretEnvLiterals } from "./no-secret-env-literals";

const lambda = (name: string, variables: Record<string, string>) =>
  new aws.lambda.Function(name, { role: "arn:aws:iam::123456789012:role/fn", runtime: "nodejs22.x", handler: "index.handler", s3Bucket: "artifacts", s3Key: "fn.zip", environment: { variables }, tags: baseLabels() }, { provider: awsProvider() });
const run = (name: string, envs: gcp.types.input.cloudrunv2.ServiceTemplateContainerEnv[]) =>
  new gcp.cloudrunv2.Service(name, { location: "us-central1", labels: baseLabels(), template: { serviceAccount: "api@fixture-project.iam.gserviceaccount.com", containers: [{ image: "gcr.io/x/api:1", envs }] } }, { provider: gcpProvider() });

ruleTests(noSecretEnvLiterals, {
  violating: () => {
    deployment("api-key-literal", { ...hardenedContainer(), env: [{ name: "API_KEY", value: "k-0123456789" }] });
    lambda("aws-key-in-env", { UPSTREAM: "AKIAABCDEFGHIJKLMNOP" });
    run("admin-key-literal", [{ name: "ADMIN_API_KEY", value: "plain-admin-key" }]);
  },
  violates: ["api-key-literal", "aws-key-in-env", "admin-key-literal"],
  passing: () => {
    deployment("secret-ref", { ...hardenedContainer(), env: [{ name: "API_KEY", valueFrom: { secretKeyRef: { name: "app-secrets", key: "api-key" } } }, { name: "LOG_LEVEL", value: "info" }] });
    lambda("references", { DB_AUTH: "secret", DB_SECRET_ARN: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db", REDIS_AUTH_SECRET_ARN: "arn:aws:secretsmanager:us-east-1:123456789012:secret:redis" });
    run("secret-source", [{ name: "ADMIN_API_KEY", valueSource: { secretKeyRef: { secret: "admin-api-key", version: "latest" } } }]);
  },
});
