import { ConcurrencyError } from '../core/ConcurrencyError.js';
import type { DomainEvent } from '../core/DomainEvent.js';
import { EMPTY_METADATA } from '../core/emptyMetadata.js';
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
import { ColumnLog, EnvelopeLog, type EventLog } from './eventLogs.js';
import { jsonAt } from './jsonAt.js';
import { parsePayloadAt } from './parsePayloadAt.js';
import { checkStreamId, validateReadAll, validateReadStream } from './readOptions.js';
import { retryMatches } from './retryMatches.js';
import { StreamDeletedError } from './StreamDeletedError.js';
import { sameEnvelope } from './sameEnvelope.js';
import { STREAM_DELETED, tombstoneOf, validateDelete } from './streamTombstone.js';
import { isFrozenJson } from './toJsonValue.js';
import { validateAppend } from './validateAppend.js';
import { withContent } from './withContent.js';

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
  /**
   * Keeps events column by column instead of one frozen envelope each: about 200 bytes an event
   * instead of about 340 (on 64-bit Node, for small payloads), for stores that hold millions of
   * events. Reads then make each envelope they return (~60 ns an event), where the default
   * layout hands back the envelopes it keeps; an aggregate's load reads its stream a page at a
   * time, so it never holds more than one page of them. Reads return equal events either way.
   *
   * @example
   * ```ts
   * const archive = new InMemoryEventStore({ compact: true });
   * ```
   */
  readonly compact?: boolean;
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

