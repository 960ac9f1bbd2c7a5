/**
 * The event processor: Cloud Functions gen2 `neural-ledger-processor` (Node.js 22) running the
 * bundled TypeScript handler, fed by the `neural-ledger-processor` push subscription.
 *
 * Delivery: Eventarc-managed trigger subscriptions cannot be given a dead-letter topic,
 * ordering or a delivery-attempt limit (hashicorp/terraform-provider-google#25069), so the
 * function has no Eventarc trigger; the subscription pushes to it with an OIDC token of a
 * dedicated invoker identity, redelivers with exponential backoff while the handler throws,
 * orders by ordering key (session/stream), and dead-letters after maxDeliveryAttempts.
 *
 * Identities (least privilege, resource-level grants only):
 *  - processor: signs on `signing-key`, publishes accepted events and rejected events,
 *    uses the Bigtable instance, and the Firestore database (IAM condition on its name);
 *  - push invoker: may invoke this function's service, nothing else;
 *  - build: builds the image (Cloud Build's builder role) and writes it to the CMEK repository.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, NAMESPACE } from "../../../stacks/errors";
import type * as time from "@pulumiverse/time";
import { ENTRY_POINT, ENV } from "../../../functions/ledger-processor/layout";
import { CLOUD_FUNCTIONS_RUNTIMES, supportStatus } from "../../../stacks/dated";
import { planDate } from "../../../stacks/plan-date";
import { propagationDelay } from "../../gcp/propagation";
import type { NeuralLedgerConfig } from "../../../stacks/sections/neural-ledger";
import { grantRole, type Grant } from "../../gcp/iam";
import { PrivateBucket } from "../../gcp/private-bucket";
import { ServiceAccount } from "../../gcp/service-account";
import type { Labels } from "../../labels";
import type { LedgerBigtable } from "./bigtable";
import type { LedgerEncryption } from "./encryption";
import type { LedgerFirestore } from "./firestore";
import type { LedgerMessaging } from "./messaging";
import { processorSource } from "./source";
import { LIMITS, NAMES, RETRY_BACKOFF, seconds, type EffectiveRetention } from "./settings";

export interface LedgerProcessorArgs {
  readonly provider: gcp.Provider;
  readonly timeProvider: time.Provider;
  readonly project: string;
  readonly region: string;
  readonly environment: string;
  readonly settings: NeuralLedgerConfig;
  readonly encryption: LedgerEncryption;
  readonly messaging: LedgerMessaging;
  readonly bigtable: LedgerBigtable;
  readonly firestore: LedgerFirestore;
  readonly retention: EffectiveRetention;
  /** Serverless VPC connector id (production); egress is then PRIVATE_RANGES_ONLY. */
  readonly vpcConnector?: pulumi.Input<string>;
  /** Labels of the subscription (PHI in flight). */
  readonly dataLabels: Labels;
  /** Labels of the source bucket. */
  readonly sourceLabels: Labels;
  readonly deletionProtection: boolean;
  /** Pulumi `protect` on the source bucket (production). */
  readonly protect: boolean;
  readonly dependsOn: pulumi.Input<pulumi.Resource>[];
}

/** Concurrent requests per instance: the handler is I/O bound (Bigtable, Firestore, KMS). */
export const CONCURRENCY = 80;

/** The function's runtime (functions/ledger-processor targets Node.js 22). */
export const RUNTIME = "nodejs22";

/**
 * The runtime's support on the plan date (stacks/dated.ts): after decommission Cloud Run
 * functions refuses to create or update the function, so the plan fails; in deprecation or
 * within 90 days of it, the plan warns.
 */
export function checkRuntime(runtime: string, date: string): { readonly ok: boolean; readonly warning?: string } {
  const window = CLOUD_FUNCTIONS_RUNTIMES[runtime];
  if (!window) return { ok: false, warning: `runtime ${runtime} has no support window in stacks/dated.ts` };
  const status = supportStatus(window, date);
  if (status === "ended") return { ok: false, warning: `${runtime} was decommissioned on ${window.extendedSupportEnds}: Cloud Run functions no longer creates or updates functions on it (${window.source})` };
  if (status === "extended") return { ok: true, warning: `${runtime} is deprecated since ${window.standardSupportEnds} and decommissioned after ${window.extendedSupportEnds}; move the processor to a newer runtime` };
  if (status === "standard-ending") return { ok: true, warning: `${runtime} is deprecated after ${window.standardSupportEnds}; plan the move to a newer runtime` };
  return { ok: true };
}

export class LedgerProcessor extends pulumi.ComponentResource {
  readonly account: ServiceAccount;
  readonly invoker: ServiceAccount;
  readonly builder: ServiceAccount;
  readonly function: gcp.cloudfunctionsv2.Function;
  readonly subscription: gcp.pubsub.Subscription;
  readonly sourceBucket: PrivateBucket;
  readonly sourceObject: gcp.storage.BucketObject;
  readonly bundleBytes: number;

