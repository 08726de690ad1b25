import { ConcurrencyError } from '../core/ConcurrencyError.js';
import type { DomainEvent } from '../core/DomainEvent.js';
import type { MemoryTransaction } from '../core/MemoryTransaction.js';
import type { SessionEventStore } from '../core/SessionEventStore.js';
import type { CryptoShredder } from './CryptoShredder.js';
import { checkExpectedVersion } from './checkExpectedVersion.js';
import { DuplicateEventError } from './DuplicateEventError.js';
import type { EventRegistry } from './EventRegistry.js';
import type {
  AppendOptions,
  AppendResult,
  DeleteStreamOptions,
  DeleteStreamResult,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamMetadata,
} from './EventStore.js';
import { jsonAt } from './jsonAt.js';
import { parsePayloadAt } from './parsePayloadAt.js';
import { checkStreamId, validateReadAll, validateReadStream } from './readOptions.js';
import { retryMatches } from './retryMatches.js';
import { StreamDeletedError } from './StreamDeletedError.js';
import { sameEnvelope } from './sameEnvelope.js';
import { STREAM_DELETED, tombstoneOf, validateDelete } from './streamTombstone.js';
import { isFrozenJson } from './toJsonValue.js';
import { validateAppend } from './validateAppend.js';

/** The options of an {@link InMemoryEventStore}. */
export interface InMemoryEventStoreOptions {
  /**
   * Validates events against their schemas on append and on read, and upcasts older schema
   * versions on read. Without it, events are checked only for a well-formed envelope.
   */
  readonly registry?: EventRegistry;
  /**
   * Seals the personal fields of events on append and opens them on read (its registry is used
   * when `registry` is omitted); once a subject is forgotten, its fields read as `null`.
   */
  readonly shredder?: CryptoShredder;
}

/** An append with personal fields, made ready before it runs: sealed events, and what retries compare. */
interface Prepared {
  /** The events as they will be stored, validated and sealed. */
  readonly sealed: readonly DomainEvent[];
  /** The same events validated, in clear. */
  readonly plain: readonly DomainEvent[];
  /** The stored events with the same ids, opened. */
  readonly opened: ReadonlyMap<string, DomainEvent>;
}

const EMPTY = Object.freeze({});

/**
 * The embedded {@link EventStore}: streams kept in memory as frozen JSON values, as a durable
 * store would keep them (what you read back is what JSON carries, never the caller's objects;
 * values JSON would mangle, such as bigint, NaN or a `Map`, are refused). It honours the whole
 * contract: expected versions, atomic appends, idempotency by event id, global order. Appends run
 * to completion without yielding, so concurrent appends (`Promise.all`) behave as serialised
 * transactions. With a registry, events are validated on append and, once, on first read
 * (upcasting older schema versions), so a payload schema's output (a `Money` from `Money.schema`)
 * reads back as that output. Without one, payloads must be plain JSON: a value that only its
 * `toJSON` turns into JSON (a `Money`, a `Date`) would read back in another shape, and is refused
 * (`ValidationError`, rule `registry_required`).
 *
 * @example
 * ```ts
 * const store = new InMemoryEventStore({ registry: accountEvents });
 * await store.appendToStream('Account-1', account.pullEvents(), { expectedVersion: 'no_stream' });
 * const history = await store.readStream('Account-1');
 * ```
 */
export class InMemoryEventStore implements EventStore, SessionEventStore<MemoryTransaction> {
  private readonly streams = new Map<string, RecordedEvent[]>();
  /** Every event by global position (index + 1); a hard-deleted event leaves a hole. */
  private readonly log: (RecordedEvent | undefined)[] = [];
  private holes = 0;
  /** Deleted streams: how, and the version of their tombstone. */
  private readonly deleted = new Map<string, { readonly mode: 'soft' | 'hard'; readonly version: number }>();
  private readonly byId = new Map<string, RecordedEvent>();
  /** With a registry: the validated, upcast event for each log entry, filled on first read. */
  private readonly decoded: (RecordedEvent | undefined)[] = [];
  /** With a registry: the same, per stream and by version, so stream reads find them directly. */
  private readonly decodedStreams = new Map<string, (RecordedEvent | undefined)[]>();
  private readonly registry: EventRegistry | undefined;
  private readonly shredder: CryptoShredder | undefined;

  /** @param options - An event registry to validate and upcast with, and a shredder for personal fields. */
  constructor(options: InMemoryEventStoreOptions = {}) {
    this.registry = options.registry ?? options.shredder?.registry;
    this.shredder = options.shredder;
  }

