import * as aws from "@pulumi/aws";
import { awsProvider, baseLabels, ruleTests } from "../../testing/rule-tests";
import { awsIrsaTrustScoped } from "./aws-irsa-trust-scoped";

const ISSUER = "oidc.eks.us-east-1.amazonaws.com/id/ABC";
const OIDC = `arn:aws:iam::123456789012:oidc-provider/${ISSUER}`;
const trust = (condition?: Record<string, unknown>) =>
  JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Federated: OIDC }, Action: "sts:AssumeRoleWithWebIdentity", ...(condition ? { Condition: condition } : {}) }] });

ruleTests(awsIrsaTrustScoped, {
  violating: () => {
    const provider = awsProvider();
    new aws.iam.Role("any-pod", { assumeRolePolicy: trust(), tags: baseLabels() }, { provider });
    new aws.iam.Role("wildcard-sub", { assumeRolePolicy: trust({ StringLike: { [`${ISSUER}:sub`]: "*" } }), tags: baseLabels() }, { provider });
    new aws.iam.Role("everyone", { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }] }), tags: baseLabels() }, { provider });
  },
  violates: ["any-pod", "wildcard-sub", "everyone"],
  passing: () => {
    new aws.iam.Role("one-service-account", { assumeRolePolicy: trust({ StringEquals: { [`${ISSUER}:sub`]: "system:serviceaccount:snn:api", [`${ISSUER}:aud`]: "sts.amazonaws.com" } }), tags: baseLabels() }, { provider: awsProvider() });
  },
});
