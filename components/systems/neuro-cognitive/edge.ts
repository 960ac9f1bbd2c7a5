/**
 * How NCA's API is reached: the Route53 hosted zone of its host (created, or an existing one
 * from config), an ACM certificate for the host validated by DNS in that zone (ACM renews it
 * automatically), the Ingress the aws-load-balancer-controller turns into an ALB (HTTPS-only
 * listener, TLS 1.2+ policy, the validated certificate), and an alias record pointing the host
 * at the ALB.
 *
 * The certificate ARN the Ingress carries is the CertificateValidation's output, so the ALB is
 * never created with a certificate that is still pending validation.
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { SystemContext } from "../../context";
import { envName } from "../../naming";
import type { ZoneChoice } from "../../../stacks/sections/dns";
import { publicZone } from "../../aws/public-zone";
import { accessLogAttributes } from "../../aws/security/elb-log-bucket";
import { RegionalWebAcl } from "../../aws/security/web-acl";

/** TLS 1.3 with TLS 1.2 fallback (the same floor as SNN-Fusion's ALBs). */
export const NCA_SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

export interface NcaEdgeArgs {
  readonly context: SystemContext;
  /** Public host name of the API, e.g. nca.neurascale.example. */
  readonly host: string;
  /** ALB scheme. */
  readonly scheme: "internet-facing" | "internal";
  /** Which zone holds `host`: an existing one (id or domain) or a new one named `host`, in two steps (stacks/sections/dns.ts). */
  readonly zone: ZoneChoice;
  readonly namespace: pulumi.Input<string>;
  /** Kubernetes name of the Ingress (also the ALB's base name). */
  readonly ingressName: string;
  readonly serviceName: pulumi.Input<string>;
  readonly servicePort: number;
  /** Path the ALB health-checks. */
  readonly healthCheckPath: string;
  readonly labels: Readonly<Record<string, string>>;
  /** The region's AWS provider (ACM must live in the ALB's region; Route53 is global). */
  readonly awsProvider: aws.Provider;
  readonly kubernetesProvider: k8s.Provider;
  /** The region's ELB access-log bucket (issue #19). Default: none (no access logs: the HIPAA pack flags it). */
  readonly accessLogBucket?: { readonly name: string; readonly ready: readonly pulumi.Resource[] };
  /**
   * Web ACL of an internet-facing ALB (issue #19; cdk-nag ALBWAFEnabled). Ignored for an
   * internal scheme. Default: none (the HIPAA pack flags an internet-facing ALB without one).
   */
  readonly waf?: { readonly rateLimitPer5Minutes: number; readonly logRetentionDays: number; readonly logsKeyArn: pulumi.Input<string> };
}

export class NcaEdge extends pulumi.ComponentResource {
  /** The ALB Ingress; undefined in step 1 of a new zone (no certificate before the delegation). */
  readonly ingress?: k8s.networking.v1.Ingress;
  /** The validated certificate the ALB serves. */
  readonly certificateArn: pulumi.Output<string>;
  readonly zoneId: pulumi.Output<string>;
  /** Name servers of the created zone (delegate `host` to them); empty when the zone was given. */
  readonly nameServers: pulumi.Output<string[]>;
  /** DNS name of the ALB the controller created. */
  readonly loadBalancerHostname: pulumi.Output<string>;

