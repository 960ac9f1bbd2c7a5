import * as aws from "@pulumi/aws";
import { ACCESS, HIPAA } from "../../lib/controls";
import { resourceRule } from "../../lib/rule";
import { str, type Props } from "../../lib/values";

const AUTHENTICATED = new Set(["AWS_IAM", "JWT", "CUSTOM"]);

/** The data-subject request API erases and exports personal data: no anonymous route. */
export const apiRoutesAuthenticated = resourceRule<Props>({
  id: "baseline-api-routes-authenticated",
  description: "API Gateway (HTTP API) routes require an authorizer (AWS_IAM, JWT or a custom authorizer).",
  severity: "critical",
  controls: [...ACCESS, HIPAA.authentication],
  remediation: "Set `authorizationType: \"AWS_IAM\"` (or JWT/CUSTOM with `authorizerId`) on every route.",
  appliesTo: [aws.apigatewayv2.Route],
  check: (props, _args, finding) => {
    const type = str(props.authorizationType) ?? "NONE";
    if (!AUTHENTICATED.has(type)) finding(`route ${str(props.routeKey) ?? ""} has authorizationType ${type}: anyone can call it`);
  },
});
