/**
 * Load balancers as the plan shows them: ALBs the aws-load-balancer-controller creates from
 * Ingress annotations, NLBs it creates from Service annotations, and aws.lb/aws.alb
 * LoadBalancer resources. Attribute annotations are `key=value` lists separated by commas
 * (controller docs, "Ingress annotations" load-balancer-attributes; "Service annotations"
 * aws-load-balancer-attributes).
 */
import { annotationsOf } from "./k8s";
import { get, isRecord, str, type Props } from "./values";

export const INGRESS = "kubernetes:networking.k8s.io/v1:Ingress";
export const SERVICE = "kubernetes:core/v1:Service";
/** Ingress annotation prefix of the controller. */
export const ALB = "alb.ingress.kubernetes.io/";
/** Service annotation prefix of the controller. */
export const NLB = "service.beta.kubernetes.io/aws-load-balancer-";

/** An Ingress the controller turns into an ALB. */
export function isAlbIngress(props: Props): boolean {
  return str(get(props, "spec", "ingressClassName")) === "alb" || annotationsOf(props)["kubernetes.io/ingress.class"] === "alb";
}

/** A Service the controller (or the legacy in-tree provider) turns into an NLB. */
export function isNlbService(props: Props): boolean {
  if (str(get(props, "spec", "type")) !== "LoadBalancer") return false;
  const type = annotationsOf(props)[`${NLB}type`];
  return type === "external" || type === "nlb" || type === "nlb-ip";
}

/** Parses `k=v,k=v` (the controller's attribute annotation format). */
export function parseAttributes(value: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of (value ?? "").split(",")) {
    const i = entry.indexOf("=");
    if (i > 0) out.set(entry.slice(0, i).trim(), entry.slice(i + 1).trim());
  }
  return out;
}

export function ingressAttributes(props: Props): Map<string, string> {
  return parseAttributes(annotationsOf(props)[`${ALB}load-balancer-attributes`]);
}

export function serviceAttributes(props: Props): Map<string, string> {
  return parseAttributes(annotationsOf(props)[`${NLB}attributes`]);
}

/** Whether the Ingress's ALB is internet-facing (the controller's default scheme is internal). */
export function ingressIsPublic(props: Props): boolean {
  return annotationsOf(props)[`${ALB}scheme`] === "internet-facing";
}

/**
 * Whether an annotation key is present, whatever its value: an ARN from another resource is
 * unknown during a preview, but the key alone shows the controller will attach it.
 */
export function hasAnnotation(props: Props, key: string): boolean {
  const annotations = get(props, "metadata", "annotations");
  return isRecord(annotations) && key in annotations && annotations[key] !== undefined && annotations[key] !== "";
}

/** aws.lb / aws.alb LoadBalancer types and whether one is an application load balancer. */
export const LB_TYPES = ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"] as const;
export function isApplicationLb(props: Props): boolean {
  return (str(props.loadBalancerType) ?? "application") === "application";
}
