import * as aws from "@pulumi/aws";
import { ACCESS } from "../../lib/controls";
import { resourceRule } from "../../lib/rule";
import { str, type Props } from "../../lib/values";

/** A service principal without a source ARN lets any resource of that service, in any account, invoke the function. */
export const lambdaPermissionScoped = resourceRule<Props>({
  id: "baseline-lambda-permission-scoped",
  description: "Lambda invoke permissions name a specific principal and, for service principals, the source ARN.",
  severity: "high",
  controls: ACCESS,
  remediation: "Set `sourceArn` (e.g. the API's execution ARN with `/*/*` or the queue ARN) and never `principal: \"*\"`.",
  appliesTo: [aws.lambda.Permission],
  check: (props, _args, finding) => {
    const principal = str(props.principal) ?? "";
    if (principal === "*") finding("principal * lets anyone invoke the function");
    else if (principal.endsWith(".amazonaws.com") && !str(props.sourceArn)) finding(`service principal ${principal} without sourceArn`);
  },
});
