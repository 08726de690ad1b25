import type { AggregateChange, AggregateStore, AnyAggregate } from './AggregateStore.js';
import { addEntryMetadata } from './addMetadata.js';
import type { Criteria } from './Criteria.js';
import { checkDueTime } from './checkDueTime.js';
import type { DomainEvent, EventMetadata } from './DomainEvent.js';
import { deepEqual } from './deepEqual.js';
import { EMPTY_METADATA } from './emptyMetadata.js';
import { NotFoundError } from './NotFoundError.js';
import { newEventId } from './newEventId.js';
import type { CommitSummary, Observer } from './Observer.js';
import type { Outbox, OutboxCommand, OutboxEntry } from './Outbox.js';
import { observe } from './observe.js';
import type { Page } from './Page.js';
import type { Repository } from './Repository.js';
import type { EventSourcedDefinition, SessionEventStore } from './SessionEventStore.js';
import type { SessionParticipant } from './SessionParticipant.js';
import { StaleVersionError } from './StaleVersionError.js';
import type { LoadOptions, Session, SessionRepository, Store, TransactionOptions } from './Store.js';
import { stampEvent } from './stampEvent.js';
import type { StateStoredDefinition } from './stateStored.js';
import { isUnstorableText, UNSTORABLE_MESSAGE } from './storableText.js';
import { TransactionClosedError } from './TransactionClosedError.js';
import { ValidationError } from './ValidationError.js';

/** What a store is made of, below the sessions: its transaction, outbox and event store. @internal */
export interface StoreBackend<TTransaction> {
  /** The store's name in errors (`'inMemoryStore'`). */
  readonly name: string;
  /** Runs a commit's writes as one atomic transaction, or inside `within` when given. */
  commit(write: (tx: TTransaction) => Promise<void>, within: TTransaction | undefined): Promise<void>;
  /** Adds outbox entries in the transaction; `undefined` when the store has no outbox. */
  readonly addToOutbox: ((tx: TTransaction, entries: readonly OutboxEntry[]) => Promise<void>) | undefined;
  /** Drops scheduled messages still waiting for their due time, in the transaction (ids unknown or due are ignored). */
  readonly cancelScheduled?: (tx: TTransaction, ids: readonly string[]) => Promise<void>;
  /** The outbox relays read. */
  readonly outbox: Outbox | undefined;
  /** The event store event-sourced aggregates are bound to. */
  readonly eventStore: SessionEventStore<TTransaction> | undefined;
  /** Makes the aggregate store of a state-stored kind. */
  stateStored(definition: StateStoredDefinition<AnyAggregate, unknown>): AggregateStore<AnyAggregate, TTransaction>;
  /** Makes transaction ids. */
  readonly generateId?: () => string;
  /** Observes the sessions' commits. */
  readonly observer?: Observer | undefined;
}

const RESERVED = new Set([
  'transaction',
  'outbox',
  'eventStore',
  'metadata',
  'send',
  'publish',
  'schedule',
  'cancel',
  'join',
  'close',
]);

type AnyStore<TTransaction> = AggregateStore<AnyAggregate, TTransaction>;

/**
 * Builds a store from its backend and its `aggregates`: the one coordinator of every store's
 * sessions (identity map, change detection, version checks, outbox, rollback). @internal
 */
export function createStore<TAggregates, TTransaction>(
  backend: StoreBackend<TTransaction>,
  aggregates: TAggregates,
  extra: Readonly<Record<string, unknown>> = {},
): Store<TAggregates, TTransaction> {
  if (typeof aggregates !== 'object' || aggregates === null || Array.isArray(aggregates)) {
    throw ValidationError.of(
      backend.name,
      'aggregates',
      'invalid_type',
      'aggregates must be an object of aggregate kinds',
    );
  }
  const kinds = new Map<string, AnyStore<TTransaction>>();
  for (const [key, definition] of Object.entries(aggregates as Record<string, unknown>)) {
    if (RESERVED.has(key)) {
      throw ValidationError.of(
        backend.name,
        `aggregates.${key}`,
        'reserved_name',
        `${key} is a name the store keeps for itself`,
      );
    }
    const store = bind(backend, key, definition);
    if (backend.addToOutbox === undefined && !isEventSourced(definition)) {
      throw ValidationError.of(
        backend.name,
        `aggregates.${key}`,
        'no_outbox',
        `${store.name} keeps only its state: without an outbox its events would be lost. Give the store an outbox, or make ${key} event-sourced`,
      );
    }
    kinds.set(key, store);
  }
  const coordinator = new Coordinator(backend, kinds);
  const result: Record<string, unknown> = {
    ...extra,
    outbox: backend.outbox,
    transaction: <TResult>(
      work: (session: Session<TAggregates, TTransaction>) => TResult | Promise<TResult>,
      options?: TransactionOptions<TTransaction>,
    ) => coordinator.transaction(work as (session: unknown) => TResult | Promise<TResult>, options),
  };
  for (const [key, store] of kinds) result[key] = coordinator.repository(store);
  return Object.freeze(result) as Store<TAggregates, TTransaction>;
}