  async appendToStream(
    streamId: string,
    events: readonly DomainEvent[],
    options?: AppendOptions,
  ): Promise<AppendResult> {
    if (this.shredder === undefined) return this.appendNow(streamId, events, options);
    const prepared = await this.prepare(streamId, events, options);
    return this.appendNow(streamId, prepared.sealed, options, prepared);
  }

  /** Validates and seals an append's events before it runs (sealing waits for the key store). */
  private async prepare(
    streamId: string,
    events: readonly DomainEvent[],
    options: AppendOptions | undefined,
  ): Promise<Prepared> {
    const shredder = this.shredder as CryptoShredder;
    validateAppend(streamId, events, options);
    const plain = events.map((event, i) => this.record(event, i, streamId, 0, 0));
    const stored = events.flatMap((event) => this.byId.get(event.id) ?? []);
    const [sealed, opened] = await Promise.all([shredder.seal(plain), shredder.open(stored)]);
    return { sealed, plain, opened: new Map(opened.map((event) => [event.id, event])) };
  }

  /**
   * Appends events in a session's transaction: validated and checked now, appended when the
   * session commits (after checking the stream's version again). Sessions of an in-memory store
   * call it; use `appendToStream` directly.
   *
   * @param tx - The session's transaction.
   * @param streamId - The stream.
   * @param events - The events, in order.
   * @param expectedVersion - The version the stream must be at.
   * @throws {@link "tactical-ddd".ConcurrencyError | ConcurrencyError} when the stream is at another version.
   * @throws {@link DuplicateEventError} when an event id is already stored.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} when an event is invalid.
   */
  async appendInTransaction(
    tx: MemoryTransaction,
    streamId: string,
    events: readonly DomainEvent[],
    expectedVersion: number,
  ): Promise<void> {
    const expected = validateAppend(streamId, events, { expectedVersion });
    // Validates (and seals) every payload now, so that nothing can fail when the session applies.
    const prepared =
      this.shredder === undefined ? undefined : await this.prepare(streamId, events, { expectedVersion });
    if (prepared === undefined) {
      for (let i = 0; i < events.length; i++) this.record(events[i] as DomainEvent, i, streamId, 0, 0);
    }
    const check = (): void => {
      this.checkNotDeleted(streamId);
      checkExpectedVersion(streamId, expected, this.streams.get(streamId)?.length ?? 0);
      for (const event of events) {
        if (this.byId.has(event.id)) throw new DuplicateEventError(streamId, event.id, 'other_position');
      }
    };
    check();
    tx.stage({
      check,
      apply: () => void this.appendNow(streamId, prepared?.sealed ?? events, { expectedVersion }, prepared),
    });
  }

  private appendNow(
    streamId: string,
    events: readonly DomainEvent[],
    options?: AppendOptions,
    prepared?: Prepared,
  ): AppendResult {
    const expected = validateAppend(streamId, events, options);
    this.checkNotDeleted(streamId);
    const stream = this.streams.get(streamId);
    if (events.length > 0) {
      const retry = this.retried(streamId, events, prepared);
      if (retry !== undefined) {
        if (!retryMatches(expected, retry.firstVersion)) {
          throw new ConcurrencyError(streamId, expected, stream?.length ?? 0);
        }
        return retry.result;
      }
    }
    checkExpectedVersion(streamId, expected, stream?.length ?? 0);
    if (events.length === 0) return resultOf(stream);
    const target = stream ?? [];
    const first = target.length;
    const position = this.log.length;
    const recorded: RecordedEvent[] = new Array(events.length);
    for (let i = 0; i < events.length; i++) {
      recorded[i] = this.record(events[i] as DomainEvent, i, streamId, first + i + 1, position + i + 1, prepared);
    }
    for (const event of recorded) {
      target.push(event);
      this.log.push(event);
      this.byId.set(event.id, event);
    }
    if (stream === undefined) this.streams.set(streamId, target);
    if (this.registry !== undefined) {
      // Keep the caches dense (a sparse array falls back to slow dictionary lookups).
      let cache = this.decodedStreams.get(streamId);
      if (cache === undefined) {
        cache = [];
        this.decodedStreams.set(streamId, cache);
      }
      for (let i = 0; i < recorded.length; i++) {
        cache.push(undefined);
        this.decoded.push(undefined);
      }
    }
    return resultOf(target);
  }

