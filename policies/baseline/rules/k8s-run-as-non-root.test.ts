import { ruleTests } from "../../testing/rule-tests";
import { cronJob, deployment, hardenedContainer, statefulSet, withSecurity } from "./k8s-workload-fixtures";
import { k8sRunAsNonRoot } from "./k8s-run-as-non-root";

ruleTests(k8sRunAsNonRoot, {
  violating: () => {
    deployment("unstated", withSecurity({ runAsNonRoot: undefined, runAsUser: undefined }));
    cronJob("root-job", withSecurity({ runAsNonRoot: undefined, runAsUser: 0 }));
  },
  violates: ["unstated", "root-job"],
  passing: () => {
    deployment("hardened", hardenedContainer());
    statefulSet("stateful", hardenedContainer());
    // Pod-level securityContext applies to every container.
    deployment("pod-level-deploy", withSecurity({ runAsNonRoot: undefined, runAsUser: undefined }), { securityContext: { runAsNonRoot: true, runAsUser: 1000 } });
  },
});
