import * as gcp from "@pulumi/gcp";
import { ENCRYPTION_IN_TRANSIT } from "../../lib/controls";
import { resourceFacts } from "../../lib/facts";
import { resourceRule } from "../../lib/rule";
import { get, str, type Props } from "../../lib/values";

const BEHIND_LB = new Set(["INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER", "INGRESS_TRAFFIC_INTERNAL_ONLY"]);
const V1_BEHIND_LB = new Set(["internal-and-cloud-load-balancing", "internal"]);

/**
 * Production Cloud Run services accept traffic only from the HTTPS load balancer (its TLS
 * policy and Cloud Armor apply); staging may use the service's own HTTPS run.app URL.
 */
export const cloudrunBehindHttps = resourceRule<Props>({
  id: "hipaa-cloudrun-behind-https",
  description: "Production Cloud Run services take traffic only through the HTTPS load balancer (ingress internal-and-load-balancer).",
  severity: "high",
  controls: ENCRYPTION_IN_TRANSIT,
  remediation: "Set `ingress: \"INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER\"` (v2) or the `run.googleapis.com/ingress: internal-and-cloud-load-balancing` annotation (v1), and serve the service through a global HTTPS load balancer with a serverless NEG.",
  appliesTo: [gcp.cloudrunv2.Service, gcp.cloudrun.Service],
  check: (props, args, finding) => {
    if (!resourceFacts(args).production) return;
    if (args.isType(gcp.cloudrunv2.Service)) {
      const ingress = str(props.ingress) ?? "INGRESS_TRAFFIC_ALL";
      if (!BEHIND_LB.has(ingress)) finding(`ingress is ${ingress}: the service is reachable directly, not only through the HTTPS load balancer`);
    } else {
      const ingress = str(get(props, "metadata", "annotations", "run.googleapis.com/ingress")) ?? "all";
      if (!V1_BEHIND_LB.has(ingress)) finding(`run.googleapis.com/ingress is ${ingress}: the service is reachable directly`);
    }
  },
});