  /**
   * The events with their personal fields sealed, as the outbox keeps them; without a shredder,
   * the events themselves. A store's sessions call it before they write anything.
   *
   * @param events - Validated events.
   * @returns The sealed events, in order.
   * @throws {@link "tactical-ddd/event-sourcing".SubjectForgottenError | SubjectForgottenError} when a subject was forgotten.
   */
  async sealForOutbox(events: readonly DomainEvent[]): Promise<readonly DomainEvent[]> {
    return this.shredder === undefined ? events : this.shredder.seal(events);
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<readonly RecordedEvent[]> {
    const { fromVersion, maxCount, backwards } = validateReadStream(streamId, options);
    this.checkNotDeleted(streamId);
    const stream = this.streams.get(streamId);
    if (stream === undefined || maxCount === 0) return [];
    if (this.shredder !== undefined) {
      // Opened on every read (never cached): once a subject is forgotten, the next read shows it.
      const from = backwards ? Math.min(fromVersion ?? stream.length, stream.length) : (fromVersion ?? 1) - 1;
      const slice = backwards
        ? stream.slice(Math.max(0, from - maxCount), from).reverse()
        : stream.slice(from, Math.min(stream.length, from + maxCount));
      return this.reveal(slice);
    }
    if (!backwards) {
      const start = (fromVersion ?? 1) - 1;
      const end = Math.min(stream.length, start + maxCount);
      if (this.registry === undefined) return stream.slice(start, end);
      const cache = this.decodedStreams.get(streamId) as (RecordedEvent | undefined)[];
      const out: RecordedEvent[] = [];
      for (let i = start; i < end; i++) {
        let event = cache[i];
        if (event === undefined) {
          event = this.decode(stream[i] as RecordedEvent);
          cache[i] = event;
        }
        out.push(event);
      }
      return out;
    }
    const cache = this.decodedStreams.get(streamId);
    const out: RecordedEvent[] = [];
    for (let i = Math.min(fromVersion ?? stream.length, stream.length) - 1; i >= 0 && out.length < maxCount; i--) {
      out.push(cache?.[i] ?? this.decode(stream[i] as RecordedEvent));
    }
    return out;
  }

  async readAll(options?: ReadAllOptions): Promise<readonly RecordedEvent[]> {
    const { fromPosition, maxCount } = validateReadAll(options);
    const log = this.log;
    if (fromPosition >= BigInt(log.length)) return [];
    const start = Number(fromPosition);
    let page: RecordedEvent[];
    if (this.holes === 0) page = log.slice(start, Math.min(log.length, start + maxCount)) as RecordedEvent[];
    else {
      // Hard deletes left holes: step over them.
      page = [];
      for (let i = start; i < log.length && page.length < maxCount; i++) {
        const event = log[i];
        if (event !== undefined) page.push(event);
      }
    }
    if (this.shredder !== undefined) return this.reveal(page);
    if (this.registry === undefined) return page;
    return page.map((event) => this.decode(event));
  }

  async getStreamMetadata(streamId: string): Promise<StreamMetadata> {
    checkStreamId('getStreamMetadata', streamId);
    const gone = this.deleted.get(streamId);
    if (gone !== undefined) return { streamId, version: gone.version, exists: false, deleted: gone.mode };
    const version = this.streams.get(streamId)?.length ?? 0;
    return { streamId, version, exists: version > 0 };
  }

  /**
   * Deletes a stream with a tombstone: `'soft'` keeps its events, `'hard'` drops them.
   *
   * @param streamId - The stream.
   * @param options - The mode and the expected version.
   * @returns The tombstone's version and the mode.
   * @throws {@link "tactical-ddd".ConcurrencyError | ConcurrencyError} when the stream is at another version.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} on a malformed stream id or option.
   */
  async deleteStream(streamId: string, options?: DeleteStreamOptions): Promise<DeleteStreamResult> {
    const { mode, expected } = validateDelete(streamId, options);
    const gone = this.deleted.get(streamId);
    if (gone !== undefined && (gone.mode === 'hard' || mode === 'soft')) {
      return { version: gone.version, deleted: gone.mode };
    }
    const stream = this.streams.get(streamId);
    const version = gone?.version ?? stream?.length ?? 0;
    if (gone === undefined) checkExpectedVersion(streamId, expected, version);
    if (stream === undefined || version === 0) return { version: 0, deleted: undefined };
    const next = version + 1;
    const tombstone = this.record(
      tombstoneOf(stream[stream.length - 1], streamId, next, mode),
      0,
      streamId,
      next,
      this.log.length + 1,
    );
    if (mode === 'hard') {
      for (const event of stream) {
        const index = Number(event.globalPosition) - 1;
        this.log[index] = undefined;
        if (this.decoded.length > index) this.decoded[index] = undefined;
        this.byId.delete(event.id);
      }
      this.holes += stream.length;
      this.streams.set(streamId, [tombstone]);
      this.decodedStreams.set(streamId, [undefined]);
    } else {
      stream.push(tombstone);
      this.decodedStreams.get(streamId)?.push(undefined);
    }
    this.log.push(tombstone);
    this.byId.set(tombstone.id, tombstone);
    if (this.registry !== undefined) this.decoded.push(undefined);
    this.deleted.set(streamId, { mode, version: next });
    return { version: next, deleted: mode };
  }

  private checkNotDeleted(streamId: string): void {
    const gone = this.deleted.get(streamId);
    if (gone !== undefined) throw new StreamDeletedError(streamId, gone.mode);
  }

  /**
   * The result of an earlier identical append and the version of its first event, or `undefined`
   * when none of the ids is stored.
   */
  private retried(
    streamId: string,
    events: readonly DomainEvent[],
    prepared: Prepared | undefined,
  ): { result: AppendResult; firstVersion: number } | undefined {
    let found = 0;
    for (const event of events) if (this.byId.has(event.id)) found++;
    if (found === 0) return undefined;
    if (found < events.length) {
      const first = events.find((event) => !this.byId.has(event.id)) as DomainEvent;
      throw new DuplicateEventError(streamId, first.id, 'partial_overlap');
    }
    const head = this.byId.get((events[0] as DomainEvent).id) as RecordedEvent;
    let last = head;
    for (let i = 0; i < events.length; i++) {
      const event = events[i] as DomainEvent;
      const stored = this.byId.get(event.id) as RecordedEvent;
      if (stored.streamId !== streamId || stored.version !== head.version + i) {
        throw new DuplicateEventError(streamId, event.id, 'other_position');
      }
      const same =
        prepared === undefined
          ? sameEnvelope(stored, this.record(event, i, streamId, stored.version, stored.globalPosition))
          : sameEnvelope(prepared.opened.get(event.id) ?? stored, prepared.plain[i] as DomainEvent);
      if (!same) {
        throw new DuplicateEventError(streamId, event.id, 'content_mismatch');
      }
      last = stored;
    }
    return {
      result: { nextExpectedVersion: last.version, lastGlobalPosition: last.globalPosition },
      firstVersion: head.version,
    };
  }

  /**
   * Validates the payload (with the registry) and copies the event as a frozen JSON value; a
   * prepared (validated, sealed) event is only copied.
   */
  private record(
    event: DomainEvent,
    index: number,
    streamId: string,
    version: number,
    position: number | bigint,
    prepared?: Prepared,
  ): RecordedEvent {
    const payload =
      this.registry === undefined || prepared !== undefined || event.type === STREAM_DELETED
        ? event.payload
        : parsePayloadAt(this.registry, event, index);
    return Object.freeze({
      id: event.id,
      type: event.type,
      schemaVersion: event.schemaVersion,
      aggregateId: event.aggregateId,
      aggregateVersion: event.aggregateVersion,
      occurredAt: event.occurredAt,
      payload: frozenJsonAt(payload, index, 'payload', this.registry === undefined),
      metadata: isEmpty(event.metadata)
        ? EMPTY
        : (frozenJsonAt(event.metadata, index, 'metadata') as DomainEvent['metadata']),
      streamId,
      version,
      globalPosition: BigInt(position),
    });
  }

  /** Opens the sealed fields of stored events and decodes them with the registry. */
  private async reveal(stored: readonly RecordedEvent[]): Promise<readonly RecordedEvent[]> {
    const registry = this.registry as EventRegistry;
    const opened = await (this.shredder as CryptoShredder).open(stored);
    return opened.map((event) => {
      if (event.type === STREAM_DELETED) return event;
      const { streamId, version, globalPosition, ...envelope } = event;
      return Object.freeze({ ...registry.parse(envelope), streamId, version, globalPosition });
    });
  }

  private decode(recorded: RecordedEvent): RecordedEvent {
    const registry = this.registry;
    if (registry === undefined || recorded.type === STREAM_DELETED) return recorded;
    const index = Number(recorded.globalPosition) - 1;
    const cached = this.decoded[index];
    if (cached !== undefined) return cached;
    const { streamId, version, globalPosition, ...envelope } = recorded;
    const decoded = Object.freeze({ ...registry.parse(envelope), streamId, version, globalPosition });
    this.decoded[index] = decoded;
    return decoded;
  }
}

const isEmpty = (value: object): boolean => {
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  for (const _ in value) return false;
  return true;
};

/** A payload or metadata as a frozen JSON value: kept as is when it already is one. */
const frozenJsonAt = (value: unknown, index: number, name: 'payload' | 'metadata', plain = false): unknown =>
  isFrozenJson(value) ? value : jsonAt(value, index, name, plain);

const resultOf = (stream: readonly RecordedEvent[] | undefined): AppendResult => {
  const last = stream?.[stream.length - 1];
  return last === undefined
    ? { nextExpectedVersion: 0, lastGlobalPosition: 0n }
    : { nextExpectedVersion: last.version, lastGlobalPosition: last.globalPosition };
};
