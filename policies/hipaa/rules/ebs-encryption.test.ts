import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import { AWS_KEY_ARN, awsProvider, baseLabels, k8sProvider, ruleTests } from "../../testing/rule-tests";
import { ebsEncryption } from "./ebs-encryption";

const nodeGroup = { clusterName: "c", nodeRoleArn: "arn:aws:iam::123456789012:role/node", subnetIds: ["subnet-1"], scalingConfig: { minSize: 1, maxSize: 2, desiredSize: 1 }, tags: baseLabels() };

ruleTests(ebsEncryption, {
  violating: () => {
    const provider = awsProvider();
    new aws.ec2.LaunchTemplate("no-devices", { tags: baseLabels() }, { provider });
    new aws.ec2.LaunchTemplate("unencrypted", { tags: baseLabels(), blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: 100, encrypted: "false" } }] }, { provider });
    new aws.eks.NodeGroup("bare-disk", { ...nodeGroup, diskSize: 100 }, { provider });
    new k8s.storage.v1.StorageClass("plain-gp3", { metadata: { labels: baseLabels() }, provisioner: "ebs.csi.aws.com", parameters: { type: "gp3" } }, { provider: k8sProvider() });
  },
  violates: ["no-devices", "unencrypted", "bare-disk", "plain-gp3"],
  passing: () => {
    const provider = awsProvider();
    const lt = new aws.ec2.LaunchTemplate("encrypted", { tags: baseLabels(), blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: 100, encrypted: "true", kmsKeyId: AWS_KEY_ARN } }] }, { provider });
    new aws.eks.NodeGroup("templated", { ...nodeGroup, launchTemplate: { id: lt.id, version: "1" } }, { provider });
    new aws.ebs.Volume("volume", { availabilityZone: "us-east-1a", size: 10, encrypted: true, kmsKeyId: AWS_KEY_ARN, tags: baseLabels() }, { provider });
    new k8s.storage.v1.StorageClass("gp3-encrypted", { metadata: { labels: baseLabels() }, provisioner: "ebs.csi.aws.com", parameters: { type: "gp3", encrypted: "true", kmsKeyId: AWS_KEY_ARN } }, { provider: k8sProvider() });
  },
});
