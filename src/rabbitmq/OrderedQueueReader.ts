import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import type { DomainEvent } from '../core/DomainEvent.js';
import type { ConsumerFailure, DeliveryOptions, DeliveryOutcome } from '../cqrs/handleDelivery.js';
import { handleInOrder } from '../cqrs/handleInOrder.js';
import { sleep } from '../cqrs/timers.js';
import { attemptsOf, failedCopy } from './failedCopy.js';
import { eventOf } from './RabbitMQConsumer.js';
import { confirmed } from './RabbitMQPublisher.js';

/** How an {@link OrderedQueueReader} handles, retries and dead-letters. @internal */
export interface OrderedReading<TEvent extends DomainEvent, TTransaction> {
  readonly delivery: DeliveryOptions<TEvent, TTransaction>;
  readonly prefetch: number;
  readonly inboxBatchSize: number;
  readonly retryDelayMs: number;
  readonly deadLetterQueue: string;
  readonly onError: (failure: ConsumerFailure) => void;
}

/**
 * Reads one queue on a channel of its own, strictly in queue order: the messages in hand are
 * handled a batch at a time (one inbox transaction), and a failing message holds back those after
 * it; it is retried in place after `retryDelayMs` (its attempts counted here, from its
 * `x-attempts` header) until it succeeds or is dead-lettered. Stopping cancels the subscription,
 * finishes the batch in hand, acknowledges it, and closes the channel, which gives the messages
 * not handled back to the queue, in order, for the next reader. @internal
 */
export class OrderedQueueReader<TEvent extends DomainEvent, TTransaction> {
  private readonly buffer: ConsumeMessage[] = [];
  /** Failed deliveries of the head message so far (it stays in hand while it waits). */
  private retries = 0;
  private tag: string | undefined;
  private working: Promise<void> | undefined;
  /** Whether the channel is open. */
  private open = true;
  private stopping = false;

  constructor(
    private readonly channel: ConfirmChannel,
    private readonly queue: string,
    private readonly reading: OrderedReading<TEvent, TTransaction>,
  ) {
    channel.on('close', () => {
      // The connection died (or the channel was closed): what is in hand goes back to the queue.
      this.open = false;
      this.buffer.length = 0;
    });
  }

  async start(): Promise<void> {
    await this.channel.prefetch(this.reading.prefetch);
    const { consumerTag } = await this.channel.consume(this.queue, (message) => {
      if (message === null || !this.open || this.stopping) return;
      this.buffer.push(message);
      this.working ??= this.work().finally(() => {
        this.working = undefined;
      });
    });
    this.tag = consumerTag;
  }

  async stop(): Promise<void> {
    if (this.tag !== undefined && this.open) await this.channel.cancel(this.tag).catch(() => undefined);
    this.tag = undefined;
    this.stopping = true; // the batch in hand finishes; the messages after it go back to the queue
    await this.working;
    await this.channel.close().catch(() => undefined);
  }

  private async work(): Promise<void> {
    while (this.buffer.length > 0 && this.open && !this.stopping) {
      try {
        await this.handleHead();
      } catch (error) {
        this.reading.onError({ status: 'connection', error });
        return;
      }
    }
  }

  /** Handles the next batch in hand; settles its handled prefix; waits before a retry. */
  private async handleHead(): Promise<void> {
    const { delivery, inboxBatchSize, retryDelayMs, deadLetterQueue, onError } = this.reading;
    const batch = this.buffer.slice(0, delivery.inbox.handleBatch === undefined ? 1 : inboxBatchSize);
    const attempts = batch.map((message, i) => attemptsOf(message) + (i === 0 ? this.retries : 0));
    const outcomes = await handleInOrder(
      batch.map((message, i) => ({ body: message.content, attempts: attempts[i] as number })),
      delivery,
    );
    let settled = 0;
    let retry = false;
    for (const [i, outcome] of outcomes.entries()) {
      const message = batch[i] as ConsumeMessage;
      const attempt = attempts[i] as number;
      if (outcome.status === 'retry') {
        onError({ status: 'retry', attempts: attempt, error: outcome.error, event: outcome.event });
        this.retries = attempt - attemptsOf(message) + 1; // it stays in hand, at the head
        retry = true;
        break;
      }
      if (outcome.status === 'dead_letter') await this.deadLetter(message, attempt, outcome, deadLetterQueue);
      settled = i + 1;
      this.retries = 0;
    }
    if (settled > 0) {
      // One channel per queue, handled in order: acknowledging the last one settles them all.
      if (this.open) this.channel.ack(batch[settled - 1] as ConsumeMessage, true);
      this.buffer.splice(0, settled);
    }
    if (retry) await sleep(retryDelayMs);
  }

  private async deadLetter(
    message: ConsumeMessage,
    attempts: number,
    outcome: DeliveryOutcome & { readonly status: 'dead_letter' },
    queue: string,
  ): Promise<void> {
    this.reading.onError({ status: 'dead_letter', attempts, error: outcome.error, ...eventOf(outcome) });
    const copy = failedCopy(message, attempts, outcome, this.reading.delivery.consumer);
    await confirmed((done) => this.channel.sendToQueue(queue, message.content, copy, done));
  }
}
