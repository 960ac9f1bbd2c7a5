/**
 * The `neuroca` namespace's allowed paths (everything else is denied by NetworkIsolation):
 * ALB -> API :8000; Prometheus -> API/worker metrics; NCA pods -> PostgreSQL/Redis (VPC),
 * the OpenTelemetry collector (when tracing is on), and HTTPS (LLM provider, S3/STS through NAT or VPC endpoints);
 * the database bootstrap Job -> PostgreSQL and Secrets Manager.
 */
import { cidrPeer, internetPeer, namespacePeer, tcp, type NetworkAllow } from "../../k8s/network-policy";
import { API_NAME, API_PORT, PART_OF, WORKER_PORT } from "./settings";

export interface NcaNetworkFacts {
  readonly vpcCidr: string;
  readonly prometheusNamespace: string;
  /** The OpenTelemetry collector (external); undefined when tracing is off (no egress to it). */
  readonly otel?: { readonly namespace: string; readonly port: number };
  readonly bootstrapSelector: Readonly<Record<string, string>>;
  /** Pods of the S3 backup and its restore test. */
  readonly backupSelector?: Readonly<Record<string, string>>;
}

export function ncaNetworkAllows(f: NcaNetworkFacts): NetworkAllow[] {
  const https = [internetPeer(), cidrPeer(f.vpcCidr)];
  return [
    // ALB target type "ip": the load balancer's nodes live in the VPC's subnets.
    { name: "api-from-alb", podSelector: { "app.kubernetes.io/name": API_NAME }, ingress: [{ from: [cidrPeer(f.vpcCidr)], ports: tcp(API_PORT) }] },
    { name: "metrics-from-prometheus", podSelector: PART_OF, ingress: [{ from: [namespacePeer(f.prometheusNamespace)], ports: tcp(API_PORT, WORKER_PORT) }] },
    {
      name: "app-egress",
      podSelector: PART_OF,
      egress: [
        { to: [cidrPeer(f.vpcCidr)], ports: tcp(5432, 6379) },
        ...(f.otel ? [{ to: [namespacePeer(f.otel.namespace)], ports: tcp(f.otel.port) }] : []),
        { to: https, ports: tcp(443) },
      ],
    },
    ...(f.backupSelector
      ? [
          {
            name: "db-backup-s3-egress",
            podSelector: f.backupSelector,
            egress: [
              { to: [cidrPeer(f.vpcCidr)], ports: tcp(5432) },
              { to: https, ports: tcp(443) },
            ],
          },
        ]
      : []),
    {
      name: "db-bootstrap-egress",
      podSelector: f.bootstrapSelector,
      egress: [
        { to: [cidrPeer(f.vpcCidr)], ports: tcp(5432) },
        { to: https, ports: tcp(443) },
      ],
    },
  ];
}
