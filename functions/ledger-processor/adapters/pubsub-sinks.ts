/**
 * Pub/Sub adapters on the official client's generated publisher (@google-cloud/pubsub
 * `v1.PublisherClient`; the hand-written PubSub class adds ~1 MB of static protos to the bundle
 * and a batching layer this module replaces with a few lines).
 *
 * Accepted records go to ENV.acceptedTopic as the BigQuery row JSON (a BigQuery subscription
 * writes them to `events`); malformed messages go to ENV.deadLetterTopic unchanged, with the
 * rejection reasons as attributes.
 *
 * Batching: a publish resolves only when the server has the message (the handler acks after
 * that). Messages handed in during the same event-loop turn share one Publish RPC; no timer
 * window is added to any event's latency.
 */
import type { protos } from "@google-cloud/pubsub";
import type { PublisherClient } from "@google-cloud/pubsub/build/src/v1/publisher_client";
import type { PartialIdentity } from "../core/event";
import type { LedgerRecord } from "../core/chain";
import type { DeadLetterSink, IncomingMessage, RecordSink } from "../core/ports";
import { toBigQueryRow } from "../core/row";

type PubsubMessage = protos.google.pubsub.v1.IPubsubMessage;

interface Pending {
  readonly message: PubsubMessage;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/** Pub/Sub limits one Publish call to 1,000 messages and 10 MB. */
const MAX_BATCH_MESSAGES = 500;
const MAX_BATCH_BYTES = 5 * 1024 * 1024;

export class TopicPublisher {
  private queue: Pending[] = [];
  private bytes = 0;
  private scheduled = false;

  constructor(
    private readonly client: PublisherClient,
    /** Full name, projects/<project>/topics/<topic>. */
    readonly topic: string,
    private readonly timeoutMs = 10_000,
  ) {}

  publish(message: PubsubMessage): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ message, resolve, reject });
      this.bytes += (message.data as Uint8Array | undefined)?.byteLength ?? 0;
      if (this.queue.length >= MAX_BATCH_MESSAGES || this.bytes >= MAX_BATCH_BYTES) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    this.bytes = 0;
    // Publish is not idempotent server-side; a retried batch may duplicate messages, which the
    // BigQuery side tolerates (at-least-once, keyed by event_id). The processor retries failures.
    // isBundling: false — the generated client would otherwise hold each call up to 10 ms to bundle it.
    this.client.publish({ topic: this.topic, messages: batch.map((p) => p.message) }, { timeout: this.timeoutMs, retry: null, isBundling: false }).then(
      () => batch.forEach((p) => p.resolve()),
      (error: unknown) => batch.forEach((p) => p.reject(error)),
    );
  }
}

export function topicName(projectId: string, topic: string): string {
  return topic.startsWith("projects/") ? topic : `projects/${projectId}/topics/${topic}`;
}

export class PubSubRecordSink implements RecordSink {
  constructor(private readonly publisher: TopicPublisher) {}

  async publish(record: LedgerRecord): Promise<void> {
    await this.publisher.publish({
      data: Buffer.from(JSON.stringify(toBigQueryRow(record))),
      attributes: { stream_id: record.stream_id, event_id: record.event_id, event_type: record.event_type, sequence: String(record.sequence) },
    });
  }
}

/** Attribute values are limited to 1024 bytes; reasons are joined and cut to fit. */
function attribute(value: string): string {
  return Buffer.byteLength(value) <= 1024 ? value : `${Buffer.from(value).subarray(0, 1000).toString("utf8")}...`;
}

export class PubSubDeadLetterSink implements DeadLetterSink {
  constructor(private readonly publisher: TopicPublisher) {}

  async deadLetter(message: IncomingMessage, reasons: readonly string[], partial: PartialIdentity): Promise<void> {
    const attributes: Record<string, string> = {
      rejection_reasons: attribute(reasons.join("; ")),
      original_message_id: message.messageId,
      rejected_by: "neural-ledger-processor",
    };
    if (message.publishTime) attributes.original_publish_time = message.publishTime;
    if (message.deliveryAttempt !== undefined) attributes.delivery_attempt = String(message.deliveryAttempt);
    if (partial.stream_id) attributes.stream_id = partial.stream_id;
    if (partial.event_id) attributes.event_id = partial.event_id;
    if (partial.event_type) attributes.event_type = attribute(partial.event_type);
    // The original bytes, unchanged, so the message can be fixed and replayed.
    await this.publisher.publish({ data: message.data, attributes });
  }
}
