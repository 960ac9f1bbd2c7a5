/**
 * The NCA data-subject-request (DSR) Lambda's infrastructure (GDPR Art. 15/17/20, CCPA):
 * the handler in functions/data-subject-requests, bundled by esbuild for nodejs22.x, placed in
 * the VPC's private subnets next to PostgreSQL and Redis, and invoked two ways:
 *
 *  - an SQS queue (event source mapping, partial batch responses) whose failed messages move to
 *    a dead-letter queue after `maxReceiveCount` receives: a lost request is a compliance
 *    incident, so it must surface, not vanish;
 *  - an API Gateway HTTP API whose two routes (env.ts ROUTES) require IAM (SigV4) authorization;
 *  - an EventBridge schedule (env.ts SWEEP) that finishes erasures interrupted mid-way.
 *
 * Its own role holds only what env.ts REQUIRED_PERMISSIONS lists: logs to its log group, consume
 * its queue (and send to its DLQ), the subject prefix of the data bucket and the export prefix
 * of the export bucket, the two credential secrets, their KMS keys, and ENIs in its VPC.
 * Reserved concurrency caps the load it can put on the database; the queue's pollers stay two
 * below it (queueMaximumConcurrency) so API calls are not throttled while the queue is busy.
 * The queue and its DLQ are protected in production. Logs, queues and environment
 * variables are encrypted with the function's own KMS key; logs expire after the configured days.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { bundleHandler } from "../../../functions/bundle";
import { DEFAULTS, ENV, LAMBDA, REQUIRED_PERMISSIONS, ROUTES, SWEEP } from "../../../functions/data-subject-requests/env";
import { createDataKey } from "../../aws/data/common";
import { stateful, type SystemContext } from "../../context";
import type { Labels } from "../../labels";
import { envName } from "../../naming";
import { MIN_DSR_RESERVED_CONCURRENCY } from "../../../stacks/sections/nca";

type Input<T> = pulumi.Input<T>;

export interface DataSubjectRequestsArgs {
  readonly context: SystemContext;
  readonly provider: aws.Provider;
  /** Tags of the function's stores (log groups, queues, key): dataLabels of the system. */
  readonly dataLabels: Labels;
  readonly region: string;
  readonly vpcId: Input<string>;
  readonly subnetIds: Input<string>[];
  /** Security group of the function (created by the caller so the data stores can admit it first). */
  readonly securityGroupId: Input<string>;
  readonly database: {
    readonly host: Input<string>;
    readonly port: Input<number>;
    readonly name: string;
    readonly user: string;
    readonly schema: string;
    /** Secrets Manager secret JSON {"username","password"} of the application role (DB_AUTH=secret). */
    readonly secretArn: Input<string>;
    readonly secretKmsKeyArn: Input<string>;
  };
  readonly redis: { readonly host: Input<string>; readonly port: number; readonly authSecretArn: Input<string>; readonly kmsKeyArn: Input<string> };
  readonly dataBucket: { readonly name: Input<string>; readonly arn: Input<string>; readonly kmsKeyArn: Input<string>; readonly prefix: string };
  readonly exportBucket: { readonly name: Input<string>; readonly arn: Input<string>; readonly kmsKeyArn: Input<string>; readonly prefix: string };
  readonly settings: {
    readonly reservedConcurrency: number;
    readonly logRetentionDays: number;
    readonly timeoutSeconds: number;
    readonly memoryMb: number;
    readonly maxReceiveCount: number;
  };
  /** What the function waits for (e.g. the Job creating the database role it connects as). */
  readonly dependsOn?: pulumi.Resource[];
  /** LOG_LEVEL of the handler. Default "info". */
  readonly logLevel?: "debug" | "info" | "warn" | "error";
}

/**
 * Most concurrent executions the SQS event source may use: two below the reserved concurrency
 * (so the HTTP API keeps two executions while the queue is busy and is not throttled), never
 * below 2 (the AWS minimum of `scalingConfig.maximumConcurrency`). The config requires a
 * reserved concurrency of at least 4 (and this throws below it), so the result is always below it.
 */
export function queueMaximumConcurrency(reservedConcurrency: number): number {
  if (reservedConcurrency < MIN_DSR_RESERVED_CONCURRENCY) throw new Error(`DSR reserved concurrency ${reservedConcurrency} is below ${MIN_DSR_RESERVED_CONCURRENCY}: the SQS trigger would take every execution`);
  return Math.max(2, reservedConcurrency - 2);
}

