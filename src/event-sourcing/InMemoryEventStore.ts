import type { DomainEvent } from '../core/DomainEvent.js';
import { deepEqual } from '../core/deepEqual.js';
import { deepFreeze } from '../core/deepFreeze.js';
import { ValidationError } from '../core/ValidationError.js';
import { checkExpectedVersion } from './checkExpectedVersion.js';
import { DuplicateEventError } from './DuplicateEventError.js';
import type { EventRegistry } from './EventRegistry.js';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamMetadata,
} from './EventStore.js';
import { checkStreamId, validateReadAll, validateReadStream } from './readOptions.js';
import { validateAppend } from './validateAppend.js';

/** The options of an {@link InMemoryEventStore}. */
export interface InMemoryEventStoreOptions {
  /**
   * Validates events against their schemas on append and on read, and upcasts older schema
   * versions on read. Without it, events are checked only for a well-formed envelope.
   */
  readonly registry?: EventRegistry;
}

interface Stored {
  readonly streamId: string;
  readonly version: number;
  readonly position: number;
  readonly json: string;
  decoded: RecordedEvent | undefined;
}

const envelope = (e: DomainEvent): DomainEvent => ({
  id: e.id,
  type: e.type,
  schemaVersion: e.schemaVersion,
  aggregateId: e.aggregateId,
  aggregateVersion: e.aggregateVersion,
  occurredAt: e.occurredAt,
  payload: e.payload,
  metadata: e.metadata,
});

/**
 * The embedded {@link EventStore}: streams kept in memory, as JSON text like a durable store keeps
 * them (so what you read back is what JSON carries, never the caller's objects). It honours the
 * whole contract: expected versions, atomic appends, idempotency by event id, global order.
 * Appends run to completion without yielding, so concurrent appends (`Promise.all`) behave as
 * serialised transactions.
 *
 * @example
 * ```ts
 * const store = new InMemoryEventStore({ registry: accountEvents });
 * await store.appendToStream('Account-1', account.pullEvents(), { expectedVersion: 'no_stream' });
 * const history = await store.readStream('Account-1');
 * ```
 */
export class InMemoryEventStore implements EventStore {
  private readonly streams = new Map<string, Stored[]>();
  private readonly log: Stored[] = [];
  private readonly byId = new Map<string, Stored>();
  private readonly registry: EventRegistry | undefined;

  /** @param options - An event registry to validate and upcast with. */
  constructor(options: InMemoryEventStoreOptions = {}) {
    this.registry = options.registry;
  }

