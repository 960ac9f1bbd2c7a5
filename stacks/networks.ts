/**
 * IPv4 network values of the stack config, parsed by ipaddr.js (not regexes): strict dotted
 * quads (0-255, no leading zeros), a prefix length 0-32, no host bits set, and the ranges AWS and
 * EKS allow for VPCs, the service network and EKS Hybrid Nodes' remote networks.
 */
import * as ipaddr from "ipaddr.js";
import { z } from "zod";

export interface Cidr {
  readonly text: string;
  readonly address: ipaddr.IPv4;
  readonly prefix: number;
}

/** A parsed block, or the rule it breaks (text to follow the quoted value). */
export function parseCidr(text: string): Cidr | { readonly rule: string } {
  const parts = text.split("/");
  if (parts.length !== 2) return { rule: "is not an IPv4 CIDR block (a.b.c.d/n)" };
  const [addr, prefixText] = parts;
  if (!ipaddr.IPv4.isValidFourPartDecimal(addr)) {
    if (ipaddr.IPv6.isValid(addr)) return { rule: "is an IPv6 block; this setting takes an IPv4 CIDR block (a.b.c.d/n)" };
    return { rule: `is not an IPv4 CIDR block: ${JSON.stringify(addr)} needs four decimal octets 0-255 without leading zeros` };
  }
  if (!/^(0|[1-9]\d?)$/.test(prefixText) || Number(prefixText) > 32) return { rule: `is not an IPv4 CIDR block: the prefix length /${prefixText} must be 0-32` };
  const prefix = Number(prefixText);
  const address = ipaddr.IPv4.parse(addr);
  const network = ipaddr.IPv4.networkAddressFromCIDR(text).toString();
  if (network !== addr) return { rule: `has host bits set; the network of this block is ${network}/${prefix}` };
  return { text, address, prefix };
}

export const isCidr = (v: Cidr | { readonly rule: string }): v is Cidr => "address" in v;

/** Parsed block or undefined (input that already failed `cidr`). */
export function cidrOf(text: string | undefined): Cidr | undefined {
  if (text === undefined) return undefined;
  const c = parseCidr(text);
  return isCidr(c) ? c : undefined;
}

export function contains(outer: Cidr, inner: Cidr): boolean {
  return inner.prefix >= outer.prefix && inner.address.match(outer.address, outer.prefix);
}

export const overlaps = (a: Cidr, b: Cidr): boolean => contains(a, b) || contains(b, a);

const parsed = (text: string): Cidr => {
  const c = parseCidr(text);
  if (!isCidr(c)) throw new Error(`${text}: ${c.rule}`);
  return c;
};

/** RFC 1918 private ranges. */
export const RFC1918 = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map(parsed);
/** RFC 6598 shared address space (CGNAT). */
export const CGNAT = parsed("100.64.0.0/10");

/**
 * EKS Hybrid Nodes: the remote node and remote pod networks must be RFC 1918 or CGNAT ranges,
 * must not overlap each other, the cluster's VPC CIDR or the Kubernetes service CIDR.
 * Source: https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-networking.html
 */
export const HYBRID_RANGES: readonly Cidr[] = [...RFC1918, CGNAT];

/**
 * The EKS service CIDR the platform sets (kubernetesNetworkConfig.serviceIpv4Cidr). EKS requires
 * it within RFC 1918, /24 to /12, and not overlapping the VPC or anything connected to it.
 * Source: https://docs.aws.amazon.com/eks/latest/APIReference/API_KubernetesNetworkConfigRequest.html
 */
export const SERVICE_CIDR = "172.20.0.0/16";

/**
 * VPC CIDR sizes: AWS allows /16 to /28; the subnet layout (components/aws/cidr.ts: private /+3,
 * public /+6 for up to 6 AZs) needs a /22 at least.
 * Source: https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html
 */
export const VPC_PREFIX = { min: 16, max: 22 } as const;

/** The VPC CIDR of region `index` when none is given: 10.<16 * index>.0.0/16, so defaults never overlap. */
export const defaultVpcCidr = (index: number): string => `10.${16 * index}.0.0/16`;

type Issue = { path: (string | number)[]; input: unknown; message: string };
const q = (v: string) => JSON.stringify(v);

interface PlatformNetworks {
  readonly regions: readonly { readonly name: string; readonly vpcCidr?: string }[];
  readonly neuromorphic: { readonly hybridNodes: { readonly remoteNodeCidrs: readonly string[]; readonly remotePodCidrs: readonly string[] } };
}

/**
 * Every rule between the platform's networks. VPCs of different regions must not overlap either:
 * the regions' platforms share one address plan (peering, Transit Gateway and the on-premises
 * boards' routes need unique ranges), and the defaults are disjoint by construction.
 */
