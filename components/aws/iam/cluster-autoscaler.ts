/**
 * IAM policy of the cluster autoscaler (kubernetes/autoscaler, cloudprovider/aws README):
 * describe calls everywhere, but it may only resize or terminate in Auto Scaling groups tagged
 * as owned by this cluster. eks:DescribeNodegroup lets it read managed node group labels and
 * taints, which it needs to scale a pool up from zero.
 */
import { policyDocument } from "./documents";

export function clusterAutoscalerPolicy(clusterName: string): string {
  return policyDocument([
    {
      Sid: "Describe",
      Effect: "Allow",
      Action: [
        "autoscaling:DescribeAutoScalingGroups",
        "autoscaling:DescribeAutoScalingInstances",
        "autoscaling:DescribeLaunchConfigurations",
        "autoscaling:DescribeScalingActivities",
        "autoscaling:DescribeTags",
        "ec2:DescribeImages",
        "ec2:DescribeInstanceTypes",
        "ec2:DescribeLaunchTemplateVersions",
        "ec2:GetInstanceTypesFromInstanceRequirements",
        "eks:DescribeNodegroup",
      ],
      Resource: "*",
    },
    {
      Sid: "ScaleOwnGroupsOnly",
      Effect: "Allow",
      Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
      Resource: "*",
      Condition: { StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${clusterName}`]: "owned" } },
    },
  ]);
}
