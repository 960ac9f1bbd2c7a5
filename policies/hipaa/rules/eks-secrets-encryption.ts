import * as aws from "@pulumi/aws";
import type { Unwrap } from "@pulumi/pulumi";
import { ENCRYPTION_AT_REST } from "../../lib/controls";
import { resourceRule } from "../../lib/rule";

/** Kubernetes Secrets in etcd are envelope-encrypted only with an encryptionConfig. */
export const eksSecretsEncryption = resourceRule<Unwrap<aws.eks.ClusterArgs>>({
  id: "hipaa-eks-secrets-encryption",
  description: "EKS clusters envelope-encrypt Kubernetes secrets with a customer-managed KMS key.",
  severity: "critical",
  controls: ENCRYPTION_AT_REST,
  remediation: "Set `encryptionConfig: { resources: [\"secrets\"], provider: { keyArn } }` with a customer-managed KMS key of the cluster's region.",
  appliesTo: [aws.eks.Cluster],
  check: (props, _args, finding) => {
    const config = props.encryptionConfig;
    if (!config) return finding("no encryptionConfig: Kubernetes secrets are stored without envelope encryption");
    if (!(config.resources ?? []).includes("secrets")) finding("encryptionConfig.resources does not include \"secrets\"");
    if (!config.provider?.keyArn) finding("encryptionConfig.provider.keyArn is not set");
  },
});