export function platformNetworkIssues(value: PlatformNetworks): Issue[] {
  const issues: Issue[] = [];
  const service = parsed(SERVICE_CIDR);
  const vpcs = value.regions.map((r, i) => ({ i, given: r.vpcCidr !== undefined, cidr: cidrOf(r.vpcCidr ?? defaultVpcCidr(i)) }));
  for (const { i, given, cidr } of vpcs) {
    if (!cidr || !given) continue;
    const path = ["regions", i, "vpcCidr"];
    if (cidr.prefix < VPC_PREFIX.min || cidr.prefix > VPC_PREFIX.max) {
      issues.push({ path, input: cidr.text, message: `${q(cidr.text)} must be between a /${VPC_PREFIX.min} and a /${VPC_PREFIX.max} (VPC limit /16; three AZs of private and public subnets need a /22 at least)` });
    } else if (!RFC1918.some((r) => contains(r, cidr))) {
      issues.push({ path, input: cidr.text, message: `${q(cidr.text)} is not an RFC 1918 private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16); a public block would shadow those internet addresses` });
    } else if (overlaps(cidr, service)) {
      issues.push({ path, input: cidr.text, message: `${q(cidr.text)} overlaps the EKS service CIDR ${SERVICE_CIDR}; EKS requires them disjoint` });
    }
  }
  for (const a of vpcs) {
    for (const b of vpcs) {
      if (b.i >= a.i || !a.cidr || !b.cidr || !overlaps(a.cidr, b.cidr)) continue;
      const later = a.given ? a : b;
      const other = later === a ? b : a;
      issues.push({ path: ["regions", later.i, "vpcCidr"], input: later.cidr?.text, message: `${q(later.cidr?.text ?? "")} overlaps the VPC of regions[${other.i}] (${value.regions[other.i].name}, ${other.cidr?.text}${other.given ? "" : " by default"}); each region's VPC needs its own range` });
    }
  }
  const hybrid = value.neuromorphic.hybridNodes;
  const remote = [
    ...hybrid.remoteNodeCidrs.map((c, i) => ({ key: "remoteNodeCidrs", i, cidr: cidrOf(c) })),
    ...hybrid.remotePodCidrs.map((c, i) => ({ key: "remotePodCidrs", i, cidr: cidrOf(c) })),
  ];
  remote.forEach(({ key, i, cidr }, n) => {
    if (!cidr) return;
    const path = ["neuromorphic", "hybridNodes", key, i];
    const fail = (message: string): void => void issues.push({ path, input: cidr.text, message: `${q(cidr.text)} ${message}` });
    if (!HYBRID_RANGES.some((r) => contains(r, cidr))) return fail("is not a private range; EKS Hybrid Nodes need RFC 1918 or CGNAT CIDRs (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10)");
    if (overlaps(cidr, service)) return fail(`overlaps the cluster service CIDR ${SERVICE_CIDR}`);
    const vpc = vpcs.find((v) => v.cidr && overlaps(cidr, v.cidr));
    if (vpc) return fail(`overlaps the VPC CIDR ${vpc.cidr?.text} of regions[${vpc.i}]; EKS Hybrid Nodes' remote networks must not overlap the VPC`);
    // A node network overlapping a pod network is reported once, on the node network.
    if (key === "remoteNodeCidrs") {
      const pod = remote.find((o) => o.key === "remotePodCidrs" && o.cidr && overlaps(cidr, o.cidr));
      if (pod) return fail(`overlaps remote pod CIDR ${pod.cidr?.text}; node and pod networks must be disjoint`);
    }
    const earlier = remote.slice(0, n).find((o) => o.key === key && o.cidr && overlaps(cidr, o.cidr));
    if (earlier) fail(`overlaps ${earlier.key}[${earlier.i}] (${earlier.cidr?.text}); remote networks must be disjoint`);
  });
  return issues;
}

/** Adds platformNetworkIssues to a zod refinement. */
export function checkPlatformNetworks(value: PlatformNetworks, ctx: z.RefinementCtx): void {
  for (const issue of platformNetworkIssues(value)) ctx.addIssue({ code: "custom", ...issue });
}

/**
 * A Serverless VPC Access connector takes an unused /28 of RFC 1918 space (or another range the
 * VPC accepts) that overlaps no subnet. Source: https://cloud.google.com/vpc/docs/serverless-vpc-access#ip_address_ranges
 */
export const serverlessConnectorCidr = z.string().superRefine((block, ctx) => {
  const c = parseCidr(block);
  const fail = (rule: string) => ctx.addIssue({ code: "custom", input: block, message: `${q(block)} ${rule}` });
  if (!isCidr(c)) return fail(c.rule);
  if (c.prefix !== 28) return fail(`is a /${c.prefix}; Serverless VPC Access connectors need exactly a /28`);
  if (!RFC1918.some((r) => contains(r, c))) fail("is not an RFC 1918 private range; the connector's range is internal to the VPC");
});
