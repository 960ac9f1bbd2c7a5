/**
 * The Cloud Run v2 service `convergence-api-<suffix>` (guide: `gcloud run deploy` with its
 * env vars, secret, service account and sizing flags). Probes hit /health; traffic comes from
 * config (see traffic.ts), so a migration or rollback never touches the template.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import type { ConvergenceConfig } from "../../../stacks/sections/convergence";
import { childOpts, type Placement } from "./placement";
import { trafficTargets } from "./traffic";

export const HEALTH_PATH = "/health";
export const INGRESS_ALL = "INGRESS_TRAFFIC_ALL";
export const INGRESS_LOAD_BALANCER = "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER";

export interface ApiServiceArgs {
  readonly placement: Placement;
  readonly serviceName: string;
  readonly settings: ConvergenceConfig;
  readonly serviceAccountEmail: pulumi.Input<string>;
  /** Plain environment variables (name -> value), in order. */
  readonly env: Readonly<Record<string, pulumi.Input<string>>>;
  /** Environment variables read from Secret Manager (name -> secret id), version "latest". */
  readonly secretEnv: Readonly<Record<string, pulumi.Input<string>>>;
  /** INGRESS_TRAFFIC_ALL, or INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER behind the load balancer. */
  readonly ingress: typeof INGRESS_ALL | typeof INGRESS_LOAD_BALANCER;
  /**
   * Public without an allUsers binding: Cloud Run skips its invoker IAM check. This is the way
   * to serve the public where domain-restricted sharing (iam.allowedPolicyMemberDomains) refuses
   * allUsers members (Cloud Run, "Disable the Invoker IAM check"). Default false.
   */
  readonly invokerIamDisabled?: boolean;
  /** What must exist before a revision can start (secret version, its accessor grant, the KMS grant). */
  readonly startAfter: pulumi.Resource[];
}

export class ApiService extends pulumi.ComponentResource {
  readonly service: gcp.cloudrunv2.Service;

  constructor(name: string, args: ApiServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:convergence:ApiService", name, {}, opts);
    const { placement, settings } = args;
    const s = settings.service;

    const envs: gcp.types.input.cloudrunv2.ServiceTemplateContainerEnv[] = [
      ...Object.entries(args.env).map(([envName, value]) => ({ name: envName, value })),
      ...Object.entries(args.secretEnv).map(([envName, secret]) => ({ name: envName, valueSource: { secretKeyRef: { secret, version: "latest" } } })),
    ];

    this.service = new gcp.cloudrunv2.Service(
      name,
      {
        name: args.serviceName,
        project: placement.project,
        location: placement.region,
        ingress: args.ingress,
        invokerIamDisabled: args.invokerIamDisabled ?? false,
        deletionProtection: placement.config.protection.deletionProtection,
        labels: {},
        template: {
          serviceAccount: args.serviceAccountEmail,
          timeout: `${s.timeoutSeconds}s`,
          maxInstanceRequestConcurrency: s.concurrency,
          scaling: { minInstanceCount: s.minInstances, maxInstanceCount: s.maxInstances },
          containers: [
            {
              image: settings.image,
              ports: { containerPort: s.containerPort },
              resources: { limits: { memory: s.memory, cpu: String(s.cpu) }, startupCpuBoost: true },
              envs,
              // Startup: up to 60 s for the app to import and reach BigQuery/KMS before traffic.
              startupProbe: { httpGet: { path: HEALTH_PATH }, initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 6 },
              // Liveness: three missed checks in 90 s restart the instance.
              livenessProbe: { httpGet: { path: HEALTH_PATH }, periodSeconds: 30, timeoutSeconds: 5, failureThreshold: 3 },
            },
          ],
        },
        traffics: trafficTargets(settings.traffic).map((t) => ({ ...t })),
      },
      childOpts(this, placement, { dependsOn: args.startAfter }),
    );
    this.registerOutputs({ uri: this.service.uri });
  }
}
