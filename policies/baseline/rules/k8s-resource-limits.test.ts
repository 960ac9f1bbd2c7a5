import { ruleTests } from "../../testing/rule-tests";
import { cronJob, deployment, hardenedContainer } from "./k8s-workload-fixtures";
import { k8sResourceLimits } from "./k8s-resource-limits";

ruleTests(k8sResourceLimits, {
  violating: () => {
    deployment("unbounded", { ...hardenedContainer(), resources: { requests: { cpu: "100m", memory: "128Mi" } } });
    cronJob("no-memory-limit", { ...hardenedContainer(), resources: { limits: { cpu: "1" } } });
  },
  violates: ["unbounded", "no-memory-limit"],
  messages: ["no cpu or memory limit", "no memory limit"],
  passing: () => {
    deployment("bounded", hardenedContainer());
  },
});
