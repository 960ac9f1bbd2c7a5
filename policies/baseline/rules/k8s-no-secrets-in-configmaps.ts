import { SECURITY, HIPAA, GDPR } from "../../lib/controls";
import { secretProblem } from "../../lib/secret-patterns";
import { resourceRule } from "../../lib/rule";
import { rec, type Props } from "../../lib/values";

/** ConfigMaps are readable by anything with `get configmaps` and unencrypted in etcd by KMS envelope. */
export const k8sNoSecretsInConfigMaps = resourceRule<Props>({
  id: "baseline-k8s-no-secrets-in-configmaps",
  description: "ConfigMaps hold no secret-looking values (credentials, private keys, tokens, URLs with passwords).",
  severity: "high",
  controls: [SECURITY.secrets, HIPAA.accessControl, GDPR.integrityConfidentiality],
  remediation: "Move the value into a Kubernetes Secret (generated with @pulumi/random, kept a Pulumi secret) and reference it with `secretKeyRef` / a mounted secret volume.",
  appliesTo: ["kubernetes:core/v1:ConfigMap"],
  check: (props, _args, finding) => {
    for (const [key, value] of Object.entries(rec(props.data))) {
      if (typeof value !== "string") continue;
      const problem = secretProblem(key, value);
      if (problem) finding(problem);
    }
  },
});
