import { ConcurrencyError } from '../core/ConcurrencyError.js';
import type { DomainEvent } from '../core/DomainEvent.js';
import type { SessionEventStore } from '../core/SessionEventStore.js';
import { ValidationError } from '../core/ValidationError.js';
import type { CryptoShredder } from '../event-sourcing/CryptoShredder.js';
import { checkExpectedVersion } from '../event-sourcing/checkExpectedVersion.js';
import { DuplicateEventError } from '../event-sourcing/DuplicateEventError.js';
import type { EventRegistry } from '../event-sourcing/EventRegistry.js';
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
} from '../event-sourcing/EventStore.js';
import { jsonAt } from '../event-sourcing/jsonAt.js';
import { parsePayloadAt } from '../event-sourcing/parsePayloadAt.js';
import { checkStreamId, validateReadAll, validateReadStream } from '../event-sourcing/readOptions.js';
import { retryMatches } from '../event-sourcing/retryMatches.js';
import { StreamDeletedError } from '../event-sourcing/StreamDeletedError.js';
import { sameEnvelope } from '../event-sourcing/sameEnvelope.js';
import { STREAM_DELETED, validateDelete } from '../event-sourcing/streamTombstone.js';
import { validateAppend } from '../event-sourcing/validateAppend.js';
import { withContent } from '../event-sourcing/withContent.js';
import { EventsTable, type StoredEvent } from './EventsTable.js';
import type { SqlClient } from './SqlClient.js';
import { sqlIdentifier } from './sqlIdentifier.js';

/**
 * The options of a {@link PostgresEventStore}.
 *
 * @example
 * ```ts
 * const options: PostgresEventStoreOptions = { client, schema: 'bank', registry, readAllWaitMs: 500 };
 * ```
 */
export interface PostgresEventStoreOptions {
  /** The database (or a client bound to a transaction). */
  readonly client: SqlClient;
  /** The schema {@link migrate} created the tables in; default `'public'`. */
  readonly schema?: string;
  /**
   * Validates payloads on append and validates and upcasts stored events on read (a payload
   * schema's output, such as a `Money`, reads back as that output). Without one, payloads must be
   * plain JSON: a value only its `toJSON` makes JSON is refused (`registry_required`).
   */
  readonly registry?: EventRegistry;
  /**
   * Seals the personal fields of events before they are written and opens them on read (its
   * registry is used when `registry` is omitted); once a subject is forgotten, its fields read as
   * `null`. A {@link postgresStore} gives it to its outbox too.
   */
  readonly shredder?: CryptoShredder;
  /**
   * How long `readAll` waits, at most, for older transactions that hold back newer commits
   * before returning what is safe to read (default 1000 ms; 0 never waits).
   */
  readonly readAllWaitMs?: number;
}

/**
 * An {@link "tactical-ddd/event-sourcing".EventStore | EventStore} on PostgreSQL or PGlite, with the same SQL on both, passing the
 * whole `eventStoreConformance` suite.
 *
 * - An append is one statement that checks the expected version and writes the batch, or writes
 *   nothing (no SQL error, so a surrounding unit of work is not aborted): of concurrent appenders
 *   of the same version exactly one wins, and the others get a `ConcurrencyError` with the
 *   expected and actual versions. A retry of stored events returns the first result.
 * - `readAll` never passes an event whose transaction commits late: it reads only below the
 *   oldest transaction still running, and waits up to `readAllWaitMs` for older transactions
 *   that hold newer commits back. A global position packs the writing transaction's id with the
 *   row's number: a large `bigint` that only ever grows for a reader, hence a safe checkpoint.
 * - In a {@link postgresStore}, event-sourced aggregates append in the session's transaction,
 *   with the other aggregates and the outbox.
 *
 * @example
 * ```ts
 * const store = new PostgresEventStore({ client, schema: 'bank', registry });
 * await store.appendToStream('account-1', [opened], { expectedVersion: 'no_stream' });
 * const history = await store.readStream('account-1');
 * const next = await store.readAll({ fromPosition: checkpoint, maxCount: 500 });
 * ```
 */
export class PostgresEventStore implements EventStore, SessionEventStore<SqlClient> {
  /** The schema that holds its tables. */
  readonly schema: string;
  private readonly options: PostgresEventStoreOptions;
  private readonly client: SqlClient;
  private readonly table: EventsTable;
  private readonly registry: EventRegistry | undefined;
  private readonly shredder: CryptoShredder | undefined;
  private readonly waitMs: number;

  /**
   * @param options - The client, the schema, the event registry and the read wait.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} when `schema` is not a plain SQL identifier or `readAllWaitMs` is negative.
   */
  constructor(options: PostgresEventStoreOptions) {
    this.options = options;
    this.client = options.client;
    this.schema = sqlIdentifier(options.schema ?? 'public', 'PostgresEventStoreOptions', 'schema');
    this.table = new EventsTable(this.schema);
    this.registry = options.registry ?? options.shredder?.registry;
    this.shredder = options.shredder;
    const waitMs = options.readAllWaitMs ?? 1000;
    if (!Number.isSafeInteger(waitMs) || waitMs < 0) {
      throw ValidationError.of(
        'PostgresEventStoreOptions',
        'readAllWaitMs',
        'invalid_wait',
        'readAllWaitMs must be a non-negative integer',
      );
    }
    this.waitMs = waitMs;
  }

