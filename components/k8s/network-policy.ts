/**
 * Namespace network isolation: a default-deny policy for every pod (ingress and egress), DNS to
 * the cluster resolver, and then one NetworkPolicy per named allowance. NetworkPolicies are
 * additive, so each allowance opens exactly one path and can be read (and reviewed) alone.
 *
 * Enforcement needs a policy engine on the cluster (the VPC CNI network policy agent on EKS,
 * Calico, Cilium); without one the objects are inert, never harmful.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

type Input<T> = pulumi.Input<T>;
export type NetworkPolicyPeer = k8s.types.input.networking.v1.NetworkPolicyPeer;
export type NetworkPolicyPort = k8s.types.input.networking.v1.NetworkPolicyPort;

/** One allowed path: pods matching `podSelector` may receive `ingress` and/or send `egress`. */
export interface NetworkAllow {
  /** Kubernetes name suffix, e.g. "api-from-alb" -> NetworkPolicy "<prefix>-api-from-alb". */
  readonly name: string;
  /** Pods the rule applies to (match labels); {} = every pod of the namespace. */
  readonly podSelector: Readonly<Record<string, string>>;
  readonly ingress?: readonly { readonly from: NetworkPolicyPeer[]; readonly ports: NetworkPolicyPort[] }[];
  readonly egress?: readonly { readonly to: NetworkPolicyPeer[]; readonly ports: NetworkPolicyPort[] }[];
}

export interface NetworkIsolationArgs {
  /** Namespace to isolate (pass the Namespace's metadata.name output so it is created first). */
  readonly namespace: Input<string>;
  /** Kubernetes provider of the cluster (explicit, DESIGN principle 3). */
  readonly provider: k8s.Provider;
  /** Prefix of the policies' Kubernetes names, e.g. "neuroca". */
  readonly prefix: string;
  /** Labels on every policy. Default {} (the stack transformation adds system/environment). */
  readonly labels?: Readonly<Record<string, string>>;
  /** Allow DNS (UDP/TCP 53) to kube-dns for every pod. Default true. */
  readonly allowDns?: boolean;
  /** The allowances, each its own NetworkPolicy. */
  readonly allows: readonly NetworkAllow[];
}

/** TCP port(s) for a rule. */
export function tcp(...ports: (number | string)[]): NetworkPolicyPort[] {
  return ports.map((port) => ({ protocol: "TCP", port }));
}

/** Pods of this namespace with these labels. */
export function podsPeer(labels: Readonly<Record<string, string>>): NetworkPolicyPeer {
  return { podSelector: { matchLabels: { ...labels } } };
}

/** Pods (optionally selected by labels) in another namespace, by its name. */
export function namespacePeer(namespace: string, podLabels?: Readonly<Record<string, string>>): NetworkPolicyPeer {
  return {
    namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": namespace } },
    podSelector: podLabels ? { matchLabels: { ...podLabels } } : undefined,
  };
}

/** An address block, e.g. the VPC CIDR (RDS, ElastiCache, the ALB's targets), minus exceptions. */
export function cidrPeer(cidr: string, except?: string[]): NetworkPolicyPeer {
  return { ipBlock: { cidr, except } };
}

/** The instance metadata endpoint: excluded from broad egress so pods use IRSA, never node credentials. */
export const METADATA_CIDR = "169.254.169.254/32";

/** Public internet (HTTPS to SaaS APIs, AWS endpoints): everything except private ranges and IMDS. */
export function internetPeer(): NetworkPolicyPeer {
  return cidrPeer("0.0.0.0/0", ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16"]);
}

/** Port of an http(s)://host:port URL (80/443 when absent): for allowances towards a configured endpoint. */
export function urlPort(url: string): number {
  const u = new URL(url);
  return u.port ? Number(u.port) : u.protocol === "https:" ? 443 : 80;
}

export class NetworkIsolation extends pulumi.ComponentResource {
  /** Names of every policy created (default-deny first). */
  readonly policyNames: string[];

  constructor(name: string, args: NetworkIsolationArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:k8s:NetworkIsolation", name, {}, opts);
    const child = { parent: this, provider: args.provider };
    const labels = { ...(args.labels ?? {}) };
    const policy = (suffix: string, spec: k8s.types.input.networking.v1.NetworkPolicySpec) =>
      new k8s.networking.v1.NetworkPolicy(
        `${name}-${suffix}`,
        { metadata: { name: `${args.prefix}-${suffix}`, namespace: args.namespace, labels }, spec },
        child,
      );

    const names: string[] = [];
    // Empty rule lists with both policy types: nothing in, nothing out, for every pod.
    policy("default-deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"], ingress: [], egress: [] });
    names.push(`${args.prefix}-default-deny`);
    if (args.allowDns ?? true) {
      policy("allow-dns", {
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [{ to: [namespacePeer("kube-system", { "k8s-app": "kube-dns" })], ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }] }],
      });
      names.push(`${args.prefix}-allow-dns`);
    }
    const seen = new Set<string>();
    for (const allow of args.allows) {
      if (seen.has(allow.name)) throw new Error(`NetworkIsolation ${name}: allowance ${allow.name} is listed twice`);
      seen.add(allow.name);
      const types: string[] = [];
      if (allow.ingress) types.push("Ingress");
      if (allow.egress) types.push("Egress");
      if (types.length === 0) throw new Error(`NetworkIsolation ${name}: allowance ${allow.name} opens nothing (no ingress, no egress)`);
      policy(allow.name, {
        podSelector: { matchLabels: { ...allow.podSelector } },
        policyTypes: types,
        ingress: allow.ingress?.map((r) => ({ from: r.from, ports: r.ports })),
        egress: allow.egress?.map((r) => ({ to: r.to, ports: r.ports })),
      });
      names.push(`${args.prefix}-${allow.name}`);
    }
    this.policyNames = names;
    this.registerOutputs({ policyNames: names });
  }
}
