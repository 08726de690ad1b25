import { addMetadata } from '../core/addMetadata.js';
import { DomainError } from '../core/DomainError.js';
import type { DomainEvent } from '../core/DomainEvent.js';
import type { Inbox, InboxOutcome } from '../core/Inbox.js';
import type { Observer } from '../core/Observer.js';
import { type Tracked, track } from '../core/observe.js';
import { ValidationError } from '../core/ValidationError.js';
import { guardHook } from './guardHook.js';
import { MessageDecodeError } from './MessageDecodeError.js';
import { decodeMessage } from './messageEnvelope.js';

/**
 * What a broker consumer does with each message, whatever the broker: who consumes, the inbox
 * that makes handling idempotent, the handler, and when to give up.
 *
 * @typeParam TEvent - The events the handler receives (after `decode`).
 * @typeParam TTransaction - The inbox's transaction, passed to the handler.
 *
 * @example
 * ```ts
 * const options: DeliveryOptions<OrderPlaced, SqlClient> = {
 *   consumer: 'billing',
 *   inbox: new PostgresInbox({ client }),
 *   decode: (event) => OrderPlaced.parse(event),
 *   handler: async (event, tx) => {
 *     await tx.query('INSERT INTO invoices (order_id) VALUES ($1)', [event.aggregateId]);
 *   },
 *   maxAttempts: 5,
 * };
 * ```
 */
export interface DeliveryOptions<TEvent extends DomainEvent = DomainEvent, TTransaction = unknown> {
  /** The consumer's name in the inbox (one service's handler): a message is handled once per name. */
  readonly consumer: string;
  /** Records handled message ids in the handler's transaction (`PostgresInbox`, `InMemoryInbox`). */
  readonly inbox: Inbox<TTransaction>;
  /** Handles one event inside the inbox's transaction; throwing rolls it back and retries later. */
  readonly handler: (event: TEvent, tx: TTransaction) => Promise<void>;
  /**
   * Validates the envelope's event further, such as `registry.parse` or an event creator's `parse`
   * (payload schema, upcasting). A throw dead-letters the message as undecodable. Default: the
   * envelope as it is.
   */
  readonly decode?: (event: DomainEvent) => TEvent;
  /** How many deliveries a failing message gets before it is dead-lettered (default 5). */
  readonly maxAttempts?: number;
  /**
   * Observes each message handled (its `deliver` hook), such as the observer
   * `tactical-ddd/opentelemetry` makes: the observation's metadata goes with the event the handler
   * gets (replacing its trace context), so what the handler causes joins the trace.
   */
  readonly observer?: Observer;
}

/**
 * What {@link handleDelivery} decided: the broker adapter acknowledges `handled` and `duplicate`,
 * leaves `retry` for a later attempt, and moves `dead_letter` aside with its error.
 *
 * @example
 * ```ts
 * const outcome: DeliveryOutcome = await handleDelivery(body, attempts, options);
 * if (outcome.status === 'dead_letter') logger.error(outcome.reason, outcome.error);
 * ```
 */
export type DeliveryOutcome =
  | { readonly status: 'handled'; readonly event: DomainEvent }
  | { readonly status: 'duplicate'; readonly event: DomainEvent }
  | { readonly status: 'retry'; readonly event: DomainEvent; readonly error: unknown }
  | {
      readonly status: 'dead_letter';
      readonly reason: 'undecodable' | 'max_attempts';
      readonly event?: DomainEvent;
      readonly error: unknown;
    };

/**
 * A message a broker consumer (`RabbitMQConsumer`, `RedisStreamConsumer`) failed on (it is retried or dead-lettered), or a lost
 * connection (no `event`).
 *
 * @example
 * ```ts
 * const onError = (failure: ConsumerFailure) => logger.warn(failure.status, failure.event?.id, failure.error);
 * ```
 */
export interface ConsumerFailure {
  /** `'retry'`, `'dead_letter'`, or `'connection'` for a lost connection (the consumer reconnects). */
  readonly status: 'retry' | 'dead_letter' | 'connection';
  /** The event, when the message could be decoded. */
  readonly event?: DomainEvent;
  /** Which delivery failed, counting from 1. */
  readonly attempts?: number;
  readonly error: unknown;
}

/**
 * Handles one broker message the same way for every broker: decodes the envelope (and runs the
 * consumer's `decode`), runs the handler through the inbox (so a duplicate is dropped and the
 * handler's writes commit with the inbox row), and says what to do with the message. It never
 * throws for a bad message or a failing handler: undecodable messages are dead-lettered at once,
 * a failing handler is retried until `maxAttempts`, then dead-lettered.
 *
 * @param body - The message body (the JSON envelope).
 * @param attempts - Which delivery this is, counting from 1.
 * @param options - The consumer, inbox, handler, decoder and attempt limit.
 * @returns What to do with the message.
 *
 * @example
 * ```ts
 * const outcome = await handleDelivery(message.content, attempts, options);
 * if (outcome.status === 'handled' || outcome.status === 'duplicate') channel.ack(message);
 * ```
 */
