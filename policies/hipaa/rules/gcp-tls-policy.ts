import * as gcp from "@pulumi/gcp";
import { ENCRYPTION_IN_TRANSIT } from "../../lib/controls";
import { resourceRule } from "../../lib/rule";
import { str, type Props } from "../../lib/values";

const MODERN_TLS = new Set(["TLS_1_2", "TLS_1_3"]);

/** Google front ends default to the COMPATIBLE profile with TLS 1.0; HTTPS proxies name a strict SSL policy. */
export const gcpTlsPolicy = resourceRule<Props>({
  id: "hipaa-gcp-tls-policy",
  description: "HTTPS load balancers use an SSL policy with TLS 1.2+ and the MODERN or RESTRICTED profile.",
  severity: "high",
  controls: ENCRYPTION_IN_TRANSIT,
  remediation: "Create a `gcp.compute.SSLPolicy` with `minTlsVersion: \"TLS_1_2\"` and `profile: \"MODERN\"` (or RESTRICTED) and set the target HTTPS proxy's `sslPolicy` to it.",
  appliesTo: [gcp.compute.TargetHttpsProxy, gcp.compute.SSLPolicy],
  check: (props, args, finding) => {
    if (args.isType(gcp.compute.TargetHttpsProxy)) {
      if (!str(props.sslPolicy)) finding("the HTTPS proxy has no sslPolicy (Google's default allows TLS 1.0)");
      return;
    }
    const min = str(props.minTlsVersion) ?? "TLS_1_0";
    if (!MODERN_TLS.has(min)) finding(`minTlsVersion is ${min}`);
    const profile = str(props.profile) ?? "COMPATIBLE";
    if (profile === "COMPATIBLE") finding("profile COMPATIBLE allows weak cipher suites; use MODERN or RESTRICTED");
  },
});
