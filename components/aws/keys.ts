/**
 * KMS key policies and rotation of the platform's customer-managed keys. Each region has its
 * own keys (a key never leaves its region): CloudWatch Logs, EBS volumes, Kubernetes secrets.
 */
import { policyDocument, type Statement } from "./iam/documents";

/** Automatic rotation period of every platform key (HIPAA key management: at most 90 days). */
export const KEY_ROTATION_DAYS = 90;

const ENCRYPT_DECRYPT = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"];

const accountAdmin = (account: string): Statement => ({ Sid: "AccountAdministration", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: "kms:*", Resource: "*" });

/** CloudWatch Logs of this region may use the key, only for this account's log groups there. */
export function logsKeyPolicy(account: string, region: string): string {
  return policyDocument([
    accountAdmin(account),
    {
      Sid: "CloudWatchLogs",
      Effect: "Allow",
      Principal: { Service: `logs.${region}.amazonaws.com` },
      Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
      Resource: "*",
      Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${region}:${account}:*` } },
    },
  ]);
}

/**
 * EBS key: managed node groups launch through EC2 Auto Scaling, whose service-linked role must
 * use the key and create grants for the attached volumes (EC2 Auto Scaling user guide, "Required
 * KMS key policy for use with encrypted volumes"). IAM principals of the account (the EBS CSI
 * driver's role) get access through IAM policies.
 */
export function ebsKeyPolicy(account: string): string {
  const autoscaling = `arn:aws:iam::${account}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
  return policyDocument([
    accountAdmin(account),
    { Sid: "AutoScalingUse", Effect: "Allow", Principal: { AWS: autoscaling }, Action: ENCRYPT_DECRYPT, Resource: "*" },
    { Sid: "AutoScalingAttach", Effect: "Allow", Principal: { AWS: autoscaling }, Action: "kms:CreateGrant", Resource: "*", Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } } },
  ]);
}

/** IAM policy letting the EBS CSI driver create and attach volumes encrypted with `keyArn` (EBS CSI driver docs). */
export function ebsCsiKeyAccess(keyArn: string): string {
  return policyDocument([
    { Sid: "Grants", Effect: "Allow", Action: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"], Resource: keyArn, Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } } },
    { Sid: "UseKey", Effect: "Allow", Action: ENCRYPT_DECRYPT, Resource: keyArn },
  ]);
}
