/** Shared fixtures of the Kubernetes workload rules' tests: a Deployment, a CronJob and a StatefulSet. */
import * as k8s from "@pulumi/kubernetes";
import { baseLabels, hardenedContainer, k8sProvider } from "../../testing/rule-tests";

type Container = k8s.types.input.core.v1.Container;

export function deployment(name: string, container: Container, pod: Partial<k8s.types.input.core.v1.PodSpec> = {}): k8s.apps.v1.Deployment {
  const labels = { app: name };
  return new k8s.apps.v1.Deployment(
    name,
    { metadata: { namespace: "app", labels: baseLabels() }, spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [container], ...pod } } } },
    { provider: k8sProvider() },
  );
}

export function cronJob(name: string, container: Container): k8s.batch.v1.CronJob {
  return new k8s.batch.v1.CronJob(
    name,
    { metadata: { namespace: "app", labels: baseLabels() }, spec: { schedule: "0 2 * * *", jobTemplate: { spec: { template: { spec: { restartPolicy: "OnFailure", containers: [container] } } } } } },
    { provider: k8sProvider() },
  );
}

export function statefulSet(name: string, container: Container, initContainer?: Container): k8s.apps.v1.StatefulSet {
  const labels = { app: name };
  return new k8s.apps.v1.StatefulSet(
    name,
    { metadata: { namespace: "app", labels: baseLabels() }, spec: { serviceName: name, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [container], initContainers: initContainer ? [initContainer] : undefined } } } },
    { provider: k8sProvider() },
  );
}

/** A hardened container with one security field changed. */
export function withSecurity(change: Partial<k8s.types.input.core.v1.SecurityContext>, name = "app"): Container {
  const c = hardenedContainer(name);
  return { ...c, securityContext: { ...(c.securityContext as k8s.types.input.core.v1.SecurityContext), ...change } };
}

export { hardenedContainer };
