import * as aws from "@pulumi/aws";
import { awsProvider, baseLabels, ruleTests } from "../../testing/rule-tests";
import { defaultSgClosed } from "./default-sg-closed";

ruleTests(defaultSgClosed, {
  violating: () => {
    const provider = awsProvider();
    new aws.ec2.Vpc("unadopted", { cidrBlock: "10.0.0.0/16", tags: baseLabels() }, { provider });
    const open = new aws.ec2.Vpc("open", { cidrBlock: "10.1.0.0/16", tags: baseLabels() }, { provider });
    new aws.ec2.DefaultSecurityGroup("open-default", {
      vpcId: open.id,
      ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, self: true }],
      egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
      tags: baseLabels(),
    }, { provider });
  },
  violates: ["unadopted", "open-default"],
  passing: () => {
    const provider = awsProvider();
    const vpc = new aws.ec2.Vpc("closed", { cidrBlock: "10.0.0.0/16", tags: baseLabels() }, { provider });
    new aws.ec2.DefaultSecurityGroup("closed-default", { vpcId: vpc.id, tags: baseLabels() }, { provider });
  },
});
