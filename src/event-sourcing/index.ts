/**
 * Event sourcing: aggregates rebuilt from their events, the event store contract and its
 * in-memory implementation, an event registry with upcasters and a schema drift guard,
 * event-sourced aggregate kinds for a store's sessions (with snapshots), and projections.
 *
 * @example
 * ```ts
 * import { eventSourced, InMemoryEventStore } from 'tactical-ddd/event-sourcing';
 *
 * const store = inMemoryStore({
 *   eventStore: new InMemoryEventStore({ registry: accountEvents }),
 *   aggregates: { accounts: eventSourced({ name: 'Account', create: (id: string) => new Account(id) }) },
 * });
 * ```
 *
 * @module tactical-ddd/event-sourcing
 */
export type { CheckpointStore } from './CheckpointStore.js';
export { CryptoShredder, type CryptoShredderOptions } from './CryptoShredder.js';
export { checkExpectedVersion } from './checkExpectedVersion.js';
export { DuplicateEventError, type DuplicateEventReason } from './DuplicateEventError.js';
export { defineUpcaster, type Upcaster } from './defineUpcaster.js';
export { diffEventSchemas, type EventSchemaDrift } from './diffEventSchemas.js';
export {
  type AnyCreator,
  defineEventRegistry,
  type EventRegistry,
  type EventRegistryDefinition,
} from './EventRegistry.js';
export { type AggregateSnapshot, type EventHandlers, EventSourcedAggregate } from './EventSourcedAggregate.js';
export type {
  AppendOptions,
  AppendResult,
  DeleteStreamOptions,
  DeleteStreamResult,
  EventStore,
  ExpectedVersion,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamMetadata,
} from './EventStore.js';
export { type EventSchemaSnapshot, eventSchemaSnapshot, type ZodEventRegistry } from './eventSchemaSnapshot.js';
export {
  type EventSourcedOptions,
  eventSourced,
  type Rehydratable,
  type SnapshotOptions,
} from './eventSourced.js';
export { InMemoryCheckpointStore } from './InMemoryCheckpointStore.js';
export { InMemoryEventStore, type InMemoryEventStoreOptions } from './InMemoryEventStore.js';
export { InMemoryKeyStore } from './InMemoryKeyStore.js';
export { InMemorySnapshotStore } from './InMemorySnapshotStore.js';
export type { KeyStore } from './KeyStore.js';
export {
  defineProjection,
  type ProjectedEvent,
  type Projection,
  type ProjectionHandlers,
  type ProjectionSource,
  projectEvent,
  subscribeProjection,
} from './Projection.js';
export { ProjectionRunner, type ProjectionRunnerOptions } from './ProjectionRunner.js';
export { type PersonalOptions, type PersonalSchema, personal } from './personal.js';
export { checkStreamId, type StreamRead, validateReadAll, validateReadStream } from './readOptions.js';
export { SealedSnapshotStore, type SealedSnapshotStoreOptions } from './SealedSnapshotStore.js';
export type { SnapshotStore, StoredSnapshot } from './SnapshotStore.js';
export { StreamDeletedError } from './StreamDeletedError.js';
export { SubjectForgottenError } from './SubjectForgottenError.js';
export { isStreamDeleted, type StreamDeleted } from './streamTombstone.js';
export { type AbortSignalLike, type SubscribeToAllOptions, subscribeToAll } from './subscribeToAll.js';
export { validateAppend } from './validateAppend.js';
