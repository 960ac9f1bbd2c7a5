/**
 * Turns the Pub/Sub CloudEvent the trigger delivers into a processor call. Resolving acks the
 * message; throwing makes Pub/Sub redeliver it (the function is deployed with retry on failure).
 */
import type { LedgerProcessor, ProcessResult } from "./core/processor";

/** The CloudEvent of a Pub/Sub trigger (google.cloud.pubsub.topic.v1.messagePublished). */
export interface PubSubCloudEvent {
  readonly id?: string;
  readonly type?: string;
  readonly source?: string;
  readonly data?: {
    readonly message?: {
      readonly data?: string;
      readonly messageId?: string;
      readonly message_id?: string;
      readonly publishTime?: string;
      readonly attributes?: Readonly<Record<string, string>> | null;
      readonly orderingKey?: string;
    };
    readonly subscription?: string;
    readonly deliveryAttempt?: number;
  };
}

export type CloudEventHandler = (cloudEvent: PubSubCloudEvent) => Promise<ProcessResult>;

export function createCloudEventHandler(processor: () => Promise<LedgerProcessor> | LedgerProcessor): CloudEventHandler {
  return async (cloudEvent) => {
    const message = cloudEvent.data?.message;
    const ledger = await processor();
    return ledger.process({
      // A message without data is still a message: the processor rejects it (dead letter) with a reason.
      data: Buffer.from(message?.data ?? "", "base64"),
      messageId: message?.messageId ?? message?.message_id ?? cloudEvent.id ?? "unknown",
      attributes: message?.attributes ?? undefined,
      publishTime: message?.publishTime,
      deliveryAttempt: cloudEvent.data?.deliveryAttempt,
    });
  };
}
