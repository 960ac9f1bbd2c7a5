import { ruleTests } from "../../testing/rule-tests";
import { deployment, hardenedContainer, statefulSet, withSecurity } from "./k8s-workload-fixtures";
import { k8sNoPrivilegeEscalation } from "./k8s-no-privilege-escalation";

ruleTests(k8sNoPrivilegeEscalation, {
  violating: () => {
    deployment("unstated", withSecurity({ allowPrivilegeEscalation: undefined }));
    statefulSet("init-escalates", hardenedContainer(), withSecurity({ allowPrivilegeEscalation: true }, "init"));
  },
  violates: ["unstated", "init-escalates"],
  messages: ["initContainer init"],
  passing: () => {
    statefulSet("hardened", hardenedContainer(), hardenedContainer("init"));
  },
});
