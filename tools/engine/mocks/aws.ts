import { ACCOUNT_ID, digest, fakePem, type MockContext, type State } from "./util";

const region = (ctx: MockContext): string => String(ctx.provider.region ?? "us-east-1");

/** `aws:ec2/vpc:Vpc` -> `ec2`, `vpc` */
function typeParts(type: string): [string, string] {
  const [, mod = "index", cls = "Resource"] = type.split(":");
  return [mod.split("/")[0], cls.charAt(0).toLowerCase() + cls.slice(1)];
}

const ID_PREFIX: Record<string, string> = {
  "aws:ec2/vpc:Vpc": "vpc",
  "aws:ec2/subnet:Subnet": "subnet",
  "aws:ec2/internetGateway:InternetGateway": "igw",
  "aws:ec2/natGateway:NatGateway": "nat",
  "aws:ec2/eip:Eip": "eipalloc",
  "aws:ec2/routeTable:RouteTable": "rtb",
  "aws:ec2/securityGroup:SecurityGroup": "sg",
  "aws:ec2/launchTemplate:LaunchTemplate": "lt",
  "aws:ec2/vpcEndpoint:VpcEndpoint": "vpce",
  "aws:ec2/flowLog:FlowLog": "fl",
};

export function awsResource(ctx: MockContext): { id: string; state: State } {
  const r = region(ctx);
  const [service, kind] = typeParts(ctx.type);
  const h = digest(ctx.type, ctx.name);
  // Explicit physical names: RDS `identifier`, ElastiCache `replicationGroupId`, then `name` / `bucket` / `clusterName`.
  const physical = String(ctx.inputs.identifier ?? ctx.inputs.replicationGroupId ?? ctx.inputs.name ?? ctx.inputs.bucket ?? ctx.inputs.clusterName ?? `${ctx.name}-${h.slice(0, 7)}`);
  const prefix = ID_PREFIX[ctx.type];
  const id = prefix ? `${prefix}-${h.slice(0, 17)}` : physical;
  const arn = `arn:aws:${service}:${r}:${ACCOUNT_ID}:${kind}/${physical}`;
  const base: State = { ...ctx.inputs, id, arn, tagsAll: ctx.inputs.tags ?? {} };
  switch (ctx.type) {
    case "aws:iam/role:Role":
      return { id: physical, state: { ...base, name: physical, arn: `arn:aws:iam::${ACCOUNT_ID}:role/${physical}`, uniqueId: `AROA${h.slice(0, 17).toUpperCase()}` } };
    case "aws:iam/policy:Policy":
      return { id: `arn:aws:iam::${ACCOUNT_ID}:policy/${physical}`, state: { ...base, name: physical, arn: `arn:aws:iam::${ACCOUNT_ID}:policy/${physical}` } };
    case "aws:iam/openIdConnectProvider:OpenIdConnectProvider":
      return { id: physical, state: { ...base, arn: `arn:aws:iam::${ACCOUNT_ID}:oidc-provider/${String(ctx.inputs.url ?? "").replace(/^https:\/\//, "")}` } };
    case "aws:kms/key:Key":
      return { id: `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`, state: { ...base, keyId: `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`, arn: `arn:aws:kms:${r}:${ACCOUNT_ID}:key/${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}` } };
    case "aws:kms/replicaKey:ReplicaKey":
      return { id: `mrk-${h.slice(0, 32)}`, state: { ...base, keyId: `mrk-${h.slice(0, 32)}`, arn: `arn:aws:kms:${r}:${ACCOUNT_ID}:key/mrk-${h.slice(0, 32)}` } };
    case "aws:eks/cluster:Cluster": {
      const oidcId = h.slice(0, 32).toUpperCase();
      return {
        id: physical,
        state: {
          ...base,
          name: physical,
          arn: `arn:aws:eks:${r}:${ACCOUNT_ID}:cluster/${physical}`,
          endpoint: `https://${oidcId}.gr7.${r}.eks.amazonaws.com`,
          certificateAuthority: { data: Buffer.from(fakePem("CERTIFICATE", `eks-ca:${physical}`)).toString("base64") },
          identities: [{ oidcs: [{ issuer: `https://oidc.eks.${r}.amazonaws.com/id/${oidcId}` }] }],
          platformVersion: "eks.1",
          status: "ACTIVE",
          vpcConfig: { ...(ctx.inputs.vpcConfig as State | undefined), clusterSecurityGroupId: `sg-${h.slice(20, 37)}`, vpcId: `vpc-${h.slice(0, 17)}` },
        },
      };
    }
    case "aws:eks/nodeGroup:NodeGroup":
      return { id: `${String(ctx.inputs.clusterName)}:${physical}`, state: { ...base, arn: `arn:aws:eks:${r}:${ACCOUNT_ID}:nodegroup/${String(ctx.inputs.clusterName)}/${physical}/${h.slice(0, 8)}`, status: "ACTIVE" } };
    case "aws:ec2/launchTemplate:LaunchTemplate":
      return { id, state: { ...base, latestVersion: 1, defaultVersion: 1 } };
    case "aws:rds/instance:Instance": {
      const host = `${physical}.${h.slice(0, 12)}.${r}.rds.amazonaws.com`;
      return { id: physical, state: { ...base, identifier: physical, address: host, endpoint: `${host}:5432`, port: 5432, resourceId: `db-${h.slice(0, 26).toUpperCase()}`, arn: `arn:aws:rds:${r}:${ACCOUNT_ID}:db:${physical}`, masterUserSecrets: ctx.inputs.manageMasterUserPassword ? [{ secretArn: `arn:aws:secretsmanager:${r}:${ACCOUNT_ID}:secret:rds!db-${h.slice(0, 12)}`, secretStatus: "active", kmsKeyId: ctx.inputs.masterUserSecretKmsKeyId ?? "" }] : [] } };
    }
    // issue #20: RDS Proxy endpoints (<name>.proxy-<id>.<region>.rds.amazonaws.com).
    case "aws:rds/proxy:Proxy":
      return { id: physical, state: { ...base, name: physical, arn: `arn:aws:rds:${r}:${ACCOUNT_ID}:db-proxy:prx-${h.slice(0, 17)}`, endpoint: `${physical}.proxy-${h.slice(0, 12)}.${r}.rds.amazonaws.com` } };
    case "aws:elasticache/replicationGroup:ReplicationGroup":
      return { id: physical, state: { ...base, arn: `arn:aws:elasticache:${r}:${ACCOUNT_ID}:replicationgroup:${physical}`, primaryEndpointAddress: `master.${physical}.${h.slice(0, 6)}.${r}.cache.amazonaws.com`, readerEndpointAddress: `replica.${physical}.${h.slice(0, 6)}.${r}.cache.amazonaws.com`, port: 6379 } };
    case "aws:elasticache/globalReplicationGroup:GlobalReplicationGroup":
      return { id: `ldgnf-${String(ctx.inputs.globalReplicationGroupIdSuffix ?? physical)}`, state: { ...base, globalReplicationGroupId: `ldgnf-${String(ctx.inputs.globalReplicationGroupIdSuffix ?? physical)}` } };
    case "aws:s3/bucketV2:BucketV2":
    case "aws:s3/bucket:Bucket": {
      const bucket = String(ctx.inputs.bucket ?? `${ctx.name}-${h.slice(0, 7)}`);
      return { id: bucket, state: { ...base, bucket, arn: `arn:aws:s3:::${bucket}`, bucketDomainName: `${bucket}.s3.amazonaws.com`, bucketRegionalDomainName: `${bucket}.s3.${r}.amazonaws.com`, region: r } };
    }
    case "aws:sns/topic:Topic":
      return { id: `arn:aws:sns:${r}:${ACCOUNT_ID}:${physical}`, state: { ...base, name: physical, arn: `arn:aws:sns:${r}:${ACCOUNT_ID}:${physical}` } };
    case "aws:sqs/queue:Queue":
      return { id: `https://sqs.${r}.amazonaws.com/${ACCOUNT_ID}/${physical}`, state: { ...base, name: physical, arn: `arn:aws:sqs:${r}:${ACCOUNT_ID}:${physical}`, url: `https://sqs.${r}.amazonaws.com/${ACCOUNT_ID}/${physical}` } };
    case "aws:lambda/function:Function": {
      const fnArn = `arn:aws:lambda:${r}:${ACCOUNT_ID}:function:${physical}`;
      return { id: physical, state: { ...base, name: physical, arn: fnArn, qualifiedArn: `${fnArn}:1`, invokeArn: `arn:aws:apigateway:${r}:lambda:path/2015-03-31/functions/${fnArn}/invocations`, version: "1" } };
    }
    // Groups whose name the provider computes when none is given (instances reference it by name).
    case "aws:rds/parameterGroup:ParameterGroup":
    case "aws:rds/subnetGroup:SubnetGroup":
    case "aws:elasticache/parameterGroup:ParameterGroup":
    case "aws:elasticache/subnetGroup:SubnetGroup":
      return { id: physical, state: { ...base, name: physical } };
    case "aws:cloudwatch/logGroup:LogGroup":
      return { id: physical, state: { ...base, name: physical, arn: `arn:aws:logs:${r}:${ACCOUNT_ID}:log-group:${physical}` } };
    case "aws:secretsmanager/secret:Secret":
      return { id: `arn:aws:secretsmanager:${r}:${ACCOUNT_ID}:secret:${physical}-${h.slice(0, 6)}`, state: { ...base, arn: `arn:aws:secretsmanager:${r}:${ACCOUNT_ID}:secret:${physical}-${h.slice(0, 6)}` } };
    case "aws:acm/certificate:Certificate": {
      const domain = String(ctx.inputs.domainName ?? "example.com");
      const names = [domain, ...((ctx.inputs.subjectAlternativeNames as string[] | undefined) ?? [])];
      return { id: `arn:aws:acm:${r}:${ACCOUNT_ID}:certificate/${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`, state: { ...base, arn: `arn:aws:acm:${r}:${ACCOUNT_ID}:certificate/${h.slice(0, 36)}`, status: "ISSUED", domainValidationOptions: names.map((n) => ({ domainName: n, resourceRecordName: `_${digest(n).slice(0, 32)}.${n}.`, resourceRecordType: "CNAME", resourceRecordValue: `_${digest(n, "v").slice(0, 32)}.acm-validations.aws.` })) } };
    }
    case "aws:route53/zone:Zone":
      return { id: `Z${h.slice(0, 20).toUpperCase()}`, state: { ...base, zoneId: `Z${h.slice(0, 20).toUpperCase()}`, nameServers: ["ns-1.awsdns-01.org", "ns-2.awsdns-02.co.uk", "ns-3.awsdns-03.com", "ns-4.awsdns-04.net"] } };
    case "aws:route53/record:Record":
      // Route53 reports the record's name without the trailing dot (what ACM validation waits on).
      return { id: `${String(ctx.inputs.zoneId ?? "Z")}_${String(ctx.inputs.name ?? ctx.name)}_${String(ctx.inputs.type ?? "A")}`, state: { ...base, fqdn: String(ctx.inputs.name ?? ctx.name).replace(/\.$/, "") } };
    case "aws:route53/healthCheck:HealthCheck":
      return { id: `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`, state: { ...base, arn: `arn:aws:route53:::healthcheck/${h.slice(0, 36)}` } };
    case "aws:wafv2/webAcl:WebAcl":
      return { id: h.slice(0, 36), state: { ...base, arn: `arn:aws:wafv2:${r}:${ACCOUNT_ID}:regional/webacl/${physical}/${h.slice(0, 36)}`, capacity: 700 } };
    case "aws:apigatewayv2/api:Api":
      return { id: h.slice(0, 10), state: { ...base, apiEndpoint: `https://${h.slice(0, 10)}.execute-api.${r}.amazonaws.com`, executionArn: `arn:aws:execute-api:${r}:${ACCOUNT_ID}:${h.slice(0, 10)}` } };
    case "aws:ssm/activation:Activation":
      return { id: `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`, state: { ...base, activationCode: h.slice(32, 52), expired: false } };
    case "aws:ec2/eip:Eip":
      return { id, state: { ...base, publicIp: `52.${parseInt(h.slice(0, 2), 16)}.${parseInt(h.slice(2, 4), 16)}.${parseInt(h.slice(4, 6), 16)}`, allocationId: id } };
    default:
      return { id, state: base };
  }
}

