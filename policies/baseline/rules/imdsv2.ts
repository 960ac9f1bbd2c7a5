import * as aws from "@pulumi/aws";
import { ACCESS } from "../../lib/controls";
import { resourceRule } from "../../lib/rule";
import { get, str, type Props } from "../../lib/values";

/** IMDSv1 hands instance credentials to any SSRF; session tokens (IMDSv2) are required. */
export const imdsv2 = resourceRule<Props>({
  id: "baseline-imdsv2",
  description: "Launch templates and instances require IMDSv2 (metadataOptions.httpTokens = required).",
  severity: "high",
  controls: ACCESS,
  remediation: "Set `metadataOptions: { httpTokens: \"required\", httpEndpoint: \"enabled\", httpPutResponseHopLimit: 2 }` (hop limit 1 to keep pods away from node credentials).",
  appliesTo: [aws.ec2.LaunchTemplate, aws.ec2.Instance],
  check: (props, _args, finding) => {
    if (str(get(props, "metadataOptions", "httpEndpoint")) === "disabled") return;
    const tokens = str(get(props, "metadataOptions", "httpTokens")) ?? "optional";
    if (tokens !== "required") finding(`metadataOptions.httpTokens is ${tokens}: IMDSv1 is allowed`);
  },
});