  async appendToStream(
    streamId: string,
    events: readonly DomainEvent[],
    options?: AppendOptions,
  ): Promise<AppendResult> {
    const expected = validateAppend(streamId, events, options);
    const stream = this.streams.get(streamId);
    if (events.length > 0) {
      const retry = this.retried(streamId, events);
      if (retry !== undefined) return retry;
    }
    checkExpectedVersion(streamId, expected, stream?.length ?? 0);
    if (events.length === 0) return resultOf(stream);
    const texts = events.map((event, i) => this.serialise(event, i));
    const target = stream ?? [];
    for (let i = 0; i < texts.length; i++) {
      const stored: Stored = {
        streamId,
        version: target.length + 1,
        position: this.log.length + 1,
        json: texts[i] as string,
        decoded: undefined,
      };
      target.push(stored);
      this.log.push(stored);
      this.byId.set((events[i] as DomainEvent).id, stored);
    }
    if (stream === undefined) this.streams.set(streamId, target);
    return resultOf(target);
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<readonly RecordedEvent[]> {
    const { fromVersion, maxCount, backwards } = validateReadStream(streamId, options);
    const stream = this.streams.get(streamId);
    if (stream === undefined || maxCount === 0) return [];
    const out: RecordedEvent[] = [];
    if (backwards) {
      const start = Math.min(fromVersion ?? stream.length, stream.length) - 1;
      for (let i = start; i >= 0 && out.length < maxCount; i--) out.push(this.decode(stream[i] as Stored));
    } else {
      for (let i = (fromVersion ?? 1) - 1; i < stream.length && out.length < maxCount; i++) {
        out.push(this.decode(stream[i] as Stored));
      }
    }
    return out;
  }

  async readAll(options?: ReadAllOptions): Promise<readonly RecordedEvent[]> {
    const { fromPosition, maxCount } = validateReadAll(options);
    const out: RecordedEvent[] = [];
    const log = this.log;
    if (fromPosition >= BigInt(log.length)) return out;
    for (let i = Number(fromPosition); i < log.length && out.length < maxCount; i++) {
      out.push(this.decode(log[i] as Stored));
    }
    return out;
  }

  async getStreamMetadata(streamId: string): Promise<StreamMetadata> {
    checkStreamId('getStreamMetadata', streamId);
    const version = this.streams.get(streamId)?.length ?? 0;
    return { streamId, version, exists: version > 0 };
  }

  /** The result of an earlier identical append, or `undefined` when none of the ids is stored. */
  private retried(streamId: string, events: readonly DomainEvent[]): AppendResult | undefined {
    let found = 0;
    for (const event of events) if (this.byId.has(event.id)) found++;
    if (found === 0) return undefined;
    if (found < events.length) {
      const first = events.find((event) => !this.byId.has(event.id)) as DomainEvent;
      throw new DuplicateEventError(streamId, first.id, 'partial_overlap');
    }
    const head = this.byId.get((events[0] as DomainEvent).id) as Stored;
    for (let i = 0; i < events.length; i++) {
      const event = events[i] as DomainEvent;
      const stored = this.byId.get(event.id) as Stored;
      if (stored.streamId !== streamId || stored.version !== head.version + i) {
        throw new DuplicateEventError(streamId, event.id, 'other_position');
      }
      if (!deepEqual(JSON.parse(stored.json), JSON.parse(this.serialise(event, i)))) {
        throw new DuplicateEventError(streamId, event.id, 'content_mismatch');
      }
    }
    const last = this.byId.get((events[events.length - 1] as DomainEvent).id) as Stored;
    return { nextExpectedVersion: last.version, lastGlobalPosition: BigInt(last.position) };
  }

  private serialise(event: DomainEvent, index: number): string {
    if (this.registry !== undefined) checkAt(this.registry, event, index);
    try {
      return JSON.stringify(envelope(event));
    } catch (error) {
      throw new ValidationError(
        'appendToStream',
        [
          {
            path: ['events', index, 'payload'],
            field: `events.${index}.payload`,
            rule: 'not_json',
            message: 'the event is not JSON-serialisable',
          },
        ],
        { cause: error },
      );
    }
  }

  private decode(stored: Stored): RecordedEvent {
    if (stored.decoded !== undefined) return stored.decoded;
    const json: unknown = JSON.parse(stored.json);
    const event = this.registry === undefined ? deepFreeze(json as DomainEvent) : this.registry.parse(json);
    stored.decoded = Object.freeze({
      ...event,
      streamId: stored.streamId,
      version: stored.version,
      globalPosition: BigInt(stored.position),
    });
    return stored.decoded;
  }
}

/** Validates with the registry, locating issues in the batch (`events.1.payload.cents`). */
const checkAt = (registry: EventRegistry, event: DomainEvent, index: number): void => {
  try {
    registry.check(event);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new ValidationError(
      'appendToStream',
      error.issues.map((issue) => ({
        ...issue,
        path: ['events', index, ...issue.path],
        field: issue.field === '' ? `events.${index}` : `events.${index}.${issue.field}`,
      })),
      { cause: error },
    );
  }
};

const resultOf = (stream: readonly Stored[] | undefined): AppendResult => {
  const last = stream?.[stream.length - 1];
  return last === undefined
    ? { nextExpectedVersion: 0, lastGlobalPosition: 0n }
    : { nextExpectedVersion: last.version, lastGlobalPosition: BigInt(last.position) };
};
