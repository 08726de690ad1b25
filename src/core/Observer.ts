import type { DomainEvent, EventMetadata } from './DomainEvent.js';
import type { OutboxMessage } from './Outbox.js';

/**
 * How an observed piece of work ended: its result, or the error it failed with, and how long it took.
 *
 * @typeParam TResult - What the work resolved to.
 *
 * @example
 * ```ts
 * const record = (outcome: ObservedOutcome) => histogram.record(outcome.durationMs, { ok: outcome.ok });
 * ```
 */
export type ObservedOutcome<TResult = unknown> =
  | { readonly ok: true; readonly result: TResult; readonly durationMs: number }
  | { readonly ok: false; readonly error: unknown; readonly durationMs: number };

/**
 * What an {@link Observer} returns when one piece of work starts: metadata to hand on to what the
 * work causes (such as the W3C `traceparent` of a span just started), a way to run the work in a
 * context of its own, and what to do when it ends.
 *
 * @typeParam TResult - What the work resolves to, as `end` learns it.
 *
 * @example
 * ```ts
 * const observation: Observation = {
 *   metadata: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
 *   end: (outcome) => console.log(outcome.ok, outcome.durationMs),
 * };
 * ```
 */
export interface Observation<TResult = unknown> {
  /** Metadata added to what the work causes (events, messages); the correlation and causation ids stay. */
  readonly metadata?: EventMetadata;
  /** Runs the work (such as inside a tracing context); default: runs it as it is. */
  run?<TValue>(work: () => TValue): TValue;
  /** Called once when the work resolves or rejects. */
  end(outcome: ObservedOutcome<TResult>): void;
}

/**
 * A command or query a bus dispatches, as an {@link Observer} sees it.
 *
 * @example
 * ```ts
 * const dispatch = (message: ObservedDispatch) => console.log(message.kind, message.type, message.id);
 * ```
 */
export interface ObservedDispatch {
  readonly kind: 'command' | 'query';
  readonly type: string;
  /** The message id. */
  readonly id: string;
  readonly correlationId: string;
  /** The metadata the message carries (and hands on), such as its `traceparent`. */
  readonly metadata: EventMetadata;
}

/**
 * A session commit about to write, as an {@link Observer} sees it.
 *
 * @example
 * ```ts
 * const commit = (session: ObservedCommit) => console.log(session.store, session.metadata.correlationId);
 * ```
 */
export interface ObservedCommit {
  /** The store's name, such as `'postgresStore'`. */
  readonly store: string;
  /** The session's metadata, stamped on its events. */
  readonly metadata: EventMetadata;
}

/**
 * What a session commit wrote: each aggregate it saved, with the version it reached and how many
 * events it raised, and how many outbox messages it added.
 *
 * @example
 * ```ts
 * const log = (summary: CommitSummary) => summary.aggregates.map((a) => `${a.type} ${a.id} v${a.version}`);
 * ```
 */
export interface CommitSummary {
  readonly aggregates: readonly {
    /** The aggregate kind's name, such as `'Order'`. */
    readonly type: string;
    readonly id: string;
    /** The version the commit brought it to (its stream version when event-sourced). */
    readonly version: number;
    /** `'insert'`, `'update'` or `'delete'`. */
    readonly change: string;
    readonly events: number;
  }[];
  /** The outbox messages added (events and commands). */
  readonly messages: number;
}

/**
 * A message a broker consumer (or process manager) is about to handle, as an {@link Observer} sees it.
 *
 * @example
 * ```ts
 * const deliver = (delivery: ObservedDelivery) => console.log(delivery.consumer, delivery.event.type, delivery.attempts);
 * ```
 */
export interface ObservedDelivery {
  /** The consumer's name (a process manager's name). */
  readonly consumer: string;
  readonly event: DomainEvent;
  /** Which delivery this is, counting from 1. */
  readonly attempts: number;
}

/**
 * Hooks that observe the library at work (for tracing, metrics or logs): each is called when a
 * piece of work starts and may return an {@link Observation} to learn how it ended. Every hook
 * is optional, and a component given no observer pays nothing. Buses (`observer` of `CommandBus`
 * and `QueryBus`), stores, `OutboxRelay`, process managers and broker consumers take one;
 * `tactical-ddd/opentelemetry` makes one that traces and measures them all. A hook that throws is
 * reported to `console.error` and the work goes on unobserved.
 *
 * @example
 * ```ts
 * const logging: Observer = {
 *   dispatch: (message) => ({ end: (outcome) => console.log(message.type, outcome.ok, outcome.durationMs) }),
 * };
 * const store = inMemoryStore({ aggregates, observer: logging });
 * ```
 */
export interface Observer {
  /** A command or query dispatched through a bus. */
  dispatch?(message: ObservedDispatch): Observation | undefined;
  /** A session committing its changes; `metadata` of the observation is stamped on its events and messages. */
  commit?(session: ObservedCommit): Observation<CommitSummary> | undefined;
  /** An outbox message the relay delivers; `metadata` of the observation goes with the message. */
  relay?(message: OutboxMessage): Observation<void> | undefined;
  /**
   * A message a consumer handles; `metadata` of the observation goes with the event the handler
   * gets. The result is `'handled'` or `'duplicate'`.
   */
  deliver?(delivery: ObservedDelivery): Observation<'handled' | 'duplicate'> | undefined;
}