function isEventSourced(definition: unknown): boolean {
  return (definition as { kind?: unknown }).kind === 'event-sourced';
}

function bind<TTransaction>(
  backend: StoreBackend<TTransaction>,
  key: string,
  definition: unknown,
): AnyStore<TTransaction> {
  const candidate = (typeof definition === 'object' && definition !== null ? definition : {}) as Record<
    string,
    unknown
  >;
  if (candidate.kind === 'state-stored') {
    return backend.stateStored(definition as StateStoredDefinition<AnyAggregate, unknown>);
  }
  if (candidate.kind === 'event-sourced' && typeof candidate.bind === 'function') {
    return (definition as EventSourcedDefinition<AnyAggregate>).bind(backend.eventStore);
  }
  if (
    typeof candidate.load === 'function' &&
    typeof candidate.write === 'function' &&
    typeof candidate.name === 'string'
  ) {
    return definition as AnyStore<TTransaction>;
  }
  throw ValidationError.of(
    backend.name,
    `aggregates.${key}`,
    'invalid_definition',
    'an aggregate kind is stateStored(...), eventSourced(...) or an AggregateStore (name, load, write)',
  );
}

/** One aggregate a session tracks. */
interface Entry {
  readonly store: AnyStore<unknown>;
  readonly aggregate: AnyAggregate;
  /** What `fingerprint` gave at load; `undefined` when the store has none. */
  readonly fingerprint: unknown;
  state: 'loaded' | 'added' | 'removed' | 'forced';
}

/** The sessions' shared logic. */
class Coordinator<TTransaction> {
  constructor(
    private readonly backend: StoreBackend<TTransaction>,
    private readonly kinds: ReadonlyMap<string, AnyStore<TTransaction>>,
  ) {}

  async transaction<TResult>(
    work: (session: unknown) => TResult | Promise<TResult>,
    options: TransactionOptions<TTransaction> = {},
  ): Promise<TResult> {
    const session = new StoreSession(this.backend, this.kinds, checkMetadata(options.metadata), options.within);
    let result: TResult;
    try {
      result = await work(session.api);
    } catch (error) {
      session.close();
      throw error;
    }
    await session.commit();
    return result;
  }

  /** A repository outside sessions: reads straight from the store, each write a session of its own. */
  repository(store: AnyStore<TTransaction>): Repository<AnyAggregate> {
    const run = (write: (session: StoreSession<TTransaction>) => void): Promise<void> => {
      const session = new StoreSession(this.backend, this.kinds, EMPTY_METADATA, undefined);
      try {
        write(session);
      } catch (error) {
        session.close();
        return Promise.reject(error);
      }
      return session.commit();
    };
    return {
      findById: async (id) => store.load(checkId(store, id)),
      getById: async (id) => {
        const found = await store.load(checkId(store, id));
        if (found === undefined) throw new NotFoundError(store.name, id);
        return found;
      },
      save: (aggregate) => run((session) => session.track(store, checkAggregate(store, aggregate), 'forced')),
      delete: (aggregate) =>
        run((session) => {
          session.track(store, checkAggregate(store, aggregate), 'removed');
        }),
      findAll: async (criteria, page = {}) => queryable(store, 'findAll').findAll(criteria, page),
      count: async (criteria) => queryable(store, 'count').count(criteria),
    } satisfies Repository<AnyAggregate> as Repository<AnyAggregate>;
  }
}

