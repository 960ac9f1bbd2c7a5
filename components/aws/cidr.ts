/**
 * IPv4 subnet arithmetic for the regional VPC layout. Plain functions (no Pulumi) so the
 * layout is known at plan time and unit-testable.
 */

function toNumber(ip: string): number {
  const parts = ip.split(".").map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) throw new Error(`${JSON.stringify(ip)} is not an IPv4 address`);
  return parts.reduce((acc, p) => acc * 256 + p, 0);
}

function toIp(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".");
}

/** Prefix length of `a.b.c.d/n`. */
export function prefixLength(cidr: string): number {
  return Number(cidr.split("/")[1]);
}

/**
 * The `index`-th block of prefix `newPrefix` inside `cidr` (like Terraform's cidrsubnet).
 * Throws when the block does not fit, so a bad layout fails at plan time.
 */
export function subnetCidr(cidr: string, newPrefix: number, index: number): string {
  const [ip, p] = cidr.split("/");
  const prefix = Number(p);
  if (newPrefix < prefix || newPrefix > 28) throw new Error(`cannot carve a /${newPrefix} out of ${cidr}`);
  const count = 2 ** (newPrefix - prefix);
  if (index < 0 || index >= count) throw new Error(`${cidr} has only ${count} /${newPrefix} blocks; index ${index} is out of range`);
  const size = 2 ** (32 - prefix);
  const base = Math.floor(toNumber(ip) / size) * size;
  return `${toIp(base + index * 2 ** (32 - newPrefix))}/${newPrefix}`;
}

export interface SubnetLayout {
  /** One private subnet per AZ: 1/8 of the VPC each (a /19 of a /16), for nodes and pods (VPC CNI gives pods VPC IPs). */
  readonly private: string[];
  /** One public subnet per AZ: 1/64 of the VPC each (a /22 of a /16), for load balancers and NAT gateways only. */
  readonly public: string[];
}

/**
 * Private subnets take the first six eighths of the VPC, public subnets sit in the seventh
 * eighth; the last eighth stays free for later (e.g. a dedicated pod range). Up to six AZs.
 */
export function subnetLayout(vpcCidr: string, azCount: number): SubnetLayout {
  if (azCount < 1 || azCount > 6) throw new Error(`the subnet layout supports 1-6 availability zones, got ${azCount}`);
  const prefix = prefixLength(vpcCidr);
  const zones = [...Array(azCount).keys()];
  return {
    private: zones.map((i) => subnetCidr(vpcCidr, prefix + 3, i)),
    public: zones.map((i) => subnetCidr(vpcCidr, prefix + 6, 48 + i)),
  };
}
