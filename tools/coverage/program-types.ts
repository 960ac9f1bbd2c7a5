/**
 * The CloudFormation resource types this program's plan creates, derived from the recorded
 * Pulumi types (one line per AWS type the program uses; a type missing here fails the coverage
 * test, so a new resource kind forces a look at which cdk-nag rules it brings in) and from
 * Kubernetes Ingresses of class `alb`, for which the AWS Load Balancer Controller creates an
 * ALB, its listeners and target groups
 * (https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/annotations/).
 */
import type { RecordedResource } from "../engine/model";

/** Pulumi AWS type → CloudFormation type(s); `[]` for kinds no CloudFormation type of a cdk-nag rule matches. */
export const PULUMI_TO_CFN: Readonly<Record<string, readonly string[]>> = {
  "aws:acm/certificate:Certificate": ["AWS::CertificateManager::Certificate"],
  "aws:acm/certificateValidation:CertificateValidation": [],
  // HTTP APIs (v2); cdk-nag's API Gateway rules inspect REST API stages (AWS::ApiGateway::Stage), a different type.
  "aws:apigatewayv2/api:Api": ["AWS::ApiGatewayV2::Api"],
  "aws:apigatewayv2/integration:Integration": ["AWS::ApiGatewayV2::Integration"],
  "aws:apigatewayv2/route:Route": ["AWS::ApiGatewayV2::Route"],
  "aws:apigatewayv2/stage:Stage": ["AWS::ApiGatewayV2::Stage"],
  "aws:backup/plan:Plan": ["AWS::Backup::BackupPlan"],
  "aws:backup/selection:Selection": ["AWS::Backup::BackupSelection"],
  "aws:backup/vault:Vault": ["AWS::Backup::BackupVault"],
  "aws:backup/vaultLockConfiguration:VaultLockConfiguration": ["AWS::Backup::BackupVault"],
  "aws:cloudtrail/trail:Trail": ["AWS::CloudTrail::Trail"],
  "aws:cloudwatch/eventRule:EventRule": ["AWS::Events::Rule"],
  "aws:cloudwatch/eventTarget:EventTarget": ["AWS::Events::Rule"],
  "aws:cloudwatch/logGroup:LogGroup": ["AWS::Logs::LogGroup"],
  "aws:cloudwatch/logMetricFilter:LogMetricFilter": ["AWS::Logs::MetricFilter"],
  "aws:cloudwatch/metricAlarm:MetricAlarm": ["AWS::CloudWatch::Alarm"],
  // The VPC's default security group is a property of AWS::EC2::VPC to cdk-nag (VPCDefaultSecurityGroupClosed).
  "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": ["AWS::EC2::VPC"],
  "aws:ec2/eip:Eip": ["AWS::EC2::EIP"],
  "aws:ec2/flowLog:FlowLog": ["AWS::EC2::FlowLog"],
  "aws:ec2/internetGateway:InternetGateway": ["AWS::EC2::InternetGateway"],
  "aws:ec2/launchTemplate:LaunchTemplate": ["AWS::EC2::LaunchTemplate"],
  "aws:ec2/natGateway:NatGateway": ["AWS::EC2::NatGateway"],
  // Inline routes of a route table are AWS::EC2::Route resources in CloudFormation.
  "aws:ec2/routeTable:RouteTable": ["AWS::EC2::RouteTable", "AWS::EC2::Route"],
  "aws:ec2/routeTableAssociation:RouteTableAssociation": ["AWS::EC2::SubnetRouteTableAssociation"],
  "aws:ec2/securityGroup:SecurityGroup": ["AWS::EC2::SecurityGroup"],
  "aws:ec2/subnet:Subnet": ["AWS::EC2::Subnet"],
  "aws:ec2/vpc:Vpc": ["AWS::EC2::VPC"],
  "aws:ec2/vpcEndpoint:VpcEndpoint": ["AWS::EC2::VPCEndpoint"],
  "aws:ecr/lifecyclePolicy:LifecyclePolicy": ["AWS::ECR::Repository"],
  "aws:ecr/replicationConfiguration:ReplicationConfiguration": ["AWS::ECR::ReplicationConfiguration"],
  "aws:ecr/repository:Repository": ["AWS::ECR::Repository"],
  "aws:eks/accessEntry:AccessEntry": ["AWS::EKS::AccessEntry"],
  // CloudFormation models access policies as AccessEntry.AccessPolicies, not a resource of their own.
  "aws:eks/accessPolicyAssociation:AccessPolicyAssociation": ["AWS::EKS::AccessEntry"],
  "aws:eks/addon:Addon": ["AWS::EKS::Addon"],
  "aws:eks/cluster:Cluster": ["AWS::EKS::Cluster"],
  // Managed node groups create their Auto Scaling groups inside EKS (not in the plan); the launch template is ours.
  "aws:eks/nodeGroup:NodeGroup": ["AWS::EKS::Nodegroup"],
  "aws:elasticache/globalReplicationGroup:GlobalReplicationGroup": ["AWS::ElastiCache::GlobalReplicationGroup"],
  "aws:elasticache/parameterGroup:ParameterGroup": ["AWS::ElastiCache::ParameterGroup"],
  "aws:elasticache/replicationGroup:ReplicationGroup": ["AWS::ElastiCache::ReplicationGroup"],
  "aws:elasticache/subnetGroup:SubnetGroup": ["AWS::ElastiCache::SubnetGroup"],
  "aws:guardduty/detector:Detector": ["AWS::GuardDuty::Detector"],
  "aws:guardduty/detectorFeature:DetectorFeature": ["AWS::GuardDuty::Detector"],
  "aws:iam/openIdConnectProvider:OpenIdConnectProvider": ["AWS::IAM::OIDCProvider"],
  "aws:iam/role:Role": ["AWS::IAM::Role"],
  // An inline role policy is AWS::IAM::Policy (or the Role's Policies property) to cdk-nag.
  "aws:iam/rolePolicy:RolePolicy": ["AWS::IAM::Policy"],
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": [],
  "aws:kms/alias:Alias": ["AWS::KMS::Alias"],
  "aws:kms/key:Key": ["AWS::KMS::Key"],
  "aws:lambda/eventSourceMapping:EventSourceMapping": ["AWS::Lambda::EventSourceMapping"],
  "aws:lambda/function:Function": ["AWS::Lambda::Function"],
  "aws:lambda/permission:Permission": ["AWS::Lambda::Permission"],
  "aws:rds/instance:Instance": ["AWS::RDS::DBInstance"],
  "aws:rds/parameterGroup:ParameterGroup": ["AWS::RDS::DBParameterGroup"],
  "aws:rds/proxy:Proxy": ["AWS::RDS::DBProxy"],
  "aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup": ["AWS::RDS::DBProxyTargetGroup"],
  "aws:rds/proxyTarget:ProxyTarget": ["AWS::RDS::DBProxyTargetGroup"],
  "aws:rds/subnetGroup:SubnetGroup": ["AWS::RDS::DBSubnetGroup"],
  "aws:route53/healthCheck:HealthCheck": ["AWS::Route53::HealthCheck"],
  "aws:route53/record:Record": ["AWS::Route53::RecordSet"],
  "aws:route53/zone:Zone": ["AWS::Route53::HostedZone"],
  "aws:s3/bucket:Bucket": ["AWS::S3::Bucket"],
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": ["AWS::S3::Bucket"],
  "aws:s3/bucketLogging:BucketLogging": ["AWS::S3::Bucket"],
  "aws:s3/bucketOwnershipControls:BucketOwnershipControls": ["AWS::S3::Bucket"],
  "aws:s3/bucketPolicy:BucketPolicy": ["AWS::S3::BucketPolicy"],
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": ["AWS::S3::Bucket"],
  "aws:s3/bucketReplicationConfig:BucketReplicationConfig": ["AWS::S3::Bucket"],
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": ["AWS::S3::Bucket"],
  "aws:s3/bucketVersioning:BucketVersioning": ["AWS::S3::Bucket"],
  "aws:secretsmanager/secret:Secret": ["AWS::SecretsManager::Secret"],
  "aws:secretsmanager/secretRotation:SecretRotation": ["AWS::SecretsManager::RotationSchedule"],
  "aws:secretsmanager/secretVersion:SecretVersion": ["AWS::SecretsManager::Secret"],
  "aws:securityhub/account:Account": ["AWS::SecurityHub::Hub"],
  "aws:securityhub/standardsSubscription:StandardsSubscription": ["AWS::SecurityHub::Standard"],
  "aws:serverlessrepository/cloudFormationStack:CloudFormationStack": ["AWS::Serverless::Application"],
  "aws:sns/topic:Topic": ["AWS::SNS::Topic"],
  "aws:sns/topicPolicy:TopicPolicy": ["AWS::SNS::TopicPolicy"],
  "aws:sns/topicSubscription:TopicSubscription": ["AWS::SNS::Subscription"],
  "aws:sqs/queue:Queue": ["AWS::SQS::Queue"],
  "aws:sqs/redriveAllowPolicy:RedriveAllowPolicy": ["AWS::SQS::Queue"],
  "aws:ssm/activation:Activation": [],
  "aws:wafv2/webAcl:WebAcl": ["AWS::WAFv2::WebACL"],
  "aws:wafv2/webAclAssociation:WebAclAssociation": ["AWS::WAFv2::WebACLAssociation"],
  "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration": ["AWS::WAFv2::LoggingConfiguration"],
};

