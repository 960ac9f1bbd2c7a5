/**
 * How one region's API is reached: an ACM certificate validated through Route53, a WAFv2 web
 * ACL (rate limit + AWS managed rule groups, logged to CloudWatch Logs), the Ingress the
 * aws-load-balancer-controller turns into an internet-facing ALB (TLS 1.2+ policy, the
 * certificate, the web ACL by annotation), and the Route53 side: the regional record, a health
 * check on /health, and this region's latency record of the global endpoint. A region whose
 * health check fails drops out of the latency answer: that is the failover.
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { RegionalPlatform } from "../../aws/platform-contract";
import type { SystemContext } from "../../context";
import type { SnnFusionConfig } from "../../../stacks/sections/snn-fusion";
import { accessLogAttributes } from "../../aws/security/elb-log-bucket";
import { RegionalWebAcl } from "../../aws/security/web-acl";
import { albName, API_LABELS, API_NAME, SERVICE_PORT, globalHost, regionalHost } from "./names";

/** TLS 1.3 with TLS 1.2 fallback: the guide asks for TLS 1.3 in transit; 1.2 is the floor. */
export const ALB_SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

export interface SnnFusionEdgeArgs {
  readonly context: SystemContext;
  readonly settings: SnnFusionConfig;
  readonly regional: RegionalPlatform;
  /** Provider for Route53 (a global service; health-check metrics live in us-east-1). */
  readonly globalProvider: aws.Provider;
  readonly zoneId: pulumi.Input<string>;
  readonly namespace: pulumi.Input<string>;
  readonly serviceName: pulumi.Input<string>;
  /** KMS key for the WAF log group. */
  readonly logsKeyArn: pulumi.Input<string>;
}

export class SnnFusionEdge extends pulumi.ComponentResource {
  /** https://<region>.api.<domain> */
  readonly regionalEndpoint: string;
  readonly certificateArn: pulumi.Output<string>;
  readonly webAclArn: pulumi.Output<string>;
  /** Web ACL name (the WAF metrics' WebACL dimension). */
  readonly webAclName: pulumi.Output<string>;
  /** `app/<name>/<id>`: the ALB metrics' LoadBalancer dimension. */
  readonly albArnSuffix: pulumi.Output<string>;
  readonly healthCheckId: pulumi.Output<string>;

