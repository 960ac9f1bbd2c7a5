/**
 * The guide's nginx load balancer: HTTPS on 443 with the ledger's server certificate,
 * `least_conn` over the nodes with weights primary 3 / secondaries 2, TLS (verified against
 * the private CA) to the nodes. Exposed through an AWS NLB (TCP passthrough: nginx terminates
 * TLS with our certificate, so the NLB never sees plaintext).
 *
 * nginx binds 443 as a non-root user without any capability: the pod sets the namespaced
 * sysctl net.ipv4.ip_unprivileged_port_start=0 (allowed by the restricted Pod Security level).
 */
import { createHash } from "crypto";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { SecureDeployment } from "../../k8s/secure-deployment";
import { httpProbe } from "../../k8s/pod-security";
import { nginxConf, TLS_SECRET, type LedgerNodeSpec } from "./layout";

/** Labels of the nginx pods (NetworkPolicies select on them). */
export const LB_NAME = "zkp-ledger-lb";
export const LB_SELECTOR = { "app.kubernetes.io/name": LB_NAME } as const;
/** uid of the nginx-unprivileged image. */
const NGINX_UID = 101;

export interface LedgerLoadBalancerArgs {
  readonly namespace: pulumi.Input<string>;
  readonly provider: k8s.Provider;
  readonly nodes: readonly LedgerNodeSpec[];
  readonly image: string;
  readonly replicas: number;
  readonly scheme: "internal" | "internet-facing";
  readonly serviceAccountName: pulumi.Input<string>;
  readonly labels?: Readonly<Record<string, string>>;
  /** What the nginx Deployment waits for (the TLS secret it mounts). */
  readonly dependsOn?: pulumi.Resource[];
  /**
   * NLB deletion protection (issue #19; production). Default false. NLB access logs are not
   * enabled: ELB writes them only for TLS listeners (ELB user guide, "Access logs for your
   * Network Load Balancer"), and this NLB passes TCP through to nginx.
   */
  readonly deletionProtection?: boolean;
}

export class LedgerLoadBalancer extends pulumi.ComponentResource {
  readonly configMap: k8s.core.v1.ConfigMap;
  readonly workload: SecureDeployment;
  /** NLB host name (from the Service status). */
  readonly hostname: pulumi.Output<string>;

  constructor(name: string, args: LedgerLoadBalancerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:zkp:LoadBalancer", name, {}, opts);
    const labels = { ...(args.labels ?? {}), "app.kubernetes.io/component": "load-balancer" };
    const conf = nginxConf(args.nodes);
    this.configMap = new k8s.core.v1.ConfigMap(
      `${name}-config`,
      { metadata: { name: `${LB_NAME}-config`, namespace: args.namespace, labels }, data: { "nginx.conf": conf } },
      { parent: this, provider: args.provider },
    );
    this.workload = new SecureDeployment(
      `${name}-nginx`,
      {
        namespace: args.namespace,
        provider: args.provider,
        workloadName: LB_NAME,
        labels,
        replicas: { min: args.replicas, max: args.replicas },
        dependsOn: args.dependsOn,
        podAnnotations: { "neurastack.io/config-checksum": createHash("sha256").update(conf).digest("hex").slice(0, 16) },
        pod: {
          serviceAccountName: args.serviceAccountName,
          runAsUser: NGINX_UID,
          runAsGroup: NGINX_UID,
          fsGroup: NGINX_UID,
          sysctls: [{ name: "net.ipv4.ip_unprivileged_port_start", value: "0" }],
          volumes: [
            { name: "nginx-conf", configMap: { name: this.configMap.metadata.name, defaultMode: 0o444 } },
            { name: "tls", secret: { secretName: TLS_SECRET, defaultMode: 0o440 } },
          ],
          containers: [
            {
              name: "nginx",
              image: args.image,
              ports: [{ name: "https", containerPort: 443 }],
              resources: { requests: { cpu: "250m", memory: "128Mi" }, limits: { cpu: "1", memory: "512Mi" } },
              readinessProbe: httpProbe("/nginx-health", "https", { scheme: "HTTPS", periodSeconds: 10 }),
              livenessProbe: httpProbe("/nginx-health", "https", { scheme: "HTTPS", periodSeconds: 20 }),
              volumeMounts: [
                { name: "nginx-conf", mountPath: "/etc/nginx/nginx.conf", subPath: "nginx.conf", readOnly: true },
                { name: "tls", mountPath: "/etc/nginx/tls", readOnly: true },
              ],
              writablePaths: ["/tmp", "/var/cache/nginx"],
            },
          ],
        },
        service: {
          type: "LoadBalancer",
          ports: [{ name: "https", port: 443, targetPort: "https" }],
          annotations: {
            // AWS Load Balancer Controller (platform): NLB, IP targets, TCP passthrough.
            "service.beta.kubernetes.io/aws-load-balancer-type": "external",
            "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip",
            "service.beta.kubernetes.io/aws-load-balancer-scheme": args.scheme,
            "service.beta.kubernetes.io/aws-load-balancer-backend-protocol": "tcp",
            // One attributes annotation (the controller's replacement for the deprecated cross-zone one).
            "service.beta.kubernetes.io/aws-load-balancer-attributes": ["load_balancing.cross_zone.enabled=true", `deletion_protection.enabled=${args.deletionProtection ?? false}`].join(","),
          },
        },
      },
      { parent: this },
    );
    const svc = this.workload.service;
    this.hostname = svc ? svc.status.apply((s) => s?.loadBalancer?.ingress?.[0]?.hostname ?? "") : pulumi.output("");
    this.registerOutputs({ hostname: this.hostname });
  }
}
