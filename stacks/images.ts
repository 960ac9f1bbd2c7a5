/**
 * Container image references: the grammar every image key accepts, the digest pin production
 * requires, and the ECR host of a region (so a system running in several regions pulls from
 * the replica of its repository in the region it runs in).
 *
 * Grammar (distribution/reference, the one Docker, containerd, Kubernetes, Cloud Run and
 * Lambda parse): `[registry/]path[:tag][@sha256:<64 hex>]`.
 */
import { z } from "zod";

/** `sha256:` and 64 lowercase hex digits: the only digest algorithm registries serve today. */
export const SHA256_DIGEST = /^sha256:[a-f0-9]{64}$/;

/** The all-zero digest: what committed presets pin until CI pushes a real image (the readiness model flags it). */
export const PLACEHOLDER_DIGEST = `sha256:${"0".repeat(64)}`;

const REGISTRY = /^(?:localhost|[a-z0-9-]+(?:\.[a-z0-9-]+)+|[a-z0-9-]+:\d+|[a-z0-9-]+(?:\.[a-z0-9-]+)+:\d+)$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;

export interface ImageReference {
  /** Registry host (and port), e.g. `123456789012.dkr.ecr.eu-west-1.amazonaws.com`; undefined = Docker Hub implied. */
  readonly registry?: string;
  /** Repository path inside the registry, e.g. `production/snn-fusion/api`. */
  readonly repository: string;
  readonly tag?: string;
  /** `sha256:<64 hex>` when the reference is pinned by digest. */
  readonly digest?: string;
}

/** Parses a reference; undefined when it is not one. */
export function parseImage(reference: string): ImageReference | undefined {
  let rest = reference;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!SHA256_DIGEST.test(digest)) return undefined;
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf("/");
  const colon = rest.lastIndexOf(":");
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return undefined;
  }
  const parts = rest.split("/");
  let registry: string | undefined;
  if (parts.length > 1 && (parts[0].includes(".") || parts[0].includes(":") || parts[0] === "localhost")) {
    registry = parts.shift();
    if (!registry || !REGISTRY.test(registry)) return undefined;
  }
  if (parts.length === 0 || !parts.every((p) => PATH_COMPONENT.test(p))) return undefined;
  return { registry, repository: parts.join("/"), tag, digest };
}

/**
 * Pinned by digest as production requires: `registry/repository@sha256:<64 hex>`. The registry
 * is explicit (no short names a node's registry mirror configuration could resolve elsewhere)
 * and no tag stands beside the digest (Kubernetes would ignore it; Lambda and Cloud Run reject
 * or rewrite such references), so what the plan shows is exactly what runs.
 */
export function isDigestPinned(reference: string): boolean {
  const parsed = parseImage(reference);
  return parsed !== undefined && parsed.registry !== undefined && parsed.digest !== undefined && parsed.tag === undefined;
}

export const DIGEST_PIN_RULE = "production images must be pinned by digest (registry/repository@sha256:<64 hex>); a tag can be moved to other content";

/** The zod type of every image key: any valid reference (the production pin is a cross-section check). */
export const containerImage = z.string().refine((value) => parseImage(value) !== undefined, {
  error: (issue) => `${JSON.stringify(issue.input)} is not a container image reference ([registry/]repository[:tag][@sha256:<64 hex>])`,
});

const ECR_HOST = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com$/;

/** The private ECR registry host of an account in a region. */
export function ecrHost(account: string, region: string): string {
  return `${account}.dkr.ecr.${region}.amazonaws.com`;
}

/** Account and region of a private ECR reference, or undefined for any other registry. */
export function ecrLocation(reference: string): { readonly account: string; readonly region: string; readonly repository: string; readonly digest?: string; readonly tag?: string } | undefined {
  const parsed = parseImage(reference);
  const match = parsed?.registry ? ECR_HOST.exec(parsed.registry) : null;
  if (!parsed || !match) return undefined;
  return { account: match[1], region: match[2], repository: parsed.repository, digest: parsed.digest, tag: parsed.tag };
}

/**
 * The same image in `region`: a reference to one of this stack's ECR repositories (`managed`)
 * is moved to that repository's replica in the region the workload runs in (same account, same
 * repository, same digest: ECR replication keeps digests). Any other reference is returned as is.
 */
export function regionalImage(reference: string, region: string, managed: ReadonlySet<string>): string {
  const ecr = ecrLocation(reference);
  if (!ecr || ecr.region === region || !managed.has(ecr.repository)) return reference;
  return `${ecrHost(ecr.account, region)}/${ecr.repository}${ecr.tag ? `:${ecr.tag}` : ""}${ecr.digest ? `@${ecr.digest}` : ""}`;
}