/** One session: its identity map, its messages and participants, and its commit. */
class StoreSession<TTransaction> {
  readonly api: Record<string, unknown>;
  private status: 'open' | 'committing' | 'committed' | 'rolled_back' = 'open';
  readonly entries = new Map<AnyStore<unknown>, Map<string, Entry>>();
  private readonly order: Entry[] = [];
  readonly loading = new Map<AnyStore<unknown>, Map<string, Promise<AnyAggregate | undefined>>>();
  private readonly messages: OutboxEntry[] = [];
  private readonly cancels: string[] = [];
  private readonly participants: SessionParticipant<TTransaction>[] = [];
  /** The session's id, made when first needed (an error names it). */
  private madeId: string | undefined;

  constructor(
    private readonly backend: StoreBackend<TTransaction>,
    kinds: ReadonlyMap<string, AnyStore<TTransaction>>,
    private readonly metadata: EventMetadata,
    readonly within: TTransaction | undefined,
  ) {
    const api: Record<string, unknown> = {
      metadata,
      send: (command: OutboxCommand) => this.send(command),
      publish: (event: DomainEvent) => this.publish(event),
      schedule: (at: Date, message: OutboxCommand | DomainEvent) => this.schedule(at, message),
      cancel: (messageId: string) => this.cancel(messageId),
      join: (participant: SessionParticipant<TTransaction>) => this.join(participant),
    };
    for (const [key, store] of kinds) api[key] = new SessionRepo(this, store);
    this.api = api;
  }

  /** Tracks an aggregate handed in from outside the session (a repository's `save`/`delete`). */
  track(store: AnyStore<TTransaction>, aggregate: AnyAggregate, state: 'forced' | 'removed'): void {
    this.remember(store, aggregate, state);
  }

  close(): void {
    if (this.status === 'open') this.status = 'rolled_back';
  }

  commit(): Promise<void> {
    this.checkOpen();
    this.status = 'committing';
    const { observer, name } = this.backend;
    const hook = observer?.commit;
    if (hook === undefined) return this.write(undefined).then(() => undefined);
    const session = { store: name, metadata: this.metadata };
    return observe(
      name,
      () => hook.call(observer, session),
      (extra) => this.write(extra),
      (summary) => summary,
    ).then(() => undefined);
  }

  /** Writes the session's changes (with `extra` metadata from an observer on its events and messages). */
  private async write(extra: EventMetadata | undefined): Promise<CommitSummary> {
    const metadata = extra === undefined ? this.metadata : Object.freeze({ ...this.metadata, ...extra });
    const changes: { readonly entry: Entry; readonly change: AggregateChange }[] = [];
    const outbox: OutboxEntry[] = [];
    try {
      for (const entry of this.order) {
        const change = this.changeOf(entry, metadata);
        if (change === undefined) continue;
        changes.push({ entry, change });
        for (const event of change.events) outbox.push({ kind: 'event', event });
      }
      if (extra === undefined) outbox.push(...this.messages);
      else for (const message of this.messages) outbox.push(addEntryMetadata(message, extra));
      const { cancels } = this;
      if (changes.length > 0 || outbox.length > 0 || this.participants.length > 0 || cancels.length > 0) {
        const { addToOutbox, cancelScheduled } = this.backend;
        await this.backend.commit(async (tx) => {
          for (const { entry, change } of changes) await entry.store.write(tx, entry.aggregate, change);
          for (const participant of this.participants) await participant.flush(tx);
          if (outbox.length > 0 && addToOutbox !== undefined) await addToOutbox(tx, await this.seal(outbox, tx));
          // After the adds: a message scheduled and cancelled in one session is never stored.
          if (cancels.length > 0 && cancelScheduled !== undefined) await cancelScheduled(tx, cancels);
        }, this.within);
      }
    } catch (error) {
      this.status = 'rolled_back';
      throw error;
    }
    this.status = 'committed';
    for (const { entry, change } of changes) {
      entry.aggregate.pullEvents();
      if (change.kind !== 'delete') entry.aggregate.markPersisted(change.nextVersion);
    }
    for (const { entry, change } of changes) {
      if (entry.store.committed === undefined) continue;
      try {
        await entry.store.committed(entry.aggregate, change);
      } catch {
        // A hook after the commit cannot undo it: the store reports its own errors.
      }
    }
    for (const participant of this.participants) {
      try {
        participant.committed?.();
      } catch {
        // As above.
      }
    }
    return {
      aggregates: changes.map(({ entry, change }) => ({
        type: entry.store.name,
        id: entry.aggregate.id,
        version: change.nextVersion,
        change: change.kind,
        events: change.events.length,
      })),
      messages: outbox.length,
    };
  }

