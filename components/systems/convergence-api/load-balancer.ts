/**
 * Global external HTTPS load balancer in front of the Cloud Run service (production): a
 * serverless NEG, a backend service guarded by Cloud Armor, a Google-managed certificate for
 * the configured domains, a modern TLS policy, and HTTP -> HTTPS redirect on the same address.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { armorRules } from "./armor";
import { childOpts, statefulOpts, type Placement } from "./placement";

export interface ServerlessLoadBalancerArgs {
  readonly placement: Placement;
  /** Physical name prefix, e.g. convergence-api-prod. */
  readonly prefix: string;
  /** Cloud Run service name in the placement's region. */
  readonly cloudRunService: pulumi.Input<string>;
  readonly domains: readonly string[];
  readonly rateLimitPerMinute: number;
}

export class ServerlessLoadBalancer extends pulumi.ComponentResource {
  /** The global anycast IPv4 address (point the domains' A records here). */
  readonly ipAddress: pulumi.Output<string>;
  readonly securityPolicy: gcp.compute.SecurityPolicy;

  constructor(name: string, args: ServerlessLoadBalancerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:convergence:ServerlessLoadBalancer", name, {}, opts);
    const { placement, prefix } = args;
    const o = (extra?: pulumi.CustomResourceOptions) => childOpts(this, placement, extra);
    const project = placement.project;

    const neg = new gcp.compute.RegionNetworkEndpointGroup(`${name}-neg`, { name: `${prefix}-neg`, project, region: placement.region, networkEndpointType: "SERVERLESS", cloudRun: { service: args.cloudRunService } }, o());

    this.securityPolicy = new gcp.compute.SecurityPolicy(
      `${name}-armor`,
      {
        name: `${prefix}-armor`,
        project,
        type: "CLOUD_ARMOR",
        description: "Rate limiting and OWASP CRS rules for the Convergence API",
        adaptiveProtectionConfig: { layer7DdosDefenseConfig: { enable: true } },
        rules: armorRules(args.rateLimitPerMinute),
        labels: {},
      },
      o(),
    );

    // Serverless NEG backends take no health check or timeout: Cloud Run handles both.
    const backend = new gcp.compute.BackendService(
      `${name}-backend`,
      {
        name: `${prefix}-backend`,
        project,
        protocol: "HTTPS",
        loadBalancingScheme: "EXTERNAL_MANAGED",
        backends: [{ group: neg.id }],
        securityPolicy: this.securityPolicy.id,
        logConfig: { enable: true, sampleRate: 1 },
      },
      o(),
    );
    const urlMap = new gcp.compute.URLMap(`${name}-urlmap`, { name: `${prefix}-urlmap`, project, defaultService: backend.id }, o());
    // No fixed name: a change of domains replaces the certificate, create-before-delete needs a fresh name.
    const certificate = new gcp.compute.ManagedSslCertificate(`${name}-cert`, { project, managed: { domains: [...args.domains] } }, o());
    const sslPolicy = new gcp.compute.SSLPolicy(`${name}-tls`, { name: `${prefix}-tls`, project, profile: "MODERN", minTlsVersion: "TLS_1_2" }, o());
    const httpsProxy = new gcp.compute.TargetHttpsProxy(`${name}-https-proxy`, { name: `${prefix}-https-proxy`, project, urlMap: urlMap.id, sslCertificates: [certificate.id], sslPolicy: sslPolicy.id }, o());

    // The address is what DNS points at: keep it across replacements, protect it in production.
    const address = new gcp.compute.GlobalAddress(`${name}-ip`, { name: `${prefix}-ip`, project, addressType: "EXTERNAL", ipVersion: "IPV4", labels: {} }, statefulOpts(this, placement));
    new gcp.compute.GlobalForwardingRule(
      `${name}-https`,
      { name: `${prefix}-https`, project, target: httpsProxy.id, ipAddress: address.id, ipProtocol: "TCP", portRange: "443", loadBalancingScheme: "EXTERNAL_MANAGED", labels: {} },
      o(),
    );

    const redirectMap = new gcp.compute.URLMap(
      `${name}-http-redirect`,
      { name: `${prefix}-http-redirect`, project, defaultUrlRedirect: { httpsRedirect: true, redirectResponseCode: "MOVED_PERMANENTLY_DEFAULT", stripQuery: false } },
      o(),
    );
    const httpProxy = new gcp.compute.TargetHttpProxy(`${name}-http-proxy`, { name: `${prefix}-http-proxy`, project, urlMap: redirectMap.id }, o());
    new gcp.compute.GlobalForwardingRule(
      `${name}-http`,
      { name: `${prefix}-http`, project, target: httpProxy.id, ipAddress: address.id, ipProtocol: "TCP", portRange: "80", loadBalancingScheme: "EXTERNAL_MANAGED", labels: {} },
      o(),
    );

    this.ipAddress = address.address;
    this.registerOutputs({ ipAddress: this.ipAddress });
  }
}
