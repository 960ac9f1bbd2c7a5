import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
import { NETWORK } from "../../lib/controls";
import { resourceFacts } from "../../lib/facts";
import { resourceRule } from "../../lib/rule";
import { get, list, records, str, type Props } from "../../lib/values";

const PRIVATE_EGRESS = new Set(["PRIVATE_RANGES_ONLY", "ALL_TRAFFIC"]);

/** Production functions reach data stores through the VPC, not the internet. */
export const privateEgressFunctions = resourceRule<Props>({
  id: "baseline-private-egress-functions",
  description: "Production Cloud Functions egress through a VPC connector (private ranges or all traffic) and production Lambdas run in VPC subnets.",
  severity: "medium",
  controls: NETWORK,
  remediation: "Cloud Functions v2: `serviceConfig.vpcConnector` with `vpcConnectorEgressSettings: \"PRIVATE_RANGES_ONLY\"` (or direct VPC egress); Lambda: `vpcConfig: { subnetIds: privateSubnetIds, securityGroupIds }`.",
  appliesTo: [gcp.cloudfunctionsv2.Function, gcp.cloudfunctions.Function, aws.lambda.Function],
  check: (props, args, finding) => {
    if (!resourceFacts(args).production) return;
    if (args.isType(aws.lambda.Function)) {
      if (list(get(props, "vpcConfig", "subnetIds")).length === 0) finding("the function runs outside the VPC (no vpcConfig.subnetIds)");
      return;
    }
    const config = args.isType(gcp.cloudfunctionsv2.Function) ? ((get(props, "serviceConfig") as Props | undefined) ?? {}) : props;
    if (records(config.directVpcNetworkInterfaces).length > 0) return;
    if (!str(config.vpcConnector)) return finding("no vpcConnector: egress goes straight to the internet");
    const egress = str(config.vpcConnectorEgressSettings) ?? "PRIVATE_RANGES_ONLY";
    if (!PRIVATE_EGRESS.has(egress)) finding(`vpcConnectorEgressSettings is ${egress}`);
  },
});