/** Offline answers to AWS data sources (invokes). */
export function awsCall(token: string, inputs: State, provider: State): State | undefined {
  const r = String(inputs.region ?? provider.region ?? "us-east-1");
  switch (token) {
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return { accountId: ACCOUNT_ID, arn: `arn:aws:iam::${ACCOUNT_ID}:user/offline`, userId: "AIDAOFFLINE", id: ACCOUNT_ID };
    case "aws:index/getRegion:getRegion":
      return { name: r, region: r, id: r, endpoint: `ec2.${r}.amazonaws.com`, description: r };
    case "aws:index/getPartition:getPartition":
      return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws", reverseDnsPrefix: "com.amazonaws" };
    case "aws:index/getAvailabilityZones:getAvailabilityZones": {
      const letters = ["a", "b", "c", "d", "e", "f"];
      return { names: letters.map((l) => `${r}${l}`), zoneIds: letters.map((_, i) => `${r.split("-").map((p) => p[0]).join("")}-az${i + 1}`), id: r, groupNames: [r] };
    }
    case "aws:iam/getPolicyDocument:getPolicyDocument":
      return { json: renderPolicyDocument(inputs), minifiedJson: JSON.stringify(JSON.parse(renderPolicyDocument(inputs))), id: digest(JSON.stringify(inputs)).slice(0, 10) };
    case "aws:ssm/getParameter:getParameter":
      return { name: inputs.name, value: `ami-${digest(inputs.name).slice(0, 17)}`, type: "String", id: inputs.name };
    case "aws:lb/getLoadBalancer:getLoadBalancer": {
      // The ALB the aws-load-balancer-controller creates for an Ingress, looked up by name.
      const name = String(inputs.name ?? "alb");
      const h = digest("alb", r, name);
      const zones: Record<string, string> = { "us-east-1": "Z35SXDOTRQ7X7K", "us-west-2": "Z1H1FL5HABSF5", "eu-west-1": "Z32O12XQLNTSW2", "eu-central-1": "Z215JYRZR1TBD5", "ap-southeast-1": "Z1LMS91P8CMLE5", "ap-northeast-1": "Z14GRHDCWA56QT" };
      const arnSuffix = `app/${name}/${h.slice(0, 16)}`;
      return { id: `arn:aws:elasticloadbalancing:${r}:${ACCOUNT_ID}:loadbalancer/${arnSuffix}`, arn: `arn:aws:elasticloadbalancing:${r}:${ACCOUNT_ID}:loadbalancer/${arnSuffix}`, arnSuffix, name, dnsName: `${name}-${parseInt(h.slice(0, 8), 16)}.${r}.elb.amazonaws.com`, zoneId: zones[r] ?? "Z35SXDOTRQ7X7K", loadBalancerType: "application", internal: false, region: r, tags: {} };
    }
    case "aws:route53/getZone:getZone": {
      // An existing public hosted zone looked up by name (components/aws/public-zone.ts).
      const name = String(inputs.name ?? "zone").replace(/\.$/, "");
      const zoneId = `Z${digest("zone", name).slice(0, 20).toUpperCase()}`;
      return { id: zoneId, zoneId, name, privateZone: false, nameServers: [0, 1, 2, 3].map((i) => `ns-${i}.awsdns-${i}.example`), resourceRecordSetCount: 2, arn: `arn:aws:route53:::hostedzone/${zoneId}`, tags: {} };
    }
    case "aws:eks/getAddonVersion:getAddonVersion":
      return { addonName: inputs.addonName, kubernetesVersion: inputs.kubernetesVersion, version: `v1.0.0-eksbuild.1`, id: String(inputs.addonName) };
    default:
      return undefined;
  }
}