export async function handleDelivery<TEvent extends DomainEvent, TTransaction>(
  body: string | Uint8Array,
  attempts: number,
  options: DeliveryOptions<TEvent, TTransaction>,
): Promise<DeliveryOutcome> {
  const decoded = decode(body, options);
  if (decoded.status !== undefined) return decoded;
  const { event } = decoded;
  const tracked = observed(options, event, attempts);
  const handed = handedOn(event, tracked);
  try {
    const ran = await options.inbox.handleOnce(options.consumer, event.id, (tx) =>
      run(tracked, options.handler, handed, tx),
    );
    tracked?.succeed(ran ? 'handled' : 'duplicate');
    return ran ? { status: 'handled', event } : { status: 'duplicate', event };
  } catch (error) {
    tracked?.fail(error);
    return failed(event, error, attempts, options);
  }
}

/** The observation of one message, when the consumer has a `deliver` hook. */
function observed<TEvent extends DomainEvent>(
  options: Pick<DeliveryOptions<TEvent, never>, 'observer' | 'consumer'>,
  event: TEvent,
  attempts: number,
): Tracked<'handled' | 'duplicate'> | undefined {
  const { observer, consumer } = options;
  const hook = observer?.deliver;
  return hook === undefined ? undefined : track(consumer, () => hook.call(observer, { consumer, event, attempts }));
}

/** The event the handler gets: with the observation's metadata over its own, if any. */
function handedOn<TEvent extends DomainEvent>(event: TEvent, tracked: Tracked<unknown> | undefined): TEvent {
  const extra = tracked?.observation.metadata;
  return extra === undefined ? event : addMetadata(event, extra);
}

/** Runs the handler, inside the observation's `run` when it has one. */
function run<TEvent extends DomainEvent, TTransaction>(
  tracked: Tracked<unknown> | undefined,
  handler: (event: TEvent, tx: TTransaction) => Promise<void>,
  event: TEvent,
  tx: TTransaction,
): Promise<void> {
  const observation = tracked?.observation;
  return observation?.run === undefined ? handler(event, tx) : observation.run(() => handler(event, tx));
}

/**
 * One message for {@link handleDeliveries}: its body and which delivery this is, counting from 1.
 *
 * @example
 * ```ts
 * const delivery: Delivery = { body: message.content, attempts: 1 };
 * ```
 */
export interface Delivery {
  /** The message body (the JSON envelope). */
  readonly body: string | Uint8Array;
  /** Which delivery this is, counting from 1. */
  readonly attempts: number;
}

/**
 * Handles several broker messages as {@link handleDelivery} handles one, in one inbox transaction
 * when the inbox has `handleBatch` (each message in a savepoint of its own, so a failing handler
 * does not fail its neighbours), else one `handleOnce` after the other. It resolves after the
 * batch committed, so a consumer acknowledges its messages then; if the transaction as a whole
 * fails, each decodable message is retried (or dead-lettered after `maxAttempts`). It never
 * throws for bad messages or failing handlers.
 *
 * @param deliveries - The messages, in handling order.
 * @param options - The consumer, inbox, handler, decoder and attempt limit.
 * @returns What to do with each message, in the same order.
 *
 * @example
 * ```ts
 * const outcomes = await handleDeliveries(
 *   messages.map((message) => ({ body: message.content, attempts: 1 })),
 *   options,
 * );
 * outcomes.forEach((outcome, i) => {
 *   if (outcome.status === 'handled' || outcome.status === 'duplicate') channel.ack(messages[i]);
 * });
 * ```
 */