  constructor(name: string, args: LedgerProcessorArgs, opts?: pulumi.ComponentResourceOptions) {
    super("neurastack:neural-ledger:Processor", name, {}, opts);
    const { provider, project, region, settings } = args;
    const child: pulumi.CustomResourceOptions = { parent: this, provider };
    const runtime = checkRuntime(RUNTIME, planDate());
    // A decommissioned runtime is refused by the API on create and update: stop before any
    // resource, as a config error (exit 2) naming the system the plan date rules out.
    if (!runtime.ok) throw new ConfigError([{ key: `${NAMESPACE}:neuralLedger`, value: RUNTIME, rule: `${name}: ${runtime.warning}` }]);
    if (runtime.warning) void pulumi.log.warn(`${name}: ${runtime.warning}`, this);
    const pubsubAgent = args.encryption.agents.member("pubsub");

    // Source: the bundle in a private CMEK bucket, content-addressed.
    const source = processorSource();
    this.bundleBytes = source.bytes;
    this.sourceBucket = new PrivateBucket(`${name}-source`, {
      provider,
      project,
      bucketName: `${project}-neural-ledger-source`,
      location: region,
      kmsKeyName: args.encryption.key("source").id,
      labels: args.sourceLabels,
      forceDestroy: !args.deletionProtection,
      protect: args.protect,
      dependsOn: [...args.dependsOn, ...args.encryption.ready("source")],
    }, { parent: this });
    this.sourceObject = new gcp.storage.BucketObject(`${name}-source-object`, {
      bucket: this.sourceBucket.name,
      name: source.objectName,
      source: source.archive,
      contentType: "application/zip",
    }, child);

    // The built image, encrypted with the functions key (required for a CMEK function).
    const repository = new gcp.artifactregistry.Repository(`${name}-repository`, {
      project,
      location: region,
      repositoryId: NAMES.repository,
      format: "DOCKER",
      description: "Images of the Neural Ledger processor",
      kmsKeyName: args.encryption.key("functions").id,
      labels: {},
    }, { ...child, dependsOn: [...args.dependsOn, ...args.encryption.ready("functions")] });

    this.builder = new ServiceAccount(`${name}-build`, {
      provider,
      project,
      accountId: NAMES.buildAccount,
      displayName: "Neural Ledger processor build",
      description: "Builds the processor image from its source archive",
      grants: {
        builder: { kind: "project", project, role: "roles/cloudbuild.builds.builder" },
        "image-writer": { kind: "artifactRepository", repository: repository.name, location: region, role: "roles/artifactregistry.writer" },
        "source-reader": { kind: "storageBucket", bucket: this.sourceBucket.name, role: "roles/storage.objectViewer" },
      },
    }, { parent: this, dependsOn: args.dependsOn });

    this.account = new ServiceAccount(`${name}-sa`, {
      provider,
      project,
      accountId: NAMES.functionAccount,
      displayName: "Neural Ledger processor",
      description: "Runtime identity of neural-ledger-processor",
      grants: processorGrants(args),
    }, { parent: this, dependsOn: args.dependsOn });

    // The build runs as the builder account right after its grants: wait for them to propagate
    // (terraform-provider-google docs, cloudfunctions2_function: "builder permissions need to
    // stabilize before it can pull the source zip").
    const buildGrantsPropagated = propagationDelay(`${name}-build-iam-propagation`, {
      provider: args.timeProvider,
      kind: "iamGrant",
      after: [...this.builder.bindings, ...this.account.bindings],
    }, { parent: this });

    const environmentVariables: Record<string, pulumi.Input<string>> = {
      [ENV.projectId]: project,
      [ENV.region]: region,
      [ENV.environment]: args.environment,
      [ENV.bigtableInstance]: args.bigtable.instance.name,
      [ENV.bigtableAppProfile]: args.bigtable.appProfile.appProfileId,
      [ENV.bigqueryDataset]: NAMES.dataset,
      [ENV.kmsKeyring]: args.encryption.ringName,
      [ENV.kmsKey]: NAMES.signingKey,
      [ENV.kmsLocation]: args.encryption.location,
      [ENV.firestoreDatabase]: args.firestore.database.name,
      [ENV.acceptedTopic]: args.messaging.acceptedTopic.name,
      [ENV.deadLetterTopic]: args.messaging.deadLetterTopic.name,
      [ENV.logLevel]: "info",
    };

    this.function = new gcp.cloudfunctionsv2.Function(`${name}-function`, {
      project,
      location: region,
      name: NAMES.function,
      description: "Validates, hash-chains and signs ledger events; stores them in Bigtable and Firestore",
      kmsKeyName: args.encryption.key("functions").id,
      buildConfig: {
        runtime: RUNTIME,
        entryPoint: ENTRY_POINT,
        source: { storageSource: { bucket: this.sourceBucket.name, object: this.sourceObject.outputName } },
        serviceAccount: this.builder.id,
        dockerRepository: repository.id,
      },
      serviceConfig: {
        availableMemory: `${settings.processor.memoryMb}Mi`,
        availableCpu: "1",
        timeoutSeconds: settings.processor.timeoutSeconds,
        maxInstanceCount: settings.processor.maxInstances,
        minInstanceCount: 0,
        maxInstanceRequestConcurrency: CONCURRENCY,
        serviceAccountEmail: this.account.email,
        // Reached only by the push subscription (Pub/Sub in the same project counts as internal).
        ingressSettings: "ALLOW_INTERNAL_ONLY",
        allTrafficOnLatestRevision: true,
        environmentVariables,
        vpcConnector: args.vpcConnector,
        vpcConnectorEgressSettings: args.vpcConnector ? "PRIVATE_RANGES_ONLY" : undefined,
      },
      labels: {},
    }, { ...child, dependsOn: [...this.account.bindings, ...this.builder.bindings, buildGrantsPropagated, ...args.encryption.ready("functions")] });

    this.invoker = new ServiceAccount(`${name}-push`, {
      provider,
      project,
      accountId: NAMES.pushAccount,
      displayName: "Neural Ledger push invoker",
      description: "OIDC identity of the neural-ledger-processor push subscription",
      grants: { invoker: { kind: "cloudRunService", service: this.function.name, location: region, role: "roles/run.invoker" } },
    }, { parent: this, dependsOn: args.dependsOn });
    // Pub/Sub mints the push OIDC tokens as the invoker (needed on projects created before 2021).
    const tokenCreator = grantRole(`${name}-push-agent-token-creator`, pubsubAgent, {
      kind: "serviceAccount",
      serviceAccountId: this.invoker.id,
      role: "roles/iam.serviceAccountTokenCreator",
    }, child);

    this.subscription = new gcp.pubsub.Subscription(`${name}-subscription`, {
      project,
      name: NAMES.processorSubscription,
      topic: args.messaging.eventsTopic.id,
      pushConfig: {
        pushEndpoint: this.function.url,
        oidcToken: { serviceAccountEmail: this.invoker.email, audience: this.function.url },
      },
      ackDeadlineSeconds: Math.min(settings.processor.timeoutSeconds, LIMITS.ackDeadlineSeconds),
      messageRetentionDuration: seconds(args.retention.subscriptionDays),
      expirationPolicy: { ttl: "" },
      enableMessageOrdering: true,
      deadLetterPolicy: { deadLetterTopic: args.messaging.deadLetterTopic.id, maxDeliveryAttempts: settings.processor.maxDeliveryAttempts },
      retryPolicy: { minimumBackoff: `${RETRY_BACKOFF.minimumSeconds}s`, maximumBackoff: `${RETRY_BACKOFF.maximumSeconds}s` },
      labels: { ...args.dataLabels },
    }, { ...child, dependsOn: [...this.invoker.bindings, tokenCreator, args.messaging.deadLetterPublisher] });
    // Dead-letter forwarding needs the agent to be a subscriber of the source subscription.
    grantRole(`${name}-subscription-agent-subscriber`, pubsubAgent, { kind: "pubsubSubscription", subscription: this.subscription.name, role: "roles/pubsub.subscriber" }, child);

    this.registerOutputs({ function: this.function.name, subscription: this.subscription.name, serviceAccount: this.account.email });
  }
}