  /** The outbox entries with the personal fields of their events sealed, in the commit's transaction. */
  private async seal(outbox: readonly OutboxEntry[], tx: TTransaction): Promise<readonly OutboxEntry[]> {
    const { eventStore } = this.backend;
    if (eventStore?.sealForOutbox === undefined) return outbox;
    const at: number[] = [];
    for (let i = 0; i < outbox.length; i++) if ((outbox[i] as OutboxEntry).kind === 'event') at.push(i);
    if (at.length === 0) return outbox;
    const events = at.map((i) => (outbox[i] as { readonly event: DomainEvent }).event);
    const sealed = await eventStore.sealForOutbox(events, tx);
    const out = [...outbox];
    // The entry keeps everything else it carries (a scheduled message's `dueAt`).
    for (let k = 0; k < at.length; k++) {
      const i = at[k] as number;
      out[i] = { ...(outbox[i] as OutboxEntry & { kind: 'event' }), event: sealed[k] as DomainEvent };
    }
    return out;
  }

  /** What to write for a tracked aggregate at commit, if anything. */
  private changeOf(entry: Entry, metadata: EventMetadata): AggregateChange | undefined {
    const { aggregate, store } = entry;
    const pending = aggregate.pendingEvents;
    const events: DomainEvent[] = new Array(pending.length);
    for (let i = 0; i < pending.length; i++) events[i] = stampEvent(pending[i] as DomainEvent, metadata);
    const expected = aggregate.persistedVersion;
    const next = events.length > 0 ? aggregate.version : expected + 1;
    switch (entry.state) {
      case 'removed':
        return { kind: 'delete', expectedVersion: expected, nextVersion: expected, events };
      case 'added':
        if (events.length === 0 && store.fingerprint === undefined) return undefined;
        return { kind: 'insert', expectedVersion: 0, nextVersion: next, events };
      case 'forced':
        if (events.length === 0 && store.fingerprint === undefined) return undefined;
        return { kind: expected === 0 ? 'insert' : 'update', expectedVersion: expected, nextVersion: next, events };
      case 'loaded': {
        const changed =
          events.length > 0 ||
          (store.fingerprint !== undefined && !deepEqual(entry.fingerprint, store.fingerprint(aggregate)));
        return changed ? { kind: 'update', expectedVersion: expected, nextVersion: next, events } : undefined;
      }
    }
  }

  /** Loads once per id, even when two loads of the same id overlap. */
  load(store: AnyStore<TTransaction>, id: string): Promise<AnyAggregate | undefined> {
    let loads = this.loading.get(store);
    if (loads === undefined) {
      loads = new Map();
      this.loading.set(store, loads);
    }
    let loading = loads.get(id);
    if (loading === undefined) {
      loading = this.within === undefined ? store.load(id) : store.load(id, this.within);
      // Its first awaiter deletes it (in `find`), once the aggregate is in the identity map.
      loads.set(id, loading);
    }
    return loading;
  }

  remember(store: AnyStore<TTransaction>, aggregate: AnyAggregate, state: Entry['state']): Entry {
    let byId = this.entries.get(store);
    if (byId === undefined) {
      byId = new Map();
      this.entries.set(store, byId);
    }
    if (byId.has(aggregate.id)) {
      throw ValidationError.of(
        store.name,
        'aggregate',
        'already_in_session',
        `${store.name} ${aggregate.id} is already in this session`,
      );
    }
    const fingerprint = state === 'loaded' ? store.fingerprint?.(aggregate) : undefined;
    const entry: Entry = { store: store as AnyStore<unknown>, aggregate, fingerprint, state };
    byId.set(aggregate.id, entry);
    this.order.push(entry);
    return entry;
  }

