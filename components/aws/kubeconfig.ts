/**
 * Kubeconfig for an EKS cluster built from the cluster's outputs. Authentication runs
 * `aws eks get-token` at use time, so the kubeconfig holds no credential and need not be secret.
 */
import * as pulumi from "@pulumi/pulumi";

export interface KubeconfigArgs {
  readonly clusterName: pulumi.Input<string>;
  readonly endpoint: pulumi.Input<string>;
  /** Base64 certificate authority data of the cluster. */
  readonly certificateAuthorityData: pulumi.Input<string>;
  readonly region: string;
}

export function eksKubeconfig(args: KubeconfigArgs): pulumi.Output<string> {
  return pulumi.all([args.clusterName, args.endpoint, args.certificateAuthorityData]).apply(([name, server, ca]) =>
    JSON.stringify({
      apiVersion: "v1",
      kind: "Config",
      clusters: [{ name, cluster: { server, "certificate-authority-data": ca } }],
      contexts: [{ name, context: { cluster: name, user: name } }],
      "current-context": name,
      users: [
        {
          name,
          user: {
            exec: {
              apiVersion: "client.authentication.k8s.io/v1beta1",
              command: "aws",
              args: ["eks", "get-token", "--cluster-name", name, "--region", args.region, "--output", "json"],
              interactiveMode: "Never",
            },
          },
        },
      ],
    }),
  );
}