  /**
   * Returns this store working through `client`, typically a client bound to a transaction.
   *
   * @param client - The client to use.
   * @returns A store with the same options on `client`.
   */
  withClient(client: SqlClient): PostgresEventStore {
    const shredder = this.options.shredder?.through(client);
    return new PostgresEventStore({ ...this.options, client, ...(shredder === undefined ? {} : { shredder }) });
  }

  /**
   * This store reading and writing through `tx` (a client bound to a transaction): what a session
   * opened `within` that transaction loads through.
   *
   * @param tx - The client bound to the transaction.
   * @returns The store on `tx`.
   */
  through(tx: SqlClient): this {
    return this.withClient(tx) as this;
  }

  /**
   * Appends events in a session's transaction (`tx` is the client bound to it), checking that the
   * stream is at `expectedVersion`. Sessions of a {@link postgresStore} call it; use
   * `appendToStream` directly.
   *
   * @param tx - The client bound to the session's transaction.
   * @param streamId - The stream.
   * @param events - The events, in order.
   * @param expectedVersion - The version the stream must be at.
   * @throws {@link "tactical-ddd".ConcurrencyError | ConcurrencyError} when it is not; nothing is written.
   */
  async appendInTransaction(
    tx: SqlClient,
    streamId: string,
    events: readonly DomainEvent[],
    expectedVersion: number,
  ): Promise<void> {
    await this.withClient(tx).appendToStream(streamId, events, { expectedVersion });
  }

  /**
   * Appends events to a stream in one statement, if its version matches `expectedVersion`.
   *
   * @param streamId - The stream.
   * @param events - The events, in order.
   * @param options - The expected version (`'any'` when omitted).
   * @returns The stream's new version and the global position of its last event.
   * @throws {@link "tactical-ddd".ConcurrencyError | ConcurrencyError} when the version does not match; nothing is written.
   * @throws {@link "tactical-ddd/event-sourcing".DuplicateEventError | DuplicateEventError} when event ids are reused other than in a retry.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} on a malformed stream id, option or event.
   */
  async appendToStream(
    streamId: string,
    events: readonly DomainEvent[],
    options?: AppendOptions,
  ): Promise<AppendResult> {
    const expected = validateAppend(streamId, events, options);
    if (events.length === 0) {
      const state = await this.table.streamState(this.client, streamId);
      if (state.deleted !== undefined) throw new StreamDeletedError(streamId, state.deleted);
      checkExpectedVersion(streamId, expected, state.version);
      return { nextExpectedVersion: state.version, lastGlobalPosition: state.lastPosition };
    }
    const records = events.map((event, index) => this.record(event, index));
    const sealed = this.shredder === undefined ? records : await this.shredder.seal(records);
    const outcome = await this.table.append(this.client, streamId, sealed, expected);
    if (outcome.kind === 'appended')
      return { nextExpectedVersion: outcome.version, lastGlobalPosition: outcome.lastPosition };
    // Nothing was written: a retry of stored events, a reused id, or a version conflict.
    const found = await this.table.findByIds(
      this.client,
      records.map((event) => event.id),
    );
    // A retry compares content in clear: each seal of the same value differs (a fresh IV).
    const stored = this.shredder === undefined ? found : await this.shredder.open(found);
    if (stored.length > 0) {
      const retry = retried(streamId, records, stored);
      if (retryMatches(expected, retry.firstVersion)) return retry.result;
    }
    const { version, deleted } = await this.table.streamState(this.client, streamId);
    if (deleted !== undefined) throw new StreamDeletedError(streamId, deleted);
    checkExpectedVersion(streamId, expected, version);
    // The stream moved between the statement and the check: report the conflict as it was seen.
    throw new ConcurrencyError(streamId, expected, version);
  }

