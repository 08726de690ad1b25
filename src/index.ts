/**
 * The core building blocks of Domain-Driven Design: branded ids, entities, value objects,
 * aggregates that raise domain events, repositories, factories, the unit of work, outbox and
 * message publisher ports with in-memory implementations, a clock and the error family.
 *
 * @example
 * ```ts
 * import { AggregateRoot, defineEvent, defineId, type EventOf, type IdOf } from 'tactical-ddd';
 * import * as z from 'zod';
 *
 * const OrderId = defineId('Order');
 * type OrderId = IdOf<typeof OrderId>;
 * const OrderPlaced = defineEvent('OrderPlaced', z.object({ total: z.string() }));
 * ```
 *
 * @module tactical-ddd
 */
export { type AggregateOptions, AggregateRoot } from './core/AggregateRoot.js';
export type { AggregateChange, AggregateStore, AnyAggregate } from './core/AggregateStore.js';
export { type Clock, systemClock } from './core/Clock.js';
export { ConcurrencyError } from './core/ConcurrencyError.js';
export type { Criteria } from './core/Criteria.js';
export type { DeepReadonly } from './core/DeepReadonly.js';
export { DomainError } from './core/DomainError.js';
export type { DomainEvent, DraftOf, EventDraft, EventMetadata } from './core/DomainEvent.js';
export { type DefineEventOptions, defineEvent, type EventCreator, type EventOf } from './core/defineEvent.js';
export { defineId, type Id, type IdDefinition, type IdOf } from './core/defineId.js';
export {
  defineValueObject,
  type PropsOf,
  type SafeCreateResult,
  type ValueObjectClass,
} from './core/defineValueObject.js';
export { Entity } from './core/Entity.js';
export type { Factory } from './core/Factory.js';
export type { Inbox, InboxMessage, InboxOutcome } from './core/Inbox.js';
export { InMemoryInbox } from './core/InMemoryInbox.js';
export { InMemoryMessagePublisher } from './core/InMemoryMessagePublisher.js';
export { InMemoryOutbox, type InMemoryOutboxOptions } from './core/InMemoryOutbox.js';
export { InvariantViolationError } from './core/InvariantViolationError.js';
export { type InMemoryStoreOptions, inMemoryStore } from './core/inMemoryStore.js';
export type { MemoryCommitStep, MemoryTransaction } from './core/MemoryTransaction.js';
export type { MessagePublisher } from './core/MessagePublisher.js';
export { NotFoundError } from './core/NotFoundError.js';
export type {
  CommitSummary,
  Observation,
  ObservedCommit,
  ObservedDelivery,
  ObservedDispatch,
  ObservedOutcome,
  Observer,
} from './core/Observer.js';
export type {
  Outbox,
  OutboxCommand,
  OutboxEntry,
  OutboxMessage,
  OutboxRow,
  PublishPendingOptions,
  PublishPendingResult,
} from './core/Outbox.js';
export type { OrderBy, Page } from './core/Page.js';
export { partitionOf } from './core/partitionOf.js';
export type { Repository } from './core/Repository.js';
export type { SchemaInput, SchemaOutput } from './core/SchemaTypes.js';
export type { EventSourcedDefinition, SessionEventStore } from './core/SessionEventStore.js';
export type { SessionParticipant } from './core/SessionParticipant.js';
export type { SnapshotMapping } from './core/SnapshotMapping.js';
export { StaleVersionError } from './core/StaleVersionError.js';
export type {
  AggregateDefinition,
  AggregateOf,
  LoadOptions,
  ReservedName,
  Session,
  SessionControls,
  SessionRepository,
  Store,
  StoreControls,
  TransactionOptions,
} from './core/Store.js';
export { type StateStoredDefinition, type StateStoredOptions, stateStored } from './core/stateStored.js';
export { TransactionClosedError } from './core/TransactionClosedError.js';
export { UnsupportedSchemaError, type UnsupportedSchemaReason } from './core/UnsupportedSchemaError.js';
export { ValidationError, type ValidationIssue, type ZodIssueLike } from './core/ValidationError.js';
export { ValueObject } from './core/ValueObject.js';
export { CurrencyMismatchError } from './money/CurrencyMismatchError.js';
