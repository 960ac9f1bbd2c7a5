/**
 * Wires the processor to the Google Cloud clients from the environment. Clients are created once
 * per instance (on the first event) and reused; gRPC channels stay warm between invocations.
 */
import { BigtableClient } from "@google-cloud/bigtable/build/src/v2/bigtable_client";
import { Firestore } from "@google-cloud/firestore";
import { PublisherClient } from "@google-cloud/pubsub/build/src/v1/publisher_client";
import { gapicOptions } from "./adapters/grpc-options";
import { BigtableChainStore } from "./adapters/bigtable-chain-store";
import { FirestoreStateStore } from "./adapters/firestore-state-store";
import { KmsSigner } from "./adapters/kms-signer";
import { PubSubDeadLetterSink, PubSubRecordSink, TopicPublisher, topicName } from "./adapters/pubsub-sinks";
import { LOG_LEVELS, loadConfig, type LogLevel, type ProcessorConfig } from "./config";
import { stdoutLog, systemClock, type LogSink } from "./core/ports";
import { LedgerProcessor } from "./core/processor";
import type { RetryPolicy } from "./core/retry";
import { lazySigner, type Signer } from "./core/signer";

export interface Clients {
  readonly bigtable: BigtableClient;
  readonly firestore: Firestore;
  readonly publisher: PublisherClient;
}

/** The official clients; each honours its *_EMULATOR_HOST variable like the hand-written clients do. */
export function createClients(config: ProcessorConfig, env: Readonly<Record<string, string | undefined>> = process.env): Clients {
  return {
    bigtable: new BigtableClient(gapicOptions(env.BIGTABLE_EMULATOR_HOST)),
    firestore: new Firestore({ projectId: config.projectId, databaseId: config.firestoreDatabase }),
    publisher: new PublisherClient(gapicOptions(env.PUBSUB_EMULATOR_HOST)),
  };
}

/** Drops lines below the configured level (the per-event INFO lines feed the log-based metrics). */
export function leveledLog(level: LogLevel, sink: LogSink = stdoutLog): LogSink {
  const min = LOG_LEVELS.indexOf(level);
  return {
    write: (entry) => {
      const severity = String(entry.severity ?? "INFO");
      const rank = severity === "CRITICAL" ? LOG_LEVELS.length : LOG_LEVELS.indexOf(severity as LogLevel);
      if (rank === -1 || rank >= min) sink.write(entry);
    },
  };
}

export interface ProcessorOverrides {
  /** Default: Cloud KMS with the configured key. */
  readonly signer?: Signer;
  /** Default: JSON lines on stdout at the configured level. */
  readonly log?: LogSink;
  readonly retry?: Partial<RetryPolicy>;
}

export function createProcessor(config: ProcessorConfig, clients: Clients, overrides: ProcessorOverrides = {}): LedgerProcessor {
  return new LedgerProcessor({
    chain: new BigtableChainStore(clients.bigtable, { projectId: config.projectId, instanceId: config.bigtableInstance, appProfileId: config.bigtableAppProfile }),
    state: new FirestoreStateStore(clients.firestore),
    records: new PubSubRecordSink(new TopicPublisher(clients.publisher, topicName(config.projectId, config.acceptedTopic))),
    deadLetter: config.deadLetterTopic
      ? new PubSubDeadLetterSink(new TopicPublisher(clients.publisher, topicName(config.projectId, config.deadLetterTopic)))
      : undefined,
    signer:
      overrides.signer ??
      lazySigner(() => {
        // Loaded on the first critical event only: the KMS client's code, protos and TLS set-up
        // are not paid by cold starts that never sign (require inside the bundle stays lazy).
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const kms = require("@google-cloud/kms/build/src/v1/key_management_service_client") as typeof import("@google-cloud/kms/build/src/v1/key_management_service_client");
        return new KmsSigner(new kms.KeyManagementServiceClient(gapicOptions(undefined)), {
          projectId: config.projectId,
          location: config.kms.location,
          keyRing: config.kms.keyRing,
          key: config.kms.key,
          version: config.kms.version,
        });
      }),
    log: overrides.log ?? leveledLog(config.logLevel),
    clock: systemClock,
    retry: overrides.retry,
  });
}

/** Closes the clients' channels (tests, benchmarks; a function instance never needs to). */
export async function closeClients(clients: Clients): Promise<void> {
  await Promise.all([clients.bigtable.close(), clients.publisher.close(), clients.firestore.terminate()]);
}

/** The processor of this instance, built from process.env on first use. */
let instance: { processor: LedgerProcessor; clients: Clients } | undefined;
export function processorFromEnv(): LedgerProcessor {
  if (!instance) {
    const config = loadConfig(process.env);
    const clients = createClients(config);
    instance = { processor: createProcessor(config, clients), clients };
  }
  return instance.processor;
}

/** Closes the environment processor's clients (tests and benchmarks). */
export async function closeProcessorFromEnv(): Promise<void> {
  const current = instance;
  instance = undefined;
  if (current) await closeClients(current.clients);
}