/**
 * The processor's whole access: exactly what the handler calls. No BigQuery role (the
 * BigQuery subscription writes rows) and no Pub/Sub subscriber role (messages are pushed).
 */
export function processorGrants(args: Pick<LedgerProcessorArgs, "project" | "encryption" | "messaging" | "bigtable" | "firestore">): Record<string, Grant> {
  return {
    signer: { kind: "kmsCryptoKey", cryptoKeyId: args.encryption.signingKey.id, role: "roles/cloudkms.signerVerifier" },
    "accepted-publisher": { kind: "pubsubTopic", topic: args.messaging.acceptedTopic.id, role: "roles/pubsub.publisher" },
    "rejected-publisher": { kind: "pubsubTopic", topic: args.messaging.deadLetterTopic.id, role: "roles/pubsub.publisher" },
    "bigtable-user": { kind: "bigtableInstance", instance: args.bigtable.instance.name, role: "roles/bigtable.user" },
    "firestore-user": {
      kind: "project",
      project: args.project,
      role: "roles/datastore.user",
      // Firestore has no resource-level IAM; the condition limits the grant to the ledger's database.
      condition: {
        title: "neural-ledger-database-only",
        description: "Only the neural-ledger Firestore database",
        expression: pulumi.interpolate`resource.name == "projects/${args.project}/databases/${args.firestore.database.name}"`,
      },
    },
  };
}