/** `POST /data-subject-requests` -> ["POST", "/data-subject-requests"]. */
function routeParts(route: string): [string, string] {
  const [method, path] = route.split(" ");
  return [method, path];
}

export class DataSubjectRequests extends pulumi.ComponentResource {
  readonly functionName: pulumi.Output<string>;
  readonly functionArn: pulumi.Output<string>;
  readonly roleArn: pulumi.Output<string>;
  readonly queueUrl: pulumi.Output<string>;
  readonly queueArn: pulumi.Output<string>;
  readonly deadLetterQueueUrl: pulumi.Output<string>;
  readonly apiEndpoint: pulumi.Output<string>;
  readonly kmsKeyArn: pulumi.Output<string>;
  /** Names for alarms: the request queue, its dead-letter queue and the function's log group. */
  readonly queueName: pulumi.Output<string>;
  readonly deadLetterQueueName: pulumi.Output<string>;
  readonly logGroupName: pulumi.Output<string>;

  constructor(name: string, args: DataSubjectRequestsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:nca:DataSubjectRequests", name, {}, opts);
    const config = args.context.config;
    const child = { parent: this, provider: args.provider };
    const stored = stateful(config, child);
    const s = args.settings;
    const functionName = envName(name, config.environment, 64);
    const tags = { ...args.dataLabels };

    const key = createDataKey(this, name, { context: args.context, provider: args.provider, dataLabels: args.dataLabels }, {
      description: `DSR function ${functionName}: environment, logs, queues`,
      allowCloudWatchLogs: true,
    });

    const logGroup = new aws.cloudwatch.LogGroup(`${name}-logs`, { name: `/aws/lambda/${functionName}`, retentionInDays: s.logRetentionDays, kmsKeyId: key.arn, tags }, stored);
    const accessLogs = new aws.cloudwatch.LogGroup(`${name}-api-logs`, { name: `/aws/apigateway/${functionName}`, retentionInDays: s.logRetentionDays, kmsKeyId: key.arn, tags }, stored);

    // Both queues hold pending (or failed) subject requests: deleting one loses legal requests,
    // so they are protected in production.
    const dlq = new aws.sqs.Queue(
      `${name}-dlq`,
      { name: `${functionName}-dlq`, messageRetentionSeconds: 14 * 24 * 3600, kmsMasterKeyId: key.arn, kmsDataKeyReusePeriodSeconds: 300, tags },
      stateful(config, child),
    );
    const queue = new aws.sqs.Queue(
      `${name}-queue`,
      {
        name: functionName,
        // AWS guidance for Lambda event sources: visibility >= 6 x the function timeout.
        visibilityTimeoutSeconds: 6 * s.timeoutSeconds,
        messageRetentionSeconds: 4 * 24 * 3600,
        kmsMasterKeyId: key.arn,
        kmsDataKeyReusePeriodSeconds: 300,
        redrivePolicy: dlq.arn.apply((arn) => JSON.stringify({ deadLetterTargetArn: arn, maxReceiveCount: s.maxReceiveCount })),
        tags,
      },
      stateful(config, child),
    );
    new aws.sqs.RedriveAllowPolicy(`${name}-dlq-sources`, { queueUrl: dlq.url, redriveAllowPolicy: queue.arn.apply((arn) => JSON.stringify({ redrivePermission: "byQueue", sourceQueueArns: [arn] })) }, child);

    const identity = aws.getCallerIdentityOutput({}, child);
    const policy = pulumi
      .all([
        identity.accountId,
        pulumi.output(args.vpcId),
        logGroup.arn,
        queue.arn,
        dlq.arn,
        key.arn,
        pulumi.output(args.dataBucket.arn),
        pulumi.output(args.dataBucket.kmsKeyArn),
        pulumi.output(args.exportBucket.arn),
        pulumi.output(args.exportBucket.kmsKeyArn),
        pulumi.output(args.database.secretArn),
        pulumi.output(args.database.secretKmsKeyArn),
        pulumi.output(args.redis.authSecretArn),
        pulumi.output(args.redis.kmsKeyArn),
      ])
      .apply(([account, vpcId, logArn, queueArn, dlqArn, ownKey, dataArn, dataKey, exportArn, exportKey, dbSecret, dbKey, redisSecret, redisKey]) =>
        JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            { Sid: "WriteOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: [logArn, `${logArn}:*`] },
            { Sid: "ConsumeRequestQueue", Effect: "Allow", Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"], Resource: queueArn },
            { Sid: "AsyncFailuresToDeadLetterQueue", Effect: "Allow", Action: "sqs:SendMessage", Resource: dlqArn },
            {
              Sid: "ListSubjectPrefix",
              Effect: "Allow",
              Action: [...REQUIRED_PERMISSIONS.listBucket],
              Resource: dataArn,
              Condition: { StringLike: { "s3:prefix": [args.dataBucket.prefix, `${args.dataBucket.prefix}/*`] } },
            },
            { Sid: "SubjectObjects", Effect: "Allow", Action: [...REQUIRED_PERMISSIONS.dataObjects], Resource: `${dataArn}/${args.dataBucket.prefix}/*` },
            {
              Sid: "ListExportPrefix",
              Effect: "Allow",
              Action: [...REQUIRED_PERMISSIONS.listBucket],
              Resource: exportArn,
              Condition: { StringLike: { "s3:prefix": [args.exportBucket.prefix, `${args.exportBucket.prefix}/*`] } },
            },
            { Sid: "ExportObjects", Effect: "Allow", Action: [...REQUIRED_PERMISSIONS.exportObjects], Resource: `${exportArn}/${args.exportBucket.prefix}/*` },
            { Sid: "CredentialSecrets", Effect: "Allow", Action: [...REQUIRED_PERMISSIONS.secrets], Resource: [dbSecret, redisSecret] },
            { Sid: "Keys", Effect: "Allow", Action: [...REQUIRED_PERMISSIONS.kms], Resource: [...new Set([ownKey, dataKey, exportKey, dbKey, redisKey])] },
            // Lambda creates the function's ENIs with this role. Describe calls cannot be scoped;
            // the mutating ones are limited to this VPC.
            { Sid: "DescribeNetwork", Effect: "Allow", Action: ["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"], Resource: "*" },
            {
              Sid: "ManageEnisInVpc",
              Effect: "Allow",
              Action: ["ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"],
              Resource: "*",
              Condition: { ArnEqualsIfExists: { "ec2:Vpc": `arn:aws:ec2:${args.region}:${account}:vpc/${vpcId}` } },
            },
          ],
        }),
      );

