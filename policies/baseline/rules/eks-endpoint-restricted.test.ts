import * as aws from "@pulumi/aws";
import { awsProvider, baseLabels, ruleTests } from "../../testing/rule-tests";
import { eksEndpointRestricted } from "./eks-endpoint-restricted";

const cluster = (name: string, vpcConfig: aws.types.input.eks.ClusterVpcConfig) =>
  new aws.eks.Cluster(name, { roleArn: "arn:aws:iam::123456789012:role/eks", vpcConfig, tags: baseLabels() }, { provider: awsProvider() });

ruleTests(eksEndpointRestricted, {
  violating: () => {
    cluster("defaults", { subnetIds: ["subnet-1"] });
    cluster("open-world", { subnetIds: ["subnet-1"], endpointPrivateAccess: true, endpointPublicAccess: true, publicAccessCidrs: ["0.0.0.0/0"] });
  },
  violates: ["defaults", "open-world"],
  passing: () => {
    cluster("private", { subnetIds: ["subnet-1"], endpointPrivateAccess: true, endpointPublicAccess: false });
    cluster("office-only", { subnetIds: ["subnet-1"], endpointPrivateAccess: true, endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] });
  },
});