  private send(command: OutboxCommand): void {
    this.checkOpen();
    this.requireOutbox('send');
    const checked = checkMessage('command', command);
    this.messages.push({
      kind: 'command',
      command: stampEvent(checked as DomainEvent, this.metadata) as OutboxCommand,
    });
  }

  private publish(event: DomainEvent): void {
    this.checkOpen();
    this.requireOutbox('publish');
    checkMessage('event', event);
    this.messages.push({ kind: 'event', event: stampEvent(event, this.metadata) });
  }

  private schedule(at: Date, message: OutboxCommand | DomainEvent): string {
    this.checkOpen();
    this.requireOutbox('schedule');
    const dueAt = checkDueTime('Session schedule', at, Date.now());
    const candidate = message as Partial<DomainEvent> | null;
    const isEvent =
      typeof candidate === 'object' && candidate !== null && 'schemaVersion' in candidate && 'aggregateId' in candidate;
    const kind = isEvent ? 'event' : 'command';
    const checked = checkMessage(kind, message);
    const stamped = stampEvent(checked as DomainEvent, this.metadata);
    this.messages.push(
      kind === 'event' ? { kind, event: stamped, dueAt } : { kind, command: stamped as OutboxCommand, dueAt },
    );
    return checked.id;
  }

  private cancel(messageId: string): void {
    this.checkOpen();
    this.requireOutbox('cancel');
    if (typeof messageId !== 'string' || messageId.length === 0) {
      throw ValidationError.of('Session cancel', 'messageId', 'required', 'cancel takes the id schedule returned');
    }
    this.cancels.push(messageId);
  }

  private join(participant: SessionParticipant<TTransaction>): void {
    this.checkOpen();
    if (typeof participant !== 'object' || participant === null || typeof participant.flush !== 'function') {
      throw ValidationError.of(
        'Session',
        'participant',
        'invalid_participant',
        'a participant has a flush(tx) function',
      );
    }
    this.participants.push(participant);
  }

  private requireOutbox(action: string): void {
    if (this.backend.addToOutbox === undefined) {
      throw ValidationError.of(
        this.backend.name,
        'outbox',
        'no_outbox',
        `this store has no outbox: ${action} would lose the message`,
      );
    }
  }

  checkOpen(): void {
    if (this.status !== 'open') {
      this.madeId ??= (this.backend.generateId ?? newEventId)();
      throw new TransactionClosedError(this.madeId, this.status);
    }
  }
}

/** A repository of one aggregate kind inside a session (methods, not closures: sessions are made per command). */
class SessionRepo<TTransaction> implements SessionRepository<AnyAggregate> {
  constructor(
    private readonly session: StoreSession<TTransaction>,
    private readonly store: AnyStore<TTransaction>,
  ) {}

  async find(id: string, options?: LoadOptions): Promise<AnyAggregate | undefined> {
    const { session, store } = this;
    session.checkOpen();
    checkId(store, id);
    const expected = checkExpectedVersion(store, options);
    let entry = session.entries.get(store)?.get(id);
    if (entry === undefined) {
      let loaded: AnyAggregate | undefined;
      try {
        loaded = await session.load(store, id);
      } finally {
        session.loading.get(store)?.delete(id);
      }
      session.checkOpen();
      entry = session.entries.get(store)?.get(id);
      if (entry === undefined) {
        if (loaded === undefined) return undefined;
        entry = session.remember(store, loaded, 'loaded');
      }
    }
    if (entry.state === 'removed') return undefined;
    const actual = entry.aggregate.persistedVersion;
    if (expected !== undefined && entry.state !== 'added' && actual !== expected) {
      throw new StaleVersionError(store.name, id, expected, actual);
    }
    return entry.aggregate;
  }

  async get(id: string, options?: LoadOptions): Promise<AnyAggregate> {
    const found = await this.find(id, options);
    if (found === undefined) throw new NotFoundError(this.store.name, id);
    return found;
  }

  add(aggregate: AnyAggregate): void {
    const { session, store } = this;
    session.checkOpen();
    checkAggregate(store, aggregate);
    if (aggregate.persistedVersion !== 0) {
      throw ValidationError.of(
        store.name,
        'aggregate',
        'not_new',
        `${store.name} ${aggregate.id} was loaded at version ${aggregate.persistedVersion}: add takes new aggregates`,
      );
    }
    session.remember(store, aggregate, 'added');
  }

