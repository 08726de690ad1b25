/**
 * Metadata that travels with an event: correlation and causation ids, and free keys such as W3C
 * trace context (`traceparent`).
 */
export interface EventMetadata {
  /** The id shared by every message caused, directly or not, by the same original request. */
  readonly correlationId?: string;
  /** The id of the message (command or event) that directly caused this one. */
  readonly causationId?: string;
  readonly [key: string]: unknown;
}

/**
 * The envelope of a domain event: what happened (`type`, `payload`), to which aggregate and at
 * which of its versions, when, and in which context (`metadata`).
 *
 * Events are immutable plain data: they serialise to JSON and back without loss (`occurredAt` is an
 * ISO 8601 string).
 *
 * @typeParam TType - The event's type name, such as `'OrderConfirmed'`.
 * @typeParam TPayload - The event's payload.
 *
 * @example
 * ```ts
 * const event: DomainEvent<'OrderConfirmed', { confirmedBy: string }> = {
 *   id: '0192f7c4-7e3a-7b1e-9a57-3c1d2e4f5a6b',
 *   type: 'OrderConfirmed',
 *   schemaVersion: 1,
 *   aggregateId: '0192f7c4-7e3a-7b1e-9a57-000000000001',
 *   aggregateVersion: 3,
 *   occurredAt: '2026-11-25T09:00:00.000Z',
 *   payload: { confirmedBy: 'alice' },
 *   metadata: { correlationId: 'req-42' },
 * };
 * ```
 */
export interface DomainEvent<TType extends string = string, TPayload = unknown> {
  /** The event's own id (uuid v7); appending the same id twice is a no-op in an event store. */
  readonly id: string;
  readonly type: TType;
  /** The version of the payload's schema; upcasters lift older versions. */
  readonly schemaVersion: number;
  readonly aggregateId: string;
  /** The aggregate's version once this event is applied (1 for its first event). */
  readonly aggregateVersion: number;
  /** When it happened, as an ISO 8601 UTC string. */
  readonly occurredAt: string;
  readonly payload: TPayload;
  readonly metadata: EventMetadata;
}

/**
 * An event not yet attached to an aggregate: what an event creator returns and what
 * `AggregateRoot.raise` takes.
 */
export interface EventDraft<TType extends string = string, TPayload = unknown> {
  readonly type: TType;
  readonly schemaVersion: number;
  readonly payload: TPayload;
  readonly metadata?: EventMetadata;
}

/** The draft type of each member of an event union. */
export type DraftOf<TEvent extends DomainEvent> =
  TEvent extends DomainEvent<infer TType, infer TPayload> ? EventDraft<TType, TPayload> : never;
