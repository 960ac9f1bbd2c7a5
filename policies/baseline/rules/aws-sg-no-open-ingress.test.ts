import * as aws from "@pulumi/aws";
import { awsProvider, baseLabels, ruleTests } from "../../testing/rule-tests";
import { awsSgNoOpenIngress } from "./aws-sg-no-open-ingress";

ruleTests(awsSgNoOpenIngress, {
  violating: () => {
    const provider = awsProvider();
    new aws.ec2.SecurityGroup("ssh-open", { vpcId: "vpc-1", ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }], tags: baseLabels() }, { provider });
    new aws.vpc.SecurityGroupIngressRule("postgres-open", { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 5432, toPort: 5432, cidrIpv4: "0.0.0.0/0", tags: baseLabels() }, { provider });
  },
  violates: ["ssh-open", "postgres-open"],
  passing: () => {
    const provider = awsProvider();
    new aws.ec2.SecurityGroup("alb", { vpcId: "vpc-1", ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }], tags: baseLabels() }, { provider });
    new aws.vpc.SecurityGroupIngressRule("postgres-from-nodes", { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 5432, toPort: 5432, referencedSecurityGroupId: "sg-nodes", tags: baseLabels() }, { provider });
  },
});
