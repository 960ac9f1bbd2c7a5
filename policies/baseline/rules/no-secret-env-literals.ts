import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
import { SECURITY, HIPAA, GDPR } from "../../lib/controls";
import { K8S_WORKLOADS } from "../../lib/inventory";
import { containersOf, podSpecOf } from "../../lib/k8s";
import { secretProblem } from "../../lib/secret-patterns";
import { resourceRule } from "../../lib/rule";
import { get, rec, records, str, type Props } from "../../lib/values";

/** Plain (name, value) environment entries of a resource; entries with valueFrom/valueSource are references. */
function literals(type: string, props: Props): [string, string, string][] {
  const out: [string, string, string][] = [];
  const pod = podSpecOf(type, props);
  if (pod) {
    for (const c of containersOf(pod)) {
      for (const e of records(c.spec.env)) if (e.valueFrom === undefined && typeof e.value === "string") out.push([c.name, str(e.name) ?? "", e.value]);
    }
    return out;
  }
  if (type === "gcp:cloudrunv2/service:Service") {
    for (const c of records(get(props, "template", "containers"))) {
      for (const e of records(c.envs)) if (e.valueSource === undefined && typeof e.value === "string") out.push([str(c.name) ?? "container", str(e.name) ?? "", e.value]);
    }
    return out;
  }
  const vars = type === "aws:lambda/function:Function" ? get(props, "environment", "variables") : type === "gcp:cloudfunctionsv2/function:Function" ? get(props, "serviceConfig", "environmentVariables") : props.environmentVariables;
  for (const [k, v] of Object.entries(rec(vars))) if (typeof v === "string") out.push(["function", k, v]);
  return out;
}

export const noSecretEnvLiterals = resourceRule<Props>({
  id: "baseline-no-secret-env-literals",
  description: "No workload or function passes a secret as a literal environment value (Kubernetes env, Cloud Run envs, Cloud Functions and Lambda variables).",
  severity: "high",
  controls: [SECURITY.secrets, HIPAA.accessControl, GDPR.integrityConfidentiality],
  remediation: "Reference the secret instead: `valueFrom.secretKeyRef` (Kubernetes), `valueSource.secretKeyRef` (Cloud Run), `secretEnvironmentVariables` (Cloud Functions), or the secret's ARN read at start-up (Lambda).",
  appliesTo: [...K8S_WORKLOADS, gcp.cloudrunv2.Service, gcp.cloudfunctionsv2.Function, gcp.cloudfunctions.Function, aws.lambda.Function],
  check: (props, args, finding) => {
    for (const [container, name, value] of literals(args.type, props)) {
      const problem = secretProblem(name, value);
      if (problem) finding(`${container}: ${problem}`);
    }
  },
});