interface PolicyStatementInput {
  sid?: string;
  effect?: string;
  actions?: string[];
  notActions?: string[];
  resources?: string[];
  principals?: { type: string; identifiers: string[] }[];
  conditions?: { test: string; variable: string; values: string[] }[];
}

/** Renders `aws.iam.getPolicyDocument` inputs into IAM JSON, as the provider does. */
export function renderPolicyDocument(inputs: State): string {
  const statements = ((inputs.statements as PolicyStatementInput[] | undefined) ?? []).map((s) => {
    const out: State = {};
    if (s.sid) out.Sid = s.sid;
    out.Effect = s.effect ?? "Allow";
    if (s.actions) out.Action = s.actions.length === 1 ? s.actions[0] : s.actions;
    if (s.notActions) out.NotAction = s.notActions;
    if (s.resources) out.Resource = s.resources.length === 1 ? s.resources[0] : s.resources;
    if (s.principals) {
      const p: State = {};
      for (const pr of s.principals) p[pr.type] = pr.identifiers.length === 1 ? pr.identifiers[0] : pr.identifiers;
      out.Principal = p;
    }
    if (s.conditions) {
      const c: Record<string, State> = {};
      for (const cond of s.conditions) (c[cond.test] ??= {})[cond.variable] = cond.values.length === 1 ? cond.values[0] : cond.values;
      out.Condition = c;
    }
    return out;
  });
  return JSON.stringify({ Version: "2012-10-17", Statement: statements }, null, 2);
}