/** What the AWS Load Balancer Controller creates for one Ingress of class `alb`. */
const ALB_INGRESS_TYPES = ["AWS::ElasticLoadBalancingV2::LoadBalancer", "AWS::ElasticLoadBalancingV2::Listener", "AWS::ElasticLoadBalancingV2::TargetGroup"];

function isAlbIngress(r: RecordedResource): boolean {
  if (r.type !== "kubernetes:networking.k8s.io/v1:Ingress") return false;
  const spec = r.inputs.spec as { ingressClassName?: unknown } | undefined;
  const annotations = (r.inputs.metadata as { annotations?: Record<string, unknown> } | undefined)?.annotations ?? {};
  return spec?.ingressClassName === "alb" || annotations["kubernetes.io/ingress.class"] === "alb";
}

export interface ProgramTypes {
  /** CloudFormation type → how the program creates it (Pulumi types, or "Ingress (class alb)"). */
  readonly cfn: ReadonlyMap<string, readonly string[]>;
  /** AWS Pulumi types the table above does not know (the coverage test fails on any). */
  readonly unknown: readonly string[];
}

export function programTypes(resources: readonly RecordedResource[]): ProgramTypes {
  const cfn = new Map<string, Set<string>>();
  const unknown = new Set<string>();
  const add = (t: string, via: string) => (cfn.get(t) ?? cfn.set(t, new Set()).get(t))?.add(via);
  for (const r of resources) {
    if (r.type.startsWith("aws:")) {
      const mapped = PULUMI_TO_CFN[r.type];
      if (!mapped) unknown.add(r.type);
      else for (const t of mapped) add(t, r.type);
    } else if (isAlbIngress(r)) for (const t of ALB_INGRESS_TYPES) add(t, "Ingress (class alb)");
  }
  return { cfn: new Map([...cfn].map(([k, v]) => [k, [...v].sort()])), unknown: [...unknown].sort() };
}
