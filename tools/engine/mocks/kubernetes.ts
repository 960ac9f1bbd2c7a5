import { digest, type MockContext, type State } from "./util";

export function kubernetesResource(ctx: MockContext): { id: string; state: State } {
  const h = digest(ctx.type, ctx.name);
  const metadata = { ...((ctx.inputs.metadata as State | undefined) ?? {}) };
  if (metadata.name === undefined) metadata.name = `${ctx.name}-${h.slice(0, 8)}`;
  const namespaced = !/:(Namespace|ClusterRole|ClusterRoleBinding|StorageClass|CustomResourceDefinition|PriorityClass)$/.test(ctx.type);
  if (namespaced && metadata.namespace === undefined) metadata.namespace = "default";
  const id = namespaced ? `${String(metadata.namespace)}/${String(metadata.name)}` : String(metadata.name);
  const state: State = { ...ctx.inputs, metadata: { ...metadata, uid: `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}` } };
  const elb = (region: string) => `k8s-${String(metadata.namespace)}-${String(metadata.name)}-${h.slice(0, 10)}.${region}.elb.amazonaws.com`;
  const region = String((ctx.provider.__region as string | undefined) ?? kubeconfigRegion(ctx.provider) ?? "us-east-1");
  if (ctx.type === "kubernetes:core/v1:Service") {
    const spec = (ctx.inputs.spec as State | undefined) ?? {};
    state.spec = { ...spec, clusterIP: `172.20.${parseInt(h.slice(0, 2), 16)}.${parseInt(h.slice(2, 4), 16)}` };
    state.status = spec.type === "LoadBalancer" ? { loadBalancer: { ingress: [{ hostname: elb(region) }] } } : { loadBalancer: {} };
  } else if (ctx.type === "kubernetes:networking.k8s.io/v1:Ingress") {
    state.status = { loadBalancer: { ingress: [{ hostname: elb(region) }] } };
  } else if (ctx.type === "kubernetes:helm.sh/v3:Release") {
    const name = String(ctx.inputs.name ?? ctx.name);
    state.name = name;
    state.status = { name, namespace: ctx.inputs.namespace ?? "default", status: "deployed", version: ctx.inputs.version, chart: ctx.inputs.chart, revision: 1 };
    return { id: `${String(ctx.inputs.namespace ?? "default")}/${name}`, state };
  }
  return { id, state };
}

/** Region named by an EKS kubeconfig's `aws eks get-token ... --region <r>` exec args (AWS platform clusters). */
function kubeconfigRegion(provider: State): string | undefined {
  const text = provider.kubeconfig;
  if (typeof text !== "string") return undefined;
  return /"--region"\s*,\s*"([a-z0-9-]+)"/.exec(text)?.[1];
}