  /**
   * Reads a stream's events in version order (or backwards); a missing stream reads as `[]`.
   *
   * @param streamId - The stream.
   * @param options - The first version, the most events and the direction.
   * @returns The recorded events, validated and upcast by the registry.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} on a malformed option or a stored event that breaks its schema.
   */
  /**
   * The events with their personal fields sealed, as the outbox keeps them; without a shredder,
   * the events themselves. A store's sessions call it before they write anything.
   *
   * @param events - Validated events.
   * @param tx - The client bound to the session's transaction (its key store may join it).
   * @returns The sealed events, in order.
   * @throws {@link "tactical-ddd/event-sourcing".SubjectForgottenError | SubjectForgottenError} when a subject was forgotten.
   */
  async sealForOutbox(events: readonly DomainEvent[], tx?: SqlClient): Promise<readonly DomainEvent[]> {
    const shredder = tx === undefined ? this.shredder : this.shredder?.through(tx);
    return shredder === undefined ? events : shredder.seal(events);
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<readonly RecordedEvent[]> {
    const { fromVersion, maxCount, backwards } = validateReadStream(streamId, options);
    if (maxCount === 0) return [];
    const rows = await this.table.readStream(this.client, streamId, {
      ...(fromVersion === undefined ? {} : { fromVersion }),
      ...(maxCount === Number.POSITIVE_INFINITY ? {} : { maxCount }),
      backwards,
    });
    return this.decodeAll(rows);
  }

  /**
   * Reads events of every stream strictly after `fromPosition`, never passing one that an older
   * running transaction could still precede.
   *
   * @param options - The checkpoint and the most events.
   * @returns The recorded events, in the order readers see them.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} on a malformed option or stored event.
   */
  async readAll(options?: ReadAllOptions): Promise<readonly RecordedEvent[]> {
    const { fromPosition, maxCount } = validateReadAll(options);
    if (maxCount === 0) return [];
    const rows = await this.table.readAll(
      this.client,
      fromPosition,
      maxCount === Number.POSITIVE_INFINITY ? undefined : maxCount,
      this.waitMs,
    );
    return this.decodeAll(rows);
  }

  /**
   * Tells a stream's version (0 when it does not exist).
   *
   * @param streamId - The stream.
   * @returns Its id, version and whether it exists.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} on a malformed stream id.
   */
  async getStreamMetadata(streamId: string): Promise<StreamMetadata> {
    checkStreamId('getStreamMetadata', streamId);
    const { version, deleted } = await this.table.streamState(this.client, streamId);
    return deleted === undefined
      ? { streamId, version, exists: version > 0 }
      : { streamId, version, exists: false, deleted };
  }

  /**
   * Deletes a stream in one transaction: `'soft'` appends a `$StreamDeleted` tombstone and keeps
   * the events; `'hard'` removes the events (`DELETE`) and leaves the tombstone. Either way the
   * stream then refuses appends and reads.
   *
   * @param streamId - The stream.
   * @param options - The mode (`'soft'` by default) and the expected version.
   * @returns The tombstone's version and the mode.
   * @throws {@link "tactical-ddd".ConcurrencyError | ConcurrencyError} when the stream is at another version; nothing is deleted.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} on a malformed stream id or option.
   */
  async deleteStream(streamId: string, options?: DeleteStreamOptions): Promise<DeleteStreamResult> {
    const { mode, expected } = validateDelete(streamId, options);
    return this.table.deleteStream(this.client, streamId, mode, expected);
  }

  /** The event as it will be stored: its payload validated by the registry, JSON only. */
  private record(event: DomainEvent, index: number): DomainEvent {
    const payload = this.registry === undefined ? event.payload : parsePayloadAt(this.registry, event, index);
    return withContent(
      event,
      jsonAt(payload, index, 'payload', this.registry === undefined),
      jsonAt(event.metadata, index, 'metadata') as DomainEvent['metadata'],
    );
  }

  /** Opens the sealed fields of stored rows (with a shredder) and decodes them. */
  private async decodeAll(rows: readonly StoredEvent[]): Promise<readonly RecordedEvent[]> {
    const opened = this.shredder === undefined ? rows : await this.shredder.open(rows);
    return opened.map((row) => this.decode(row));
  }

  private decode(row: StoredEvent): RecordedEvent {
    // Rows are fresh objects: without a registry they are handed out as they are, frozen.
    if (this.registry === undefined || row.type === STREAM_DELETED) return Object.freeze(row);
    const { streamId, version, globalPosition, ...envelope } = row;
    return Object.freeze({ ...this.registry.parse(envelope), streamId, version, globalPosition });
  }
}

/**
 * Decides what an append whose ids are (partly) stored is: the same events again (with the first
 * result and the version of the first of them), or a `DuplicateEventError`.
 */
function retried(
  streamId: string,
  events: readonly DomainEvent[],
  stored: readonly StoredEvent[],
): { result: AppendResult; firstVersion: number } {
  const byId = new Map(stored.map((event) => [event.id, event]));
  const missing = events.find((event) => !byId.has(event.id));
  if (missing !== undefined) throw new DuplicateEventError(streamId, missing.id, 'partial_overlap');
  const head = byId.get((events[0] as DomainEvent).id) as StoredEvent;
  let last = head;
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as DomainEvent;
    const found = byId.get(event.id) as StoredEvent;
    if (found.streamId !== streamId || found.version !== head.version + i) {
      throw new DuplicateEventError(streamId, event.id, 'other_position');
    }
    if (!sameEnvelope(found, event)) throw new DuplicateEventError(streamId, event.id, 'content_mismatch');
    last = found;
  }
  return {
    result: { nextExpectedVersion: last.version, lastGlobalPosition: last.globalPosition },
    firstVersion: head.version,
  };
}