  constructor(name: string, args: NcaEdgeArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:nca:Edge", name, {}, opts);
    const config = args.context.config;
    const awsOpts = { parent: this, provider: args.awsProvider };

    // The zone holds the validation record and the host's record; losing it breaks both.
    const zone = publicZone(name, { choice: args.zone, createName: args.host, comment: `NCA ${config.environment}: API host ${args.host}`, provider: args.awsProvider, protect: config.protection.protectResources }, this);
    const zoneId = zone.zoneId;
    this.zoneId = zoneId;
    this.nameServers = zone.nameServers;
    if (!zone.certificates) {
      // Step 1 of a new zone: ACM could not validate before the parent delegates it.
      this.certificateArn = pulumi.output("");
      this.loadBalancerHostname = pulumi.output("");
      this.registerOutputs({ zoneId: this.zoneId, nameServers: this.nameServers });
      return;
    }

    const certificate = new aws.acm.Certificate(`${name}-cert`, { domainName: args.host, validationMethod: "DNS", keyAlgorithm: "RSA_2048", tags: {} }, awsOpts);
    const option = certificate.domainValidationOptions.apply((all) => {
      const found = all.find((o) => o.domainName === args.host);
      if (!found) throw new Error(`ACM returned no validation option for ${args.host}`);
      return found;
    });
    const validationRecord = new aws.route53.Record(
      `${name}-cert-validation`,
      { zoneId, name: option.resourceRecordName, type: option.resourceRecordType, records: [option.resourceRecordValue], ttl: 300, allowOverwrite: true },
      awsOpts,
    );
    const validation = new aws.acm.CertificateValidation(`${name}-cert-validated`, { certificateArn: certificate.arn, validationRecordFqdns: [validationRecord.fqdn] }, awsOpts);

    // A fixed ALB name, so the alias record can look the load balancer (and its zone) up.
    const albName = envName(args.ingressName, config.environment, 32);
    const webAcl =
      args.waf && args.scheme === "internet-facing"
        ? new RegionalWebAcl(
            `${name}-waf`,
            {
              provider: args.awsProvider,
              aclName: `nca-${config.environment}-${albName}`.slice(0, 128),
              description: `NCA API ${args.host}: rate limit and AWS managed rules`,
              rateLimitPer5Minutes: args.waf.rateLimitPer5Minutes,
              logRetentionDays: args.waf.logRetentionDays,
              logsKeyArn: args.waf.logsKeyArn,
              protect: config.protection.protectResources,
            },
            { parent: this },
          )
        : undefined;
    const attributes = [
      "routing.http.drop_invalid_header_fields.enabled=true",
      `deletion_protection.enabled=${config.protection.deletionProtection}`,
      ...(args.accessLogBucket ? accessLogAttributes(args.accessLogBucket.name, `nca/${albName}`) : []),
    ];
    this.ingress = new k8s.networking.v1.Ingress(
      `${name}-ingress`,
      {
        metadata: {
          name: args.ingressName,
          namespace: args.namespace,
          labels: { ...args.labels },
          annotations: {
            "alb.ingress.kubernetes.io/load-balancer-name": albName,
            "alb.ingress.kubernetes.io/scheme": args.scheme,
            "alb.ingress.kubernetes.io/target-type": "ip",
            // HTTPS only: no plaintext listener at all.
            "alb.ingress.kubernetes.io/listen-ports": JSON.stringify([{ HTTPS: 443 }]),
            "alb.ingress.kubernetes.io/ssl-policy": NCA_SSL_POLICY,
            "alb.ingress.kubernetes.io/certificate-arn": validation.certificateArn,
            "alb.ingress.kubernetes.io/healthcheck-path": args.healthCheckPath,
            "alb.ingress.kubernetes.io/load-balancer-attributes": attributes.join(","),
            ...(webAcl ? { "alb.ingress.kubernetes.io/wafv2-acl-arn": webAcl.arn } : {}),
            "alb.ingress.kubernetes.io/tags": `system=nca,environment=${config.environment},managed-by=pulumi`,
          },
        },
        spec: {
          ingressClassName: "alb",
          tls: [{ hosts: [args.host] }],
          rules: [{ host: args.host, http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: args.serviceName, port: { number: args.servicePort } } } }] } }],
        },
      },
      // ELB checks the log bucket's policy when access logging is switched on.
      { parent: this, provider: args.kubernetesProvider, dependsOn: [...(args.accessLogBucket?.ready ?? [])] },
    );

    // The ALB exists once the Ingress reports its address; an alias A record also works at a zone apex.
    const alb = aws.lb.getLoadBalancerOutput({ name: albName }, { ...awsOpts, dependsOn: [this.ingress] });
    new aws.route53.Record(`${name}-record`, { zoneId, name: args.host, type: "A", aliases: [{ name: alb.dnsName, zoneId: alb.zoneId, evaluateTargetHealth: true }] }, awsOpts);

    this.certificateArn = validation.certificateArn;
    this.loadBalancerHostname = this.ingress.status.apply((st) => st?.loadBalancer?.ingress?.[0]?.hostname ?? "");
    this.registerOutputs({ certificateArn: this.certificateArn, zoneId: this.zoneId, nameServers: this.nameServers, loadBalancerHostname: this.loadBalancerHostname });
  }
}
