/**
 * IAM policy of the AWS Load Balancer Controller v2.11 (the project's docs/install/iam_policy.json),
 * written as data. Mutations are limited to load balancers, target groups and security groups
 * the controller tagged itself (`elbv2.k8s.aws/cluster`).
 */
import { policyDocument, type Statement } from "./documents";

const OWN = "elbv2.k8s.aws/cluster";
const ownResource = { Null: { [`aws:ResourceTag/${OWN}`]: "false" } };
const ownRequest = { Null: { [`aws:RequestTag/${OWN}`]: "false" } };
const retagOwn = { Null: { [`aws:RequestTag/${OWN}`]: "true", [`aws:ResourceTag/${OWN}`]: "false" } };
const ELB = "arn:aws:elasticloadbalancing:*:*";
const LB_AND_TG = [`${ELB}:targetgroup/*/*`, `${ELB}:loadbalancer/net/*/*`, `${ELB}:loadbalancer/app/*/*`];

const statements: Statement[] = [
  { Effect: "Allow", Action: "iam:CreateServiceLinkedRole", Resource: "*", Condition: { StringEquals: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" } } },
  {
    Effect: "Allow",
    Action: [
      "ec2:DescribeAccountAttributes",
      "ec2:DescribeAddresses",
      "ec2:DescribeAvailabilityZones",
      "ec2:DescribeInternetGateways",
      "ec2:DescribeVpcs",
      "ec2:DescribeVpcPeeringConnections",
      "ec2:DescribeSubnets",
      "ec2:DescribeSecurityGroups",
      "ec2:DescribeInstances",
      "ec2:DescribeNetworkInterfaces",
      "ec2:DescribeTags",
      "ec2:GetCoipPoolUsage",
      "ec2:DescribeCoipPools",
      "ec2:GetSecurityGroupsForVpc",
      "ec2:DescribeIpamPools",
      "ec2:DescribeRouteTables",
      "elasticloadbalancing:DescribeLoadBalancers",
      "elasticloadbalancing:DescribeLoadBalancerAttributes",
      "elasticloadbalancing:DescribeListeners",
      "elasticloadbalancing:DescribeListenerCertificates",
      "elasticloadbalancing:DescribeSSLPolicies",
      "elasticloadbalancing:DescribeRules",
      "elasticloadbalancing:DescribeTargetGroups",
      "elasticloadbalancing:DescribeTargetGroupAttributes",
      "elasticloadbalancing:DescribeTargetHealth",
      "elasticloadbalancing:DescribeTags",
      "elasticloadbalancing:DescribeTrustStores",
      "elasticloadbalancing:DescribeListenerAttributes",
      "elasticloadbalancing:DescribeCapacityReservation",
    ],
    Resource: "*",
  },
  {
    Effect: "Allow",
    Action: [
      "cognito-idp:DescribeUserPoolClient",
      "acm:ListCertificates",
      "acm:DescribeCertificate",
      "iam:ListServerCertificates",
      "iam:GetServerCertificate",
      "waf-regional:GetWebACL",
      "waf-regional:GetWebACLForResource",
      "waf-regional:AssociateWebACL",
      "waf-regional:DisassociateWebACL",
      "wafv2:GetWebACL",
      "wafv2:GetWebACLForResource",
      "wafv2:AssociateWebACL",
      "wafv2:DisassociateWebACL",
      "shield:GetSubscriptionState",
      "shield:DescribeProtection",
      "shield:CreateProtection",
      "shield:DeleteProtection",
    ],
    Resource: "*",
  },
  { Effect: "Allow", Action: ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"], Resource: "*" },
  { Effect: "Allow", Action: "ec2:CreateSecurityGroup", Resource: "*" },
  { Effect: "Allow", Action: "ec2:CreateTags", Resource: "arn:aws:ec2:*:*:security-group/*", Condition: { StringEquals: { "ec2:CreateAction": "CreateSecurityGroup" }, ...ownRequest } },
  { Effect: "Allow", Action: ["ec2:CreateTags", "ec2:DeleteTags"], Resource: "arn:aws:ec2:*:*:security-group/*", Condition: retagOwn },
  { Effect: "Allow", Action: ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress", "ec2:DeleteSecurityGroup"], Resource: "*", Condition: ownResource },
  { Effect: "Allow", Action: ["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup"], Resource: "*", Condition: ownRequest },
  { Effect: "Allow", Action: ["elasticloadbalancing:CreateListener", "elasticloadbalancing:DeleteListener", "elasticloadbalancing:CreateRule", "elasticloadbalancing:DeleteRule"], Resource: "*" },
  { Effect: "Allow", Action: ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"], Resource: LB_AND_TG, Condition: retagOwn },
  {
    Effect: "Allow",
    Action: ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
    Resource: [`${ELB}:listener/net/*/*/*`, `${ELB}:listener/app/*/*/*`, `${ELB}:listener-rule/net/*/*/*`, `${ELB}:listener-rule/app/*/*/*`],
  },
  {
    Effect: "Allow",
    Action: [
      "elasticloadbalancing:ModifyLoadBalancerAttributes",
      "elasticloadbalancing:SetIpAddressType",
      "elasticloadbalancing:SetSecurityGroups",
      "elasticloadbalancing:SetSubnets",
      "elasticloadbalancing:DeleteLoadBalancer",
      "elasticloadbalancing:ModifyTargetGroup",
      "elasticloadbalancing:ModifyTargetGroupAttributes",
      "elasticloadbalancing:DeleteTargetGroup",
      "elasticloadbalancing:ModifyListenerAttributes",
      "elasticloadbalancing:ModifyCapacityReservation",
      "elasticloadbalancing:ModifyIpPools",
    ],
    Resource: "*",
    Condition: ownResource,
  },
  {
    Effect: "Allow",
    Action: "elasticloadbalancing:AddTags",
    Resource: LB_AND_TG,
    Condition: { StringEquals: { "elasticloadbalancing:CreateAction": ["CreateTargetGroup", "CreateLoadBalancer"] }, ...ownRequest },
  },
  { Effect: "Allow", Action: ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"], Resource: `${ELB}:targetgroup/*/*` },
  {
    Effect: "Allow",
    Action: [
      "elasticloadbalancing:SetWebAcl",
      "elasticloadbalancing:ModifyListener",
      "elasticloadbalancing:AddListenerCertificates",
      "elasticloadbalancing:RemoveListenerCertificates",
      "elasticloadbalancing:ModifyRule",
      "elasticloadbalancing:SetRulePriorities",
    ],
    Resource: "*",
  },
];

export const loadBalancerControllerPolicy: string = policyDocument(statements);