/**
 * The embedded {@link EventStore}: streams kept in memory as frozen JSON values (one envelope
 * per event, or column by column with `compact`), as a durable store would keep them (what you
 * read back is what JSON carries, never the caller's objects; values JSON would mangle, such as
 * bigint, NaN or a `Map`, are refused). It honours the whole
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
  /** Every event, by global position (index + 1), as envelopes or in columns; a hard delete leaves a hole. */
  private readonly log: EventLog;
  /** Each stream's events: their log indexes, by version (index + 1). */
  private readonly streams = new Map<string, number[]>();
  private holes = 0;
  /** Deleted streams: how, and the version of their tombstone. */
  private readonly deleted = new Map<string, { readonly mode: 'soft' | 'hard'; readonly version: number }>();
  /** With a registry: the validated, upcast event for each log entry, filled on first read. */
  private readonly decoded: (RecordedEvent | undefined)[] = [];
  private readonly registry: EventRegistry | undefined;
  private readonly shredder: CryptoShredder | undefined;

  /** @param options - An event registry to validate and upcast with, and a shredder for personal fields. */
  constructor(options: InMemoryEventStoreOptions = {}) {
    this.registry = options.registry ?? options.shredder?.registry;
    this.shredder = options.shredder;
    this.log = options.compact === true ? new ColumnLog() : new EnvelopeLog();
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
    const plain = events.map((event, i) => this.checked(event, i));
    const stored = events.flatMap((event) => this.stored(event.id) ?? []);
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
      for (let i = 0; i < events.length; i++) this.checked(events[i] as DomainEvent, i);
    }
    const check = (): void => {
      this.checkNotDeleted(streamId);
      checkExpectedVersion(streamId, expected, this.streams.get(streamId)?.length ?? 0);
      for (const event of events) {
        if (this.log.find(event.id) >= 0) throw new DuplicateEventError(streamId, event.id, 'other_position');
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
    if (events.length === 0) return this.resultOf(stream);
    const target = stream ?? [];
    if (events.length === 1) {
      const event = events[0] as DomainEvent;
      this.push(target, event, this.payloadOf(event, 0, prepared), this.metadataOf(event, 0), streamId);
    } else {
      // Every payload is checked (and copied) before the first event is stored: all or nothing.
      const payloads: unknown[] = new Array(events.length);
      const metadata: DomainEvent['metadata'][] = new Array(events.length);
      for (let i = 0; i < events.length; i++) {
        payloads[i] = this.payloadOf(events[i] as DomainEvent, i, prepared);
        metadata[i] = this.metadataOf(events[i] as DomainEvent, i);
      }
      for (let i = 0; i < events.length; i++) {
        this.push(target, events[i] as DomainEvent, payloads[i], metadata[i] as DomainEvent['metadata'], streamId);
      }
    }
    if (stream === undefined) this.streams.set(streamId, target);
    return this.resultOf(target);
  }

  /** Stores a checked event (its payload and metadata as the store keeps them) at the end of the log and of its stream. */
  private push(
    stream: number[],
    event: DomainEvent,
    payload: unknown,
    metadata: DomainEvent['metadata'],
    streamId: string,
  ): number {
    const index = this.log.push(event, payload, metadata, streamId, stream.length + 1);
    stream.push(index);
    // Keep the cache dense (a sparse array falls back to slow dictionary lookups).
    if (this.registry !== undefined) this.decoded.push(undefined);
    return index;
  }

  /** The stored event with this id (its envelope, as reads return it), if any. */
  private stored(id: string): RecordedEvent | undefined {
    const index = this.log.find(id);
    return index < 0 ? undefined : this.log.at(index);
  }

  private resultOf(stream: number[] | undefined): AppendResult {
    return stream === undefined || stream.length === 0
      ? { nextExpectedVersion: 0, lastGlobalPosition: 0n }
      : {
          nextExpectedVersion: stream.length,
          lastGlobalPosition: this.log.position(stream[stream.length - 1] as number),
        };
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
    let out: RecordedEvent[] = [];
    if (!backwards) {
      const start = (fromVersion ?? 1) - 1;
      const end = Math.min(stream.length, start + maxCount);
      if (this.registry === undefined || this.shredder !== undefined) out = this.log.many(stream, start, end);
      else for (let v = start; v < end; v++) out.push(this.read(stream[v] as number));
    } else {
      for (let v = Math.min(fromVersion ?? stream.length, stream.length) - 1; v >= 0 && out.length < maxCount; v--) {
        out.push(this.read(stream[v] as number));
      }
    }
    // Opened on every read (never cached): once a subject is forgotten, the next read shows it.
    return this.shredder === undefined ? out : this.reveal(out);
  }

  async readAll(options?: ReadAllOptions): Promise<readonly RecordedEvent[]> {
    const { fromPosition, maxCount } = validateReadAll(options);
    const log = this.log;
    if (fromPosition >= BigInt(log.length)) return [];
    const page: RecordedEvent[] = [];
    if (this.holes === 0) {
      const end = Math.min(log.length, Number(fromPosition) + maxCount);
      for (let i = Number(fromPosition); i < end; i++) page.push(this.read(i));
    } else {
      // Hard deletes left holes: step over them.
      for (let i = Number(fromPosition); i < log.length && page.length < maxCount; i++) {
        if (log.idAt(i) !== undefined) page.push(this.read(i));
      }
    }
    return this.shredder === undefined ? page : this.reveal(page);
  }

  /**
   * The event at a log index as reads return it: decoded with the registry (once, then kept), or
   * as stored (sealed, with a shredder: reads open it).
   */
  private read(index: number): RecordedEvent {
    if (this.registry === undefined || this.shredder !== undefined) return this.log.at(index);
    let event = this.decoded[index];
    if (event === undefined) {
      event = this.decode(this.log.at(index));
      this.decoded[index] = event;
    }
    return event;
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
    const last = this.log.at(stream[stream.length - 1] as number);
    const tombstone = this.checked(tombstoneOf(last, streamId, next, mode), 0);
    if (mode === 'hard') {
      for (let v = 0; v < stream.length; v++) {
        const index = stream[v] as number;
        this.log.remove(index);
        if (this.decoded.length > index) this.decoded[index] = undefined;
      }
      this.holes += stream.length;
      const kept: number[] = [];
      this.streams.set(streamId, kept);
      // The tombstone takes the version after the dropped events.
      this.log.push(tombstone, tombstone.payload, tombstone.metadata, streamId, next);
      kept.push(this.log.length - 1);
      if (this.registry !== undefined) this.decoded.push(undefined);
    } else {
      this.push(stream, tombstone, tombstone.payload, tombstone.metadata, streamId);
    }
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
    for (const event of events) if (this.log.find(event.id) >= 0) found++;
    if (found === 0) return undefined;
    if (found < events.length) {
      const first = events.find((event) => this.log.find(event.id) < 0) as DomainEvent;
      throw new DuplicateEventError(streamId, first.id, 'partial_overlap');
    }
    const head = this.stored((events[0] as DomainEvent).id) as RecordedEvent;
    let last = head;
    for (let i = 0; i < events.length; i++) {
      const event = events[i] as DomainEvent;
      const stored = this.stored(event.id) as RecordedEvent;
      if (stored.streamId !== streamId || stored.version !== head.version + i) {
        throw new DuplicateEventError(streamId, event.id, 'other_position');
      }
      const same =
        prepared === undefined
          ? sameEnvelope(stored, this.checked(event, i))
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
   * The `index`-th event of an append as the store keeps it: its payload validated (with the
   * registry) and both payload and metadata as frozen JSON values.
   */
  private checked(event: DomainEvent, index: number): DomainEvent {
    return withContent(event, this.payloadOf(event, index, undefined), this.metadataOf(event, index));
  }

  /**
   * An event's payload validated with the registry and as a frozen JSON value (kept as it is when
   * it already is one); a prepared (validated, sealed) payload is only copied.
   */
  private payloadOf(event: DomainEvent, index: number, prepared: Prepared | undefined): unknown {
    const payload =
      this.registry === undefined || prepared !== undefined || event.type === STREAM_DELETED
        ? event.payload
        : parsePayloadAt(this.registry, event, index);
    return frozenJsonAt(payload, index, 'payload', this.registry === undefined);
  }

  /** An event's metadata as a frozen JSON value; empty metadata is one shared object. */
  private metadataOf(event: DomainEvent, index: number): DomainEvent['metadata'] {
    return isEmpty(event.metadata)
      ? EMPTY_METADATA
      : (frozenJsonAt(event.metadata, index, 'metadata') as DomainEvent['metadata']);
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

  /** An event decoded with the registry (validated, upcast), with its place in the store. */
  private decode(recorded: RecordedEvent): RecordedEvent {
    const registry = this.registry;
    if (registry === undefined || recorded.type === STREAM_DELETED) return recorded;
    const { streamId, version, globalPosition, ...envelope } = recorded;
    return Object.freeze({ ...registry.parse(envelope), streamId, version, globalPosition });
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