export async function handleDeliveries<TEvent extends DomainEvent, TTransaction>(
  deliveries: readonly Delivery[],
  options: DeliveryOptions<TEvent, TTransaction>,
): Promise<DeliveryOutcome[]> {
  const outcomes = new Array<DeliveryOutcome>(deliveries.length);
  const batch: {
    readonly index: number;
    readonly event: TEvent;
    readonly attempts: number;
    readonly tracked: Tracked<'handled' | 'duplicate'> | undefined;
  }[] = [];
  deliveries.forEach(({ body, attempts }, index) => {
    const decoded = decode(body, options);
    if (decoded.status === undefined) {
      batch.push({ index, event: decoded.event, attempts, tracked: observed(options, decoded.event, attempts) });
    } else outcomes[index] = decoded;
  });
  if (batch.length === 0) return outcomes;
  const { inbox, consumer, handler } = options;
  let results: readonly InboxOutcome[];
  try {
    results =
      inbox.handleBatch === undefined
        ? await oneByOne(inbox, consumer, batch, handler)
        : await inbox.handleBatch(
            consumer,
            batch.map(({ event, tracked }) => ({
              messageId: event.id,
              handler: (tx: TTransaction) => run(tracked, handler, handedOn(event, tracked), tx),
            })),
          );
  } catch (error) {
    results = batch.map(() => ({ status: 'failed', error }));
  }
  batch.forEach(({ index, event, attempts, tracked }, i) => {
    const result = results[i] ?? {
      status: 'failed',
      error: new Error(`the inbox returned no outcome for ${event.id}`),
    };
    if (result.status === 'failed') tracked?.fail(result.error);
    else tracked?.succeed(result.status);
    outcomes[index] =
      result.status === 'failed' ? failed(event, result.error, attempts, options) : { status: result.status, event };
  });
  return outcomes;
}

/** `handleOnce` for each message in turn: the batch path of an inbox without `handleBatch`. */
async function oneByOne<TEvent extends DomainEvent, TTransaction>(
  inbox: Inbox<TTransaction>,
  consumer: string,
  batch: readonly { readonly event: TEvent; readonly tracked: Tracked<unknown> | undefined }[],
  handler: (event: TEvent, tx: TTransaction) => Promise<void>,
): Promise<InboxOutcome[]> {
  const results: InboxOutcome[] = [];
  for (const { event, tracked } of batch) {
    try {
      const ran = await inbox.handleOnce(consumer, event.id, (tx) =>
        run(tracked, handler, handedOn(event, tracked), tx),
      );
      results.push({ status: ran ? 'handled' : 'duplicate' });
    } catch (error) {
      results.push({ status: 'failed', error });
    }
  }
  return results;
}

/** The envelope and the consumer's decoded event, or the dead letter of an undecodable message. */
function decode<TEvent extends DomainEvent>(
  body: string | Uint8Array,
  options: Pick<DeliveryOptions<TEvent, never>, 'decode'>,
): { readonly status?: undefined; readonly event: TEvent } | (DeliveryOutcome & { readonly status: 'dead_letter' }) {
  let envelope: DomainEvent;
  try {
    envelope = decodeMessage(body);
  } catch (error) {
    return { status: 'dead_letter', reason: 'undecodable', error };
  }
  try {
    return { event: options.decode === undefined ? (envelope as TEvent) : options.decode(envelope) };
  } catch (error) {
    const rule = error instanceof ValidationError ? error.rule : error instanceof DomainError ? error.code : 'invalid';
    const field = error instanceof ValidationError ? error.field : '';
    const decodeError = new MessageDecodeError(field, rule, errorMessage(error), { cause: error });
    return { status: 'dead_letter', reason: 'undecodable', event: envelope, error: decodeError };
  }
}

/** A failed handler's message: retried, or dead-lettered once it had `maxAttempts` deliveries. */
function failed(
  event: DomainEvent,
  error: unknown,
  attempts: number,
  options: Pick<DeliveryOptions, 'maxAttempts'>,
): DeliveryOutcome {
  if (attempts >= (options.maxAttempts ?? 5)) return { status: 'dead_letter', reason: 'max_attempts', event, error };
  return { status: 'retry', event, error };
}

/**
 * Checks a consumer's shared options, throwing a `ValidationError` naming the field. @internal
 */
export function checkDeliveryOptions(
  subject: string,
  options: Pick<DeliveryOptions, 'consumer' | 'maxAttempts'>,
): void {
  if (typeof options.consumer !== 'string' || options.consumer.length === 0) {
    throw ValidationError.of(subject, 'consumer', 'invalid_id', 'consumer must be a non-empty string');
  }
  const maxAttempts = options.maxAttempts ?? 5;
  if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1) {
    throw ValidationError.of(subject, 'maxAttempts', 'too_small', 'maxAttempts must be a positive integer');
  }
}

/** The message of an error, for logs and dead-letter headers. @internal */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

interface ConsoleLike {
  error(...data: unknown[]): void;
}

/**
 * A broker consumer's `onError` hook, guarded so that a throwing hook cannot stop the consumer;
 * without one, each failure goes to `console.error` with the consumer's name. @internal
 */
export function consumerHook(
  owner: string,
  consumer: string,
  onError: ((failure: ConsumerFailure) => void) | undefined,
): (failure: ConsumerFailure) => void {
  return guardHook(
    owner,
    onError ??
      ((failure) =>
        (globalThis as unknown as { console: ConsoleLike }).console.error(
          `${owner} ${consumer}: ${failure.status}`,
          failure.event?.type ?? '',
          failure.event?.id ?? '',
          failure.error,
        )),
  );
}
