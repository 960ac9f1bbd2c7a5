import * as aws from "@pulumi/aws";
import { ENCRYPTION_AT_REST } from "../../lib/controls";
import { resourceRule } from "../../lib/rule";
import { bool, get, rec, records, str, type Props } from "../../lib/values";

const STORAGE_CLASS = "kubernetes:storage.k8s.io/v1:StorageClass";
const EBS_CSI = new Set(["ebs.csi.aws.com", "kubernetes.io/aws-ebs"]);

/**
 * Node and volume disks: launch templates map every EBS device encrypted with a customer key,
 * node groups use such a template (a bare `diskSize` gets the account default), standalone
 * volumes and EBS StorageClasses encrypt.
 */
export const ebsEncryption = resourceRule<Props>({
  id: "hipaa-ebs-encryption",
  description: "EBS volumes (launch templates, node groups, volumes, EBS StorageClasses) are encrypted with a customer-managed KMS key.",
  severity: "high",
  controls: ENCRYPTION_AT_REST,
  remediation: "Launch templates: `blockDeviceMappings[].ebs` with `encrypted: \"true\"` and `kmsKeyId`; node groups: set `launchTemplate` (not `diskSize`); volumes: `encrypted: true, kmsKeyId`; StorageClasses (ebs.csi.aws.com): `parameters.encrypted: \"true\"` and `kmsKeyId`.",
  appliesTo: [aws.ec2.LaunchTemplate, aws.ebs.Volume, aws.eks.NodeGroup, STORAGE_CLASS],
  check: (props, args, finding) => {
    if (args.isType(aws.ec2.LaunchTemplate)) {
      const devices = records(props.blockDeviceMappings).filter((m) => m.ebs !== undefined);
      if (devices.length === 0) finding("no EBS blockDeviceMappings: the root volume follows the AMI and the account default, not an explicit customer-managed key");
      for (const d of devices) {
        const ebs = rec(d.ebs);
        if (bool(ebs.encrypted) !== true) finding(`device ${str(d.deviceName) ?? "(unnamed)"} is not encrypted`);
        else if (!str(ebs.kmsKeyId)) finding(`device ${str(d.deviceName) ?? "(unnamed)"} has no kmsKeyId (AWS-managed aws/ebs key)`);
      }
    } else if (args.isType(aws.ebs.Volume)) {
      if (bool(props.encrypted) !== true) finding("the volume is not encrypted");
      else if (!str(props.kmsKeyId)) finding("the volume has no kmsKeyId (AWS-managed aws/ebs key)");
    } else if (args.isType(aws.eks.NodeGroup)) {
      if (!get(props, "launchTemplate")) finding("the node group has no launchTemplate, so its disks are not covered by an encrypted launch template");
    } else if (args.type === STORAGE_CLASS && EBS_CSI.has(str(props.provisioner) ?? "")) {
      const params = rec(props.parameters);
      if (str(params.encrypted) !== "true") finding("the EBS StorageClass does not set parameters.encrypted: \"true\"");
      else if (!str(params.kmsKeyId)) finding("the EBS StorageClass names no parameters.kmsKeyId (AWS-managed aws/ebs key)");
    }
  },
});