  remove(aggregate: AnyAggregate): void {
    const { session, store } = this;
    session.checkOpen();
    const entry = session.entries.get(store)?.get(checkAggregate(store, aggregate).id);
    if (entry === undefined || entry.aggregate !== aggregate || entry.state === 'added') {
      throw ValidationError.of(
        store.name,
        'aggregate',
        'not_loaded',
        `${store.name} ${aggregate.id} was not loaded in this session: get it before removing it`,
      );
    }
    entry.state = 'removed';
  }

  async findAll(criteria?: Criteria<AnyAggregate>, page: Page = {}): Promise<readonly AnyAggregate[]> {
    const { session, store } = this;
    session.checkOpen();
    const found = await queryable(store, 'findAll').findAll(criteria, page, session.within);
    session.checkOpen();
    const result: AnyAggregate[] = [];
    for (const aggregate of found) {
      const entry = session.entries.get(store)?.get(aggregate.id);
      if (entry === undefined) result.push(session.remember(store, aggregate, 'loaded').aggregate);
      else if (entry.state !== 'removed') result.push(entry.aggregate);
    }
    return result;
  }

  async count(criteria?: Criteria<AnyAggregate>): Promise<number> {
    this.session.checkOpen();
    return queryable(this.store, 'count').count(criteria, this.session.within);
  }
}

function checkId(store: AnyStore<unknown>, id: unknown): string {
  if (typeof id !== 'string' || id.length === 0) {
    throw ValidationError.of(store.name, 'id', 'invalid_id', 'an id is a non-empty string');
  }
  // The same in every store: what PostgreSQL cannot hold is refused before any query.
  if (isUnstorableText(id))
    throw ValidationError.of(store.name, 'id', 'unsupported_character', `an id ${UNSTORABLE_MESSAGE}`);
  return id;
}

function checkAggregate(store: AnyStore<unknown>, aggregate: unknown): AnyAggregate {
  const candidate = aggregate as AnyAggregate | null | undefined;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    typeof candidate.id !== 'string' ||
    typeof candidate.pullEvents !== 'function'
  ) {
    throw ValidationError.of(store.name, 'aggregate', 'invalid_aggregate', 'expected an aggregate');
  }
  checkId(store, candidate.id);
  return candidate;
}

function checkExpectedVersion(store: AnyStore<unknown>, options: LoadOptions | undefined): number | undefined {
  const expected = options?.expectedVersion;
  if (expected === undefined) return undefined;
  if (!Number.isSafeInteger(expected) || expected < 0) {
    throw ValidationError.of(
      store.name,
      'expectedVersion',
      'invalid_version',
      'expectedVersion must be a non-negative integer',
    );
  }
  return expected;
}

function checkMetadata(metadata: EventMetadata | undefined): EventMetadata {
  if (metadata === undefined) return EMPTY_METADATA;
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    throw ValidationError.of('TransactionOptions', 'metadata', 'invalid_type', 'metadata must be an object');
  }
  return Object.freeze({ ...metadata });
}

function checkMessage(kind: 'command' | 'event', message: unknown): OutboxCommand {
  const candidate = (typeof message === 'object' && message !== null ? message : {}) as Record<string, unknown>;
  for (const field of ['type', 'id'] as const) {
    if (typeof candidate[field] !== 'string' || (candidate[field] as string).length === 0) {
      throw ValidationError.of(`Session ${kind}`, field, 'required', `a ${kind} needs a non-empty ${field}`);
    }
  }
  if (typeof candidate.metadata !== 'object' || candidate.metadata === null) {
    throw ValidationError.of(`Session ${kind}`, 'metadata', 'required', `a ${kind} needs its metadata object`);
  }
  return candidate as unknown as OutboxCommand;
}

type Queryable = Required<Pick<AnyStore<unknown>, 'findAll' | 'count'>>;

function queryable(store: AnyStore<unknown>, method: 'findAll' | 'count'): Queryable {
  if (typeof store[method] !== 'function') {
    throw ValidationError.of(
      store.name,
      method,
      'not_queryable',
      `${store.name} cannot be queried: load it by id (event-sourced aggregates are queried through projections)`,
    );
  }
  return store as unknown as Queryable;
}