  constructor(name: string, args: SnnFusionEdgeArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:systems:SnnFusionEdge", name, {}, opts);
    const { context, settings, regional } = args;
    const region = regional.region.name;
    const env = context.config.environment;
    const regionalOpts = { parent: this, provider: regional.aws };
    const dnsOpts = { parent: this, provider: args.globalProvider };
    const globalName = globalHost(settings.domain);
    const regionalName = regionalHost(settings.domain, region);
    const production = env === "production";

    // Certificate in the ALB's region for both names, validated by DNS (ACM renews automatically).
    const certificate = new aws.acm.Certificate(
      `${name}-cert`,
      { domainName: globalName, subjectAlternativeNames: [regionalName], validationMethod: "DNS", keyAlgorithm: "RSA_2048", tags: {} },
      regionalOpts,
    );
    const validationRecords = [globalName, regionalName].map((domain, i) => {
      const option = certificate.domainValidationOptions.apply((all) => {
        const found = all.find((o) => o.domainName === domain);
        if (!found) throw new Error(`ACM returned no validation option for ${domain}`);
        return found;
      });
      // The same validation record serves the certificates of every region: allow overwrite.
      return new aws.route53.Record(
        `${name}-cert-validation-${i}`,
        { zoneId: args.zoneId, name: option.resourceRecordName, type: option.resourceRecordType, records: [option.resourceRecordValue], ttl: 300, allowOverwrite: true },
        dnsOpts,
      );
    });
    const validation = new aws.acm.CertificateValidation(`${name}-cert-validation`, { certificateArn: certificate.arn, validationRecordFqdns: validationRecords.map((r) => r.fqdn) }, regionalOpts);

    // WAF: per-IP rate limit first, then the managed rule groups, logged under KMS. The ACL and
    // its logs were this component's own children before RegionalWebAcl: adopted, not replaced.
    const webAcl = new RegionalWebAcl(
      `${name}-waf`,
      {
        provider: regional.aws,
        aclName: `snn-fusion-${env}-${region}`,
        description: `SNN-Fusion API in ${region}: rate limit and AWS managed rules`,
        rateLimitPer5Minutes: settings.waf.rateLimitPer5Minutes,
        logRetentionDays: settings.logRetentionDays,
        logsKeyArn: args.logsKeyArn,
        // Audit evidence: protected in production like the other log groups.
        protect: context.config.protection.protectResources,
        adoptedFrom: this,
      },
      { parent: this },
    );

    // The Ingress: the controller creates the ALB with these settings.
    const lbName = albName(env, region);
    const ingress = new k8s.networking.v1.Ingress(
      `${name}-ingress`,
      {
        metadata: {
          name: API_NAME,
          namespace: args.namespace,
          labels: { ...API_LABELS },
          annotations: {
            "alb.ingress.kubernetes.io/load-balancer-name": lbName,
            "alb.ingress.kubernetes.io/scheme": "internet-facing",
            "alb.ingress.kubernetes.io/target-type": "ip",
            "alb.ingress.kubernetes.io/listen-ports": JSON.stringify([{ HTTP: 80 }, { HTTPS: 443 }]),
            "alb.ingress.kubernetes.io/ssl-redirect": "443",
            "alb.ingress.kubernetes.io/ssl-policy": ALB_SSL_POLICY,
            "alb.ingress.kubernetes.io/certificate-arn": validation.certificateArn,
            "alb.ingress.kubernetes.io/wafv2-acl-arn": webAcl.arn,
            "alb.ingress.kubernetes.io/healthcheck-path": "/health",
            "alb.ingress.kubernetes.io/healthcheck-port": "traffic-port",
            "alb.ingress.kubernetes.io/load-balancer-attributes": [
              "routing.http.drop_invalid_header_fields.enabled=true",
              `deletion_protection.enabled=${production}`,
              "idle_timeout.timeout_seconds=60",
              ...(regional.accessLogBucket ? accessLogAttributes(regional.accessLogBucket.name, `snn-fusion/${lbName}`) : []),
            ].join(","),
            "alb.ingress.kubernetes.io/tags": `system=snn-fusion,environment=${env},managed-by=pulumi`,
          },
        },
        spec: {
          ingressClassName: "alb",
          rules: [globalName, regionalName].map((host) => ({
            host,
            http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: args.serviceName, port: { number: SERVICE_PORT } } } }] },
          })),
        },
      },
      // ELB checks the log bucket's policy when access logging is switched on.
      { parent: this, provider: regional.kubernetes, dependsOn: [...(regional.accessLogBucket?.ready ?? [])] },
    );

    // The ALB exists once the Ingress reports its address; read its zone and metric dimension.
    const alb = aws.lb.getLoadBalancerOutput({ name: lbName }, { parent: this, provider: regional.aws, dependsOn: [ingress] });

    new aws.route53.Record(
      `${name}-regional-record`,
      { zoneId: args.zoneId, name: regionalName, type: "A", aliases: [{ name: alb.dnsName, zoneId: alb.zoneId, evaluateTargetHealth: true }] },
      dnsOpts,
    );
    const healthCheck = new aws.route53.HealthCheck(
      `${name}-health`,
      {
        type: "HTTPS",
        fqdn: regionalName,
        port: 443,
        resourcePath: "/health",
        enableSni: true,
        requestInterval: 10,
        failureThreshold: 3,
        measureLatency: true,
        tags: { Name: `snn-fusion-${env}-${region}` },
      },
      dnsOpts,
    );
    new aws.route53.Record(
      `${name}-latency-record`,
      {
        zoneId: args.zoneId,
        name: globalName,
        type: "A",
        setIdentifier: region,
        latencyRoutingPolicies: [{ region }],
        healthCheckId: healthCheck.id,
        aliases: [{ name: alb.dnsName, zoneId: alb.zoneId, evaluateTargetHealth: true }],
      },
      dnsOpts,
    );

    this.regionalEndpoint = `https://${regionalName}`;
    this.certificateArn = validation.certificateArn;
    this.webAclArn = webAcl.arn;
    this.webAclName = webAcl.name;
    this.albArnSuffix = alb.arnSuffix;
    this.healthCheckId = healthCheck.id;
    this.registerOutputs({
      regionalEndpoint: this.regionalEndpoint,
      certificateArn: this.certificateArn,
      webAclArn: this.webAclArn,
      albArnSuffix: this.albArnSuffix,
      healthCheckId: this.healthCheckId,
    });
  }
}
