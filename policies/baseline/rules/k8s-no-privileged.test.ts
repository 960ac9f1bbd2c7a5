import { ruleTests } from "../../testing/rule-tests";
import { deployment, hardenedContainer, withSecurity } from "./k8s-workload-fixtures";
import { k8sNoPrivileged } from "./k8s-no-privileged";

ruleTests(k8sNoPrivileged, {
  violating: () => {
    deployment("privileged", withSecurity({ privileged: true }));
    deployment("sys-admin", withSecurity({ capabilities: { add: ["SYS_ADMIN"] } }));
    deployment("host-network", hardenedContainer(), { hostNetwork: true });
  },
  violates: ["privileged", "sys-admin", "host-network"],
  passing: () => {
    deployment("hardened", hardenedContainer());
    deployment("bind-low-port", withSecurity({ capabilities: { drop: ["ALL"], add: ["NET_BIND_SERVICE"] } }));
  },
});
