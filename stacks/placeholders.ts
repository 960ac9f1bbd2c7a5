/**
 * Values no real deployment can use: reserved and example domains, documentation addresses and
 * accounts, the example images nothing builds, all-zero digests, "REPLACE-ME" markers. Each
 * detector returns why the value is a placeholder, or undefined when it looks real. They are
 * pure and know nothing of config keys (stacks/readiness.ts declares which key is which kind).
 */
import { ecrLocation, parseImage } from "./images";

export type Detector = (value: string) => string | undefined;

/**
 * Names that never resolve in public DNS, so no certificate can be issued or validated for
 * them: RFC 2606 (.test, .example, .invalid, .localhost and example.com/.net/.org), RFC 6762
 * (.local, multicast DNS), RFC 8375 (home.arpa), RFC 7686 (.onion) and .internal (reserved by
 * ICANN for private use, 2024).
 */
const RESERVED_TLDS = ["example", "test", "invalid", "localhost", "local", "internal", "onion"];
const RESERVED_DOMAINS = ["example.com", "example.net", "example.org", "home.arpa"];

/** AWS account ids the AWS documentation uses in examples (IAM and KMS user guides). */
const DOCUMENTATION_ACCOUNTS = ["123456789012", "111122223333", "444455556666", "777788889999", "555555555555", "999999999999", "000000000000"];

/** Billing account ids of the Cloud Billing documentation, and the all-zero one. */
const EXAMPLE_BILLING_ACCOUNTS = ["000000-000000-000000", "012345-567890-ABCDEF", "012345-6789AB-CDEF01"];

/**
 * Images the first versions of this program named but nothing builds (the seed guides'
 * examples); they stay recognised so an old stack file cannot slip them into an update.
 */
const EXAMPLE_IMAGES = [/^ghcr\.io\/terragonlabs\//, /^neuroca\//, /^terragon\//, /^gcr\.io\/neurascale-convergence-[a-z]+\/convergence-api:/];

/** RFC 5737 documentation ranges (TEST-NET-1/2/3) and RFC 3849 (2001:db8::/32). */
const DOCUMENTATION_NETWORKS: readonly [string, number][] = [
  ["192.0.2.0", 24],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
];

const MARKER = /replace[-_ ]?me|change[-_ ]?me|fill[-_ ]?me|to[-_ ]?do\b|^todo$|xxxx|<[^>]*>|\bplaceholder\b|your[-_](?:domain|project|account|org)/i;

/** A "REPLACE-ME", "<your-domain>", "TODO" or "xxxx" left in a value. */
export const marker: Detector = (value) => (MARKER.test(value) ? `${JSON.stringify(value)} is a placeholder marker, not a value` : undefined);

/** A DNS name that cannot be a public zone. */
export const domain: Detector = (value) => {
  const name = value.toLowerCase().replace(/\.$/, "").replace(/^\*\./, "");
  const labels = name.split(".");
  const tld = labels[labels.length - 1];
  if (RESERVED_TLDS.includes(tld)) return `${value} is under .${tld}, a reserved name (RFC 2606/6761) that no public DNS zone or certificate can use`;
  const reserved = RESERVED_DOMAINS.find((d) => name === d || name.endsWith(`.${d}`));
  if (reserved) return `${value} is under ${reserved}, a domain reserved for documentation (RFC 2606)`;
  return marker(value);
};

/** An email address at a reserved domain (alerts would go nowhere). */
export const emailAddress: Detector = (value) => {
  const at = value.lastIndexOf("@");
  return (at >= 0 ? domain(value.slice(at + 1)) : undefined) ?? marker(value);
};

const accountPlaceholder = (account: string): string | undefined =>
  DOCUMENTATION_ACCOUNTS.includes(account) || /^(\d)\1{11}$/.test(account) ? `account ${account} is the AWS documentation's example account` : undefined;

/** An ARN in an example account (or with a marker in it). */
export const arn: Detector = (value) => {
  const account = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12}):/.exec(value)?.[1];
  const why = account ? accountPlaceholder(account) : undefined;
  return why ? `${value}: ${why}` : marker(value);
};

/** A container image nothing builds: an example image, an example account or domain, an all-zero digest. */
export const image: Detector = (value) => {
  if (EXAMPLE_IMAGES.some((p) => p.test(value))) return `${value} is an example image that no pipeline builds`;
  const parsed = parseImage(value);
  if (parsed?.digest && /^sha256:0{64}$/.test(parsed.digest)) return `${value} has the all-zero digest, a placeholder for the digest CI pushes`;
  const ecr = ecrLocation(value);
  const account = ecr ? accountPlaceholder(ecr.account) : undefined;
  if (account) return `${value}: the registry's ${account}`;
  if (parsed?.registry) {
    const host = domain(parsed.registry.replace(/:\d+$/, ""));
    if (host) return host;
  }
  return marker(value);
};

/** A GCP billing account id from the documentation or all zeros. */
export const billingAccount: Detector = (value) =>
  EXAMPLE_BILLING_ACCOUNTS.includes(value.toUpperCase()) || /^0{6}-0{6}-0{6}$/.test(value) ? `${value} is an example billing account id` : marker(value);

/** Route53 hosted zone ids made of a counting sequence (the schema's own example). */
export const hostedZoneId: Detector = (value) => (/0123456789|ABCDEFGHIJ|EXAMPLE/i.test(value) ? `${value} is an example hosted zone id` : marker(value));

/** GCP organization, folder and access-policy ids: digits only, never a counting or repeated sequence. */
export const numericId: Detector = (value) =>
  /^(?:0+|123456789\d*|(\d)\1+)$/.test(value.replace(/^(?:organizations|folders|accessPolicies)\//, "")) ? `${value} is an example id` : marker(value);

/** GCP project ids of the documentation ("my-project", "example-project", "project-id"). */
export const projectId: Detector = (value) => (/^(?:my-project|example-project|project-id|your-project)(?:-\d+)?$|^example-/.test(value) ? `${value} is an example project id` : marker(value));

const ipv4 = (text: string): number | undefined => {
  const octets = text.split(".").map(Number);
  return octets.length === 4 && octets.every((o) => Number.isInteger(o) && o >= 0 && o <= 255) ? octets.reduce((acc, o) => acc * 256 + o, 0) : undefined;
};

/** A CIDR inside a documentation range (example addresses, RFC 5737 / RFC 3849). */
export const cidr: Detector = (value) => {
  if (/^2001:0?db8:/i.test(value)) return `${value} is in 2001:db8::/32, the IPv6 documentation range (RFC 3849)`;
  const [address, prefix] = value.split("/");
  const start = ipv4(address);
  if (start === undefined) return marker(value);
  for (const [network, bits] of DOCUMENTATION_NETWORKS) {
    const size = 2 ** (32 - bits);
    const base = ipv4(network)!;
    if (Math.floor(start / size) === Math.floor(base / size) && Number(prefix ?? 32) >= bits) return `${value} is in ${network}/${bits}, a documentation range (RFC 5737)`;
  }
  return undefined;
};