    const role = new aws.iam.Role(
      `${name}-role`,
      {
        description: `Execution role of ${functionName} (data-subject requests)`,
        assumeRolePolicy: identity.accountId.apply((account) =>
          JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": account } } }],
          }),
        ),
        tags: {},
      },
      child,
    );
    const rolePolicy = new aws.iam.RolePolicy(`${name}-policy`, { role: role.id, policy }, child);

    const bundle = bundleHandler({ entry: LAMBDA.entry });
    const variables: Record<string, Input<string>> = {
      [ENV.pgHost]: args.database.host,
      [ENV.pgPort]: pulumi.output(args.database.port).apply(String),
      [ENV.pgDatabase]: args.database.name,
      [ENV.pgUser]: args.database.user,
      [ENV.pgSslMode]: DEFAULTS.pgSslMode,
      [ENV.dbAuth]: "secret",
      [ENV.dbSecretArn]: args.database.secretArn,
      [ENV.pgSchema]: args.database.schema,
      [ENV.auditTable]: `${args.database.schema}.dsr_audit`,
      [ENV.redisHost]: args.redis.host,
      [ENV.redisPort]: String(args.redis.port),
      [ENV.redisTls]: "true",
      [ENV.redisAuthSecretArn]: args.redis.authSecretArn,
      [ENV.redisKeyPrefix]: DEFAULTS.redisKeyPrefix,
      [ENV.dataBucket]: args.dataBucket.name,
      [ENV.dataPrefix]: args.dataBucket.prefix,
      [ENV.exportBucket]: args.exportBucket.name,
      [ENV.exportPrefix]: args.exportBucket.prefix,
      [ENV.exportKmsKeyArn]: args.exportBucket.kmsKeyArn,
      [ENV.logLevel]: args.logLevel ?? DEFAULTS.logLevel,
      ...LAMBDA.extraEnvironment,
    };
    const fn = new aws.lambda.Function(
      `${name}-function`,
      {
        name: functionName,
        description: "NCA data-subject requests (GDPR Art. 15/17/20, CCPA): export or erase one subject across PostgreSQL, Redis and S3",
        runtime: LAMBDA.runtime,
        handler: LAMBDA.handler,
        code: bundle.archive,
        architectures: ["arm64"],
        memorySize: s.memoryMb,
        timeout: s.timeoutSeconds,
        reservedConcurrentExecutions: s.reservedConcurrency,
        role: role.arn,
        vpcConfig: { subnetIds: args.subnetIds, securityGroupIds: [args.securityGroupId] },
        environment: { variables },
        kmsKeyArn: key.arn,
        deadLetterConfig: { targetArn: dlq.arn },
        loggingConfig: { logFormat: "JSON", logGroup: logGroup.name, applicationLogLevel: (args.logLevel ?? DEFAULTS.logLevel).toUpperCase(), systemLogLevel: "WARN" },
        tags,
      },
      { ...child, dependsOn: [rolePolicy, logGroup, ...(args.dependsOn ?? [])] },
    );

    new aws.lambda.EventSourceMapping(
      `${name}-queue-trigger`,
      {
        eventSourceArn: queue.arn,
        functionName: fn.arn,
        batchSize: 5,
        functionResponseTypes: [...LAMBDA.sqsFunctionResponseTypes],
        // Fewer pollers than the function may run: the rest serves the HTTP API.
        scalingConfig: { maximumConcurrency: queueMaximumConcurrency(s.reservedConcurrency) },
        tags: {},
      },
      child,
    );

    // The sweeper (env.ts SWEEP): a schedule finishes erasures left half-done by attempts that
    // died, so completing an erasure never depends on later traffic.
    const sweepRule = new aws.cloudwatch.EventRule(
      `${name}-sweep`,
      { name: `${functionName}-sweep`, description: "Finish interrupted data-subject erasures (S3/Redis purge owed)", scheduleExpression: SWEEP.scheduleExpression, tags: {} },
      child,
    );
    const sweepPermission = new aws.lambda.Permission(`${name}-sweep-invoke`, { action: "lambda:InvokeFunction", function: fn.name, principal: "events.amazonaws.com", sourceArn: sweepRule.arn }, child);
    new aws.cloudwatch.EventTarget(`${name}-sweep-target`, { rule: sweepRule.name, arn: fn.arn, retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 3600 } }, { ...child, dependsOn: [sweepPermission] });

    const api = new aws.apigatewayv2.Api(`${name}-api`, { name: functionName, protocolType: "HTTP", description: "Data-subject requests (IAM-authorized)", tags: {} }, child);
    const integration = new aws.apigatewayv2.Integration(
      `${name}-integration`,
      { apiId: api.id, integrationType: "AWS_PROXY", integrationUri: fn.arn, payloadFormatVersion: "2.0", timeoutMilliseconds: Math.min(30_000, s.timeoutSeconds * 1000) },
      child,
    );
    const routes = Object.entries(ROUTES).map(
      ([key, route]) =>
        new aws.apigatewayv2.Route(`${name}-route-${key}`, { apiId: api.id, routeKey: route, authorizationType: "AWS_IAM", target: pulumi.interpolate`integrations/${integration.id}` }, child),
    );
    new aws.apigatewayv2.Stage(
      `${name}-stage`,
      {
        apiId: api.id,
        name: "$default",
        autoDeploy: true,
        defaultRouteSettings: { throttlingBurstLimit: 20, throttlingRateLimit: 10, detailedMetricsEnabled: true },
        accessLogSettings: {
          destinationArn: accessLogs.arn,
          format: JSON.stringify({ requestId: "$context.requestId", caller: "$context.identity.caller", userArn: "$context.identity.userArn", routeKey: "$context.routeKey", status: "$context.status", ip: "$context.identity.sourceIp", time: "$context.requestTime" }),
        },
        tags: {},
      },
      { ...child, dependsOn: routes },
    );
    const paths = [...new Set(Object.values(ROUTES).map((r) => routeParts(r)[1].replace(/\{[^}]+\}/g, "*")))];
    paths.forEach((path, i) =>
      new aws.lambda.Permission(
        `${name}-api-invoke-${i}`,
        { action: "lambda:InvokeFunction", function: fn.name, principal: "apigateway.amazonaws.com", sourceArn: pulumi.interpolate`${api.executionArn}/*/*${path}` },
        child,
      ),
    );

    this.functionName = fn.name;
    this.functionArn = fn.arn;
    this.roleArn = role.arn;
    this.queueUrl = queue.url;
    this.queueArn = queue.arn;
    this.deadLetterQueueUrl = dlq.url;
    this.apiEndpoint = api.apiEndpoint;
    this.kmsKeyArn = key.arn;
    this.queueName = queue.name;
    this.deadLetterQueueName = dlq.name;
    this.logGroupName = logGroup.name;
    this.registerOutputs({
      functionName: this.functionName,
      functionArn: this.functionArn,
      roleArn: this.roleArn,
      queueUrl: this.queueUrl,
      deadLetterQueueUrl: this.deadLetterQueueUrl,
      apiEndpoint: this.apiEndpoint,
    });
  }
}
