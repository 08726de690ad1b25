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
export { InMemoryRepository, type InMemoryRepositoryOptions } from './core/InMemoryRepository.js';
export { InMemoryUnitOfWork } from './core/InMemoryUnitOfWork.js';
export { InvariantViolationError } from './core/InvariantViolationError.js';
export type { MessagePublisher } from './core/MessagePublisher.js';
export { NotFoundError } from './core/NotFoundError.js';
export type { Outbox, OutboxMessage, PublishPendingOptions, PublishPendingResult } from './core/Outbox.js';
export type { OrderBy, Page } from './core/Page.js';
export type { Repository } from './core/Repository.js';
export type { Transaction, TransactionParticipant } from './core/Transaction.js';
export type { TransactionalRepository } from './core/TransactionalRepository.js';
export { TransactionClosedError } from './core/TransactionClosedError.js';
export type { UnitOfWork, UnitOfWorkOptions } from './core/UnitOfWork.js';
export { ValidationError, type ValidationIssue, type ZodIssueLike } from './core/ValidationError.js';
export { ValueObject } from './core/ValueObject.js';
export { CurrencyMismatchError } from './money/CurrencyMismatchError.js';
