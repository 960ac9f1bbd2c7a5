/**
 * A namespace that enforces the "restricted" Pod Security Standard through Pod Security
 * Admission, so a workload that slips past the builders (pod-security.ts) is rejected by the
 * API server instead of running privileged.
 */
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { RESTRICTED_NAMESPACE_LABELS } from "./pod-security";

export interface HardenedNamespaceArgs {
  /** Namespace name, e.g. "neuroca". */
  readonly name: string;
  /** Extra labels. Default {} (the stack transformation adds system/environment/managed-by). */
  readonly labels?: Readonly<Record<string, string>>;
  /** Pod Security level enforced. Default "restricted". */
  readonly podSecurity?: "restricted" | "baseline";
}

export function hardenedNamespace(resourceName: string, args: HardenedNamespaceArgs, opts: pulumi.CustomResourceOptions): k8s.core.v1.Namespace {
  const level = args.podSecurity ?? "restricted";
  const psa = Object.fromEntries(Object.entries(RESTRICTED_NAMESPACE_LABELS).map(([k, v]) => [k, v === "restricted" ? level : v]));
  return new k8s.core.v1.Namespace(resourceName, { metadata: { name: args.name, labels: { ...(args.labels ?? {}), ...psa } } }, opts);
}
