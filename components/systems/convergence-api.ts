/**
 * Convergence Data Pipeline API (seed 001): every gcloud step of the deployment guide's
 * staging and production sections as typed resources in the system's own GCP project.
 *
 *   service account convergence-api-<suffix>
 *   KMS key ring convergence-keyring-<suffix> / key api-key-encryption (+ CMEK keys per location)
 *   Secret Manager admin-api-key-<suffix> (random value, CMEK replicas, 90-day rotation events)
 *   BigQuery dataset (CMEK, access: the service account and the admin group)
 *   Cloud Run v2 convergence-api-<suffix> (guide sizing, probes, traffic split from config)
 *   production: global HTTPS load balancer + Cloud Armor; optional VPC-SC perimeter
 *   monitoring: uptime check and the guide's alerts
 *
 * The parts live in ./convergence-api/, one component per concept.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import * as time from "@pulumiverse/time";
import { deploymentSuffix } from "../gcp/deployment-suffix";
import type { SystemContext } from "../context";
import { grantRole } from "../gcp/iam";
import { dataLabels } from "../labels";
import type { ConvergenceConfig } from "../../stacks/sections/convergence";
import { AdminApiKey } from "./convergence-api/admin-secret";
import { requiredServices } from "./convergence-api/apis";
import { ProjectServices } from "../gcp/project-services";
import { PipelineDataset } from "./convergence-api/dataset";
import { ConvergenceKeys } from "./convergence-api/keys";
import { ServerlessLoadBalancer } from "./convergence-api/load-balancer";
import { ApiMonitoring } from "./convergence-api/monitoring";
import { convergenceNames, kmsLocationOf } from "./convergence-api/names";
import { ApiPerimeter } from "./convergence-api/perimeter";
import { childOpts, type Placement } from "./convergence-api/placement";
import { ApiService, INGRESS_ALL, INGRESS_LOAD_BALANCER } from "./convergence-api/service";

export const RUN_INVOKER = "roles/run.invoker";

export interface ConvergenceApiArgs {
  readonly context: SystemContext;
  readonly settings: ConvergenceConfig;
}

export class ConvergenceApi extends pulumi.ComponentResource {
  /** Stack outputs of the system (no secret values). */
  readonly exports: Record<string, pulumi.Input<unknown>>;
  /** The Cloud Run service URL (run.app). */
  readonly serviceUrl: pulumi.Output<string>;
  /** The load balancer's IPv4 address (production), else undefined. */
  readonly loadBalancerIp?: pulumi.Output<string>;
  /** Resource name of the admin key secret (never its value). */
  readonly adminKeySecretName: pulumi.Output<string>;

  constructor(name: string, args: ConvergenceApiArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:systems:ConvergenceApi", name, {}, opts);
    const { context, settings } = args;
    const config = context.config;
    const names = convergenceNames(settings.nameSuffix);
    const project = settings.projectId;
    const region = settings.region;
    const behindLoadBalancer = settings.loadBalancer.enabled;

    const provider = new gcp.Provider(`${name}-gcp`, { project, region }, { parent: this });
    const randomProvider = new random.Provider(`${name}-random`, {}, { parent: this });
    const timeProvider = new time.Provider(`${name}-time`, {}, { parent: this });
    const apis = new ProjectServices(`${name}-apis`, { project, provider, services: requiredServices({ loadBalancer: behindLoadBalancer, perimeter: settings.accessPolicyId !== undefined }) }, { parent: this });
    const placement: Placement = { provider, timeProvider, project, region, apis, config, labels: context.labels };
    // Key rings are never freed by GCP: their name carries this deployment's suffix.
    const suffix = deploymentSuffix(`${name}-suffix`, randomProvider, { parent: this });

    const account = new gcp.serviceaccount.Account(
      `${name}-sa`,
      { accountId: names.serviceAccountId, project, displayName: "Convergence API", description: `Runtime identity of the Cloud Run service ${names.service}` },
      childOpts(this, placement),
    );
    const member = pulumi.interpolate`serviceAccount:${account.email}`;

    const bigqueryKeyLocation = kmsLocationOf(settings.bigqueryLocation);
    const keys = new ConvergenceKeys(
      `${name}-keys`,
      { placement, names, cmekLocations: [...settings.secretReplicaLocations, region, bigqueryKeyLocation], appMember: member, suffix },
      { parent: this },
    );

    const adminKey = new AdminApiKey(
      `${name}-admin-key`,
      {
        placement,
        names,
        randomProvider,
        replicaKeys: new Map(settings.secretReplicaLocations.map((location) => [location, keys.cmek(location)])),
        topicKey: keys.cmek(region),
        accessorMember: member,
        rotationDays: settings.secretRotationDays,
        rotationAnchor: settings.secretRotationAnchor,
        secretLabels: dataLabels(context.labels, { classification: "confidential", jurisdiction: settings.jurisdiction, purpose: "admin-api-key" }),
        topicLabels: dataLabels(context.labels, { classification: "internal", jurisdiction: settings.jurisdiction, purpose: "secret-rotation-events" }),
      },
      { parent: this },
    );

    const dataset = new PipelineDataset(
      `${name}-dataset`,
      {
        placement,
        datasetId: names.dataset,
        location: settings.bigqueryLocation,
        kmsKey: keys.cmek(bigqueryKeyLocation),
        writerEmail: account.email,
        partitionExpirationDays: settings.partitionExpirationDays,
        adminGroup: settings.adminGroup,
        // Tenant records (names, contacts) and their pipeline data.
        labels: dataLabels(context.labels, { classification: "pii", jurisdiction: settings.jurisdiction, purpose: "convergence-pipeline" }),
      },
      { parent: this },
    );

    const api = new ApiService(
      `${name}-service`,
      {
        placement,
        serviceName: names.service,
        settings,
        serviceAccountEmail: account.email,
        env: {
          ENVIRONMENT: config.environment,
          GCP_PROJECT_ID: project,
          BIGQUERY_LOCATION: settings.bigqueryLocation,
          // The dataset the bootstrap creates its tables in (the one this program owns).
          BIGQUERY_DATASET: names.dataset,
          KMS_PROJECT_ID: project,
          KMS_LOCATION: region,
          KMS_KEYRING: keys.keyRing.name,
          KMS_KEY: keys.appKey.name,
          LOG_LEVEL: settings.logLevel,
          // The guide allows DISABLE_AUTH=true only for local tests; a deployed service pins it off.
          DISABLE_AUTH: "false",
        },
        secretEnv: { ADMIN_API_KEY: adminKey.secret.secretId },
        ingress: behindLoadBalancer ? INGRESS_LOAD_BALANCER : INGRESS_ALL,
        invokerIamDisabled: settings.public && settings.publicAccess === "invokerIamDisabled",
        startAfter: [adminKey.version, adminKey.accessorGrant, keys.appKeyGrant, dataset],
      },
      { parent: this },
    );

    // Guide: --allow-unauthenticated (the API checks X-Admin-Key and tenant keys itself).
    // The policy waiver for baseline-gcp-no-public-members names this resource.
    if (settings.public && settings.publicAccess === "allUsers") {
      grantRole(`${name}-public-invoker`, "allUsers", { kind: "cloudRunService", service: api.service.name, location: region, role: RUN_INVOKER }, childOpts(this, placement));
    }

    let publicUrl: pulumi.Output<string> = api.service.uri;
    let host: pulumi.Output<string> = api.service.uri.apply((uri) => new URL(uri).host);
    if (behindLoadBalancer) {
      const lb = new ServerlessLoadBalancer(
        `${name}-lb`,
        { placement, prefix: names.service, cloudRunService: api.service.name, domains: settings.loadBalancer.domains, rateLimitPerMinute: settings.loadBalancer.rateLimitPerMinute },
        { parent: this },
      );
      this.loadBalancerIp = lb.ipAddress;
      // With ingress restricted to the load balancer the run.app URL answers 404 from outside.
      publicUrl = pulumi.output(`https://${settings.loadBalancer.domains[0]}`);
      host = pulumi.output(settings.loadBalancer.domains[0]);
    }

    new ApiMonitoring(
      `${name}-monitoring`,
      { placement, serviceName: names.service, keyRing: keys.ringName, kmsFailureMetric: names.kmsFailureMetric, host, alerting: config.alerting, alerts: settings.alerts },
      { parent: this },
    );

    if (settings.accessPolicyId !== undefined) {
      new ApiPerimeter(
        `${name}-perimeter`,
        { placement, accessPolicyId: settings.accessPolicyId, perimeterName: names.perimeter, title: names.service, accessLevels: settings.perimeter.accessLevels, dryRun: settings.perimeter.dryRun },
        { parent: this },
      );
    }

    this.serviceUrl = api.service.uri;
    this.adminKeySecretName = adminKey.secretName;
    this.exports = {
      serviceName: names.service,
      serviceUrl: this.serviceUrl,
      url: publicUrl,
      ...(this.loadBalancerIp ? { loadBalancerIp: this.loadBalancerIp } : {}),
      adminKeySecret: this.adminKeySecretName,
      serviceAccount: account.email,
      dataset: dataset.dataset.datasetId,
      kmsKey: keys.appKey.id,
      keyRing: keys.ringName,
    };
    this.registerOutputs(this.exports);
  }
}
