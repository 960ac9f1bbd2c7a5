/**
 * The ledger namespace's allowed paths (everything else is denied by NetworkIsolation):
 * clients -> nginx :443 -> node API ports; node <-> node (raft over mTLS); Prometheus -> :9090;
 * nodes -> PostgreSQL/Redis (VPC) and Jaeger (when tracing is on); backup and bootstrap jobs -> database and AWS APIs;
 * Grafana -> Prometheus.
 */
import { cidrPeer, internetPeer, namespacePeer, podsPeer, tcp, type NetworkAllow } from "../../k8s/network-policy";
import { BACKUP_LABELS } from "./backups";
import { NODE_LABELS } from "./ledger-node";
import { LB_SELECTOR } from "./load-balancer";
import { GRAFANA_SELECTOR } from "./monitoring";
import { METRICS_PORT, type LedgerNodeSpec } from "./layout";

export interface LedgerNetworkFacts {
  readonly nodes: readonly LedgerNodeSpec[];
  readonly vpcCidr: string;
  readonly prometheusNamespace: string;
  readonly prometheusPort: number;
  /** The Jaeger collector (external); undefined when tracing is off (no egress to it). */
  readonly jaeger?: { readonly namespace: string; readonly port: number };
  readonly bootstrapSelector: Readonly<Record<string, string>>;
}

export function ledgerNetworkAllows(f: LedgerNetworkFacts): NetworkAllow[] {
  const nodePorts = tcp(...f.nodes.map((n) => n.port));
  const primary = f.nodes.find((n) => n.role === "primary");
  const awsApis = [internetPeer(), cidrPeer(f.vpcCidr)];
  // Nodes and backup jobs both export traces (OTLP gRPC) when tracing is on.
  const tracing = f.jaeger ? [{ to: [namespacePeer(f.jaeger.namespace)], ports: tcp(f.jaeger.port) }] : [];
  return [
    { name: "lb-from-clients", podSelector: LB_SELECTOR, ingress: [{ from: [cidrPeer("0.0.0.0/0")], ports: tcp(443) }] },
    { name: "lb-to-nodes", podSelector: LB_SELECTOR, egress: [{ to: [podsPeer(NODE_LABELS)], ports: nodePorts }] },
    { name: "nodes-from-lb", podSelector: NODE_LABELS, ingress: [{ from: [podsPeer(LB_SELECTOR)], ports: nodePorts }] },
    {
      name: "nodes-cluster",
      podSelector: NODE_LABELS,
      ingress: [{ from: [podsPeer(NODE_LABELS)], ports: nodePorts }],
      egress: [{ to: [podsPeer(NODE_LABELS)], ports: nodePorts }],
    },
    { name: "nodes-from-prometheus", podSelector: NODE_LABELS, ingress: [{ from: [namespacePeer(f.prometheusNamespace)], ports: tcp(METRICS_PORT) }] },
    {
      name: "nodes-to-data-and-tracing",
      podSelector: NODE_LABELS,
      egress: [
        { to: [cidrPeer(f.vpcCidr)], ports: tcp(5432, 6379) },
        ...tracing,
      ],
    },
    {
      // Node backups, the database dump and the restore tests (all carry the backup component label).
      name: "backups-egress",
      podSelector: { "app.kubernetes.io/component": BACKUP_LABELS["app.kubernetes.io/component"] },
      egress: [
        { to: [cidrPeer(f.vpcCidr)], ports: tcp(5432) },
        { to: awsApis, ports: tcp(443) },
        ...(primary ? [{ to: [podsPeer(NODE_LABELS)], ports: tcp(primary.port) }] : []),
        ...tracing,
      ],
    },
    {
      name: "db-bootstrap-egress",
      podSelector: f.bootstrapSelector,
      egress: [
        { to: [cidrPeer(f.vpcCidr)], ports: tcp(5432) },
        { to: awsApis, ports: tcp(443) },
      ],
    },
    { name: "grafana-to-prometheus", podSelector: GRAFANA_SELECTOR, egress: [{ to: [namespacePeer(f.prometheusNamespace)], ports: tcp(f.prometheusPort) }] },
  ];
}
