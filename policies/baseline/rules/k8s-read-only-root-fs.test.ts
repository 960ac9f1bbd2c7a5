import { ruleTests } from "../../testing/rule-tests";
import { cronJob, deployment, hardenedContainer, withSecurity } from "./k8s-workload-fixtures";
import { k8sReadOnlyRootFs } from "./k8s-read-only-root-fs";

ruleTests(k8sReadOnlyRootFs, {
  violating: () => {
    deployment("writable", withSecurity({ readOnlyRootFilesystem: false }));
  },
  violates: ["writable"],
  passing: () => {
    deployment("read-only", hardenedContainer());
    cronJob("read-only-job", hardenedContainer());
  },
});
