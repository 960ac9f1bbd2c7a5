import * as aws from "@pulumi/aws";
import type { Unwrap } from "@pulumi/pulumi";
import { ACCESS, NETWORK } from "../../lib/controls";
import { resourceRule } from "../../lib/rule";

const OPEN = new Set(["0.0.0.0/0", "::/0"]);

/** The EKS API defaults to a public endpoint open to the internet and no private endpoint. */
export const eksEndpointRestricted = resourceRule<Unwrap<aws.eks.ClusterArgs>>({
  id: "baseline-eks-endpoint-restricted",
  description: "EKS clusters have the private endpoint on, and a public endpoint only when restricted to named CIDRs (never 0.0.0.0/0).",
  severity: "high",
  controls: [...NETWORK, ...ACCESS.slice(0, 2)],
  remediation: "Set `vpcConfig.endpointPrivateAccess: true`, and either `endpointPublicAccess: false` or `publicAccessCidrs` to the operators' CIDRs (config platform.endpointPublicAccessCidrs).",
  appliesTo: [aws.eks.Cluster],
  check: (props, _args, finding) => {
    const vpc = props.vpcConfig;
    if (!vpc) return finding("no vpcConfig");
    if (vpc.endpointPrivateAccess !== true) finding("endpointPrivateAccess is not true: nodes reach the API over the internet");
    if (vpc.endpointPublicAccess === false) return;
    const cidrs = vpc.publicAccessCidrs ?? [];
    if (cidrs.length === 0) finding("the public endpoint is on with no publicAccessCidrs (defaults to 0.0.0.0/0)");
    for (const c of cidrs) if (OPEN.has(c)) finding(`the public endpoint is open to ${c}`);
  },
});
