import { describe, expect, it } from 'vitest';
import type { AggregateStore, AnyAggregate } from '../core/AggregateStore.js';
import { ConcurrencyError } from '../core/ConcurrencyError.js';
import type { DomainEvent } from '../core/DomainEvent.js';
import { NotFoundError } from '../core/NotFoundError.js';
import { newEventId } from '../core/newEventId.js';
import type { OutboxCommand, OutboxMessage } from '../core/Outbox.js';
import { StaleVersionError } from '../core/StaleVersionError.js';
import type { AggregateDefinition, Store } from '../core/Store.js';
import { stateStored } from '../core/stateStored.js';
import { TransactionClosedError } from '../core/TransactionClosedError.js';
import { ValidationError } from '../core/ValidationError.js';
import type { Dispatch } from '../cqrs/Middleware.js';
import { retryOnConcurrency } from '../cqrs/retryOnConcurrency.js';
import type { RecordedEvent } from '../event-sourcing/EventStore.js';
import { eventSourced } from '../event-sourcing/eventSourced.js';
import { InMemorySnapshotStore } from '../event-sourcing/InMemorySnapshotStore.js';
import { rejection } from './rejection.js';
import { ConformanceCounter, ConformanceTally, CounterDocument, counterMapping } from './sessionConformanceKinds.js';

/**
 * The aggregate kinds {@link sessionConformance} hands to the store factory: a state-stored
 * `counters`, an event-sourced `tallies` and, when the fixture writes one, `notes` on its own
 * {@link "tactical-ddd".AggregateStore | AggregateStore}.
 *
 * @typeParam TTransaction - The store's transaction type.
 *
 * @example
 * ```ts
 * const makeStore = ({ aggregates }: { aggregates: SessionConformanceKinds<MemoryTransaction> }) => inMemoryStore({ aggregates });
 * ```
 */
export type SessionConformanceKinds<TTransaction> = {
  /** A state-stored kind with a mapping. */
  readonly counters: AggregateDefinition<TTransaction>;
  /** An event-sourced kind with snapshots every 3 events. */
  readonly tallies: AggregateDefinition<TTransaction>;
  /** The fixture's own aggregate store (from `userStore`), when it has one. */
  readonly notes?: AggregateDefinition<TTransaction>;
};

/**
 * A store under test and how the suite reads what it holds.
 *
 * @typeParam TTransaction - The store's transaction type.
 *
 * @example
 * ```ts
 * const subject: SessionConformanceSubject<MemoryTransaction> = {
 *   store,
 *   messages: async () => store.outbox?.messages ?? [],
 *   events: () => eventStore.readAll(),
 * };
 * ```
 */
export interface SessionConformanceSubject<TTransaction> {
  /** The store, built from the kinds the suite gave. */
  readonly store: Store<SessionConformanceKinds<TTransaction>, TTransaction>;
  /** Every message of its outbox (published or not), in commit order. */
  messages(): Promise<readonly OutboxMessage[]>;
  /** Every event of its event store, in global order. */
  events(): Promise<readonly RecordedEvent[]>;
}

/**
 * How a user-written aggregate store turns the suite's aggregate into a stored document and back.
 *
 * @example
 * ```ts
 * const row = { version: change.nextVersion, document: codec.encode(aggregate) };
 * const again = codec.decode(id, row.document, row.version);
 * ```
 */
export interface SessionConformanceCodec {
  /** The aggregate type, for the store's `name`. */
  readonly name: string;
  /** The aggregate's document (JSON text). */
  encode(aggregate: AnyAggregate): string;
  /** The aggregate a document stored at `version` holds. */
  decode(id: string, document: string, version: number): AnyAggregate;
}

/**
 * The options of {@link sessionConformance}.
 *
 * @typeParam TTransaction - The store's transaction type.
 *
 * @example
 * ```ts
 * const options: SessionConformanceOptions<MemoryTransaction> = { name: 'my store', makeStore };
 * ```
 */
export interface SessionConformanceOptions<TTransaction> {
  /** The name of the `describe` block (default `'Session conformance'`). */
  readonly name?: string;
  /** Makes a fresh, empty store with an outbox and an event store for the given kinds (once per test). */
  readonly makeStore: (context: {
    readonly aggregates: SessionConformanceKinds<TTransaction>;
  }) => SessionConformanceSubject<TTransaction> | Promise<SessionConformanceSubject<TTransaction>>;
  /**
   * Tries to make a store of the same kind without an outbox (`outbox: false`): it must refuse a
   * kind whose events would be lost (state-stored, or an aggregate store of your own) with a
   * `ValidationError`, and accept event-sourced kinds alone.
   */
  readonly makeStoreWithoutOutbox: (context: {
    readonly aggregates: Partial<SessionConformanceKinds<TTransaction>>;
  }) => SessionConformanceSubject<TTransaction> | Promise<SessionConformanceSubject<TTransaction>>;
  /**
   * Writes an aggregate store of your own (as you would on an ORM), storing documents with `codec`
   * and writing in the session's transaction; the suite checks it takes part in sessions.
   */
  readonly userStore?: (codec: SessionConformanceCodec) => AggregateStore<AnyAggregate, TTransaction>;
  /** Releases a store after each test (closes connections, drops schemas). */
  readonly teardown?: (subject: SessionConformanceSubject<TTransaction>) => void | Promise<void>;
}

type Repo<TAggregate extends AnyAggregate> = {
  get(id: string, options?: { readonly expectedVersion?: number }): Promise<TAggregate>;
  find(id: string, options?: { readonly expectedVersion?: number }): Promise<TAggregate | undefined>;
  add(aggregate: TAggregate): void;
  remove(aggregate: TAggregate): void;
};

interface TestSession {
  readonly counters: Repo<ConformanceCounter>;
  readonly tallies: Repo<ConformanceTally>;
  readonly notes: Repo<ConformanceCounter>;
  readonly metadata: Readonly<Record<string, unknown>>;
  send(command: OutboxCommand): void;
  publish(event: DomainEvent): void;
  join(participant: { flush(tx: unknown): Promise<void>; committed?(): void }): void;
}

interface TestStore {
  transaction<TResult>(
    work: (s: TestSession) => TResult | Promise<TResult>,
    options?: { readonly metadata?: Readonly<Record<string, unknown>> },
  ): Promise<TResult>;
  readonly counters: {
    findById(id: string): Promise<ConformanceCounter | undefined>;
    getById(id: string): Promise<ConformanceCounter>;
    save(counter: ConformanceCounter): Promise<void>;
    delete(counter: ConformanceCounter): Promise<void>;
    findAll(): Promise<readonly ConformanceCounter[]>;
    count(): Promise<number>;
  };
  readonly tallies: {
    findById(id: string): Promise<ConformanceTally | undefined>;
    save(t: ConformanceTally): Promise<void>;
  };
  readonly notes: {
    findById(id: string): Promise<ConformanceCounter | undefined>;
    save(n: ConformanceCounter): Promise<void>;
  };
}

const codec: SessionConformanceCodec = {
  name: 'ConformanceNote',
  encode: (aggregate) => JSON.stringify(counterMapping.toSnapshot(aggregate as ConformanceCounter)),
  decode: (id, document, version) => {
    const counter = counterMapping.fromSnapshot(CounterDocument.parse(JSON.parse(document)), { id, version });
    counter.markPersisted(version);
    return counter;
  },
};

/** A promise with its resolve function, to step two sessions in a chosen order. */
function gate(): { open: () => void; passed: Promise<void> } {
  let open = (): void => undefined;
  const passed = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, passed };
}

const command = (n: number): OutboxCommand => ({
  type: 'ConformanceShip',
  id: newEventId(),
  payload: { n },
  metadata: {},
});

/**
 * Registers a vitest suite that checks a store (in memory, PGlite, PostgreSQL, or your own
 * adapter) against the session contract: the identity map, change detection (state changed
 * without events is saved, unchanged aggregates are not), version rules, add and remove,
 * expected versions (`StaleVersionError`, not retried), rollback that leaves aggregates and store
 * exactly as before, a conflicting session that loses whole, outbox order and metadata stamping,
 * sent commands and published events, participants, event-sourced kinds with snapshots, your own
 * aggregate stores, configurations that would lose events, and bad input. Call it at the top level
 * of a test file.
 *
 * @param options - How to make stores (with and without an outbox) and, optionally, an aggregate store of your own.
 *
 * @example
 * ```ts
 * sessionConformance<MemoryTransaction>({
 *   makeStore: ({ aggregates }) => {
 *     const eventStore = new InMemoryEventStore();
 *     const store = inMemoryStore({ aggregates, eventStore });
 *     return { store, messages: async () => store.outbox?.messages ?? [], events: () => eventStore.readAll() };
 *   },
 *   makeStoreWithoutOutbox: ({ aggregates }) => {
 *     const eventStore = new InMemoryEventStore();
 *     const store = inMemoryStore({ aggregates: aggregates as SessionConformanceKinds<MemoryTransaction>, eventStore, outbox: false });
 *     return { store, messages: async () => [], events: () => eventStore.readAll() };
 *   },
 * });
 * ```
 */
export function sessionConformance<TTransaction>(options: SessionConformanceOptions<TTransaction>): void {
  const kinds = (): SessionConformanceKinds<TTransaction> => {
    const notes = options.userStore?.(codec);
    return {
      counters: stateStored('ConformanceCounter', counterMapping),
      tallies: eventSourced({
        name: 'ConformanceTally',
        create: (id: string) => new ConformanceTally(id),
        snapshots: { store: new InMemorySnapshotStore(), every: 3 },
      }) as AggregateDefinition<TTransaction>,
      ...(notes === undefined ? {} : { notes }),
    };
  };
  let opened: SessionConformanceSubject<TTransaction>[] = [];
  const open = async (aggregates = kinds()) => {
    const subject = await options.makeStore({ aggregates });
    opened.push(subject);
    return { subject, store: subject.store as unknown as TestStore };
  };
  const cleanUp = async () => {
    const subjects = opened;
    opened = [];
    for (const subject of subjects) await options.teardown?.(subject);
  };
  const test = (name: string, body: () => Promise<void>) =>
    it(name, async () => {
      try {
        await body();
      } finally {
        await cleanUp();
      }
    });
  let n = 0;
  const id = (prefix = 'c') => `${prefix}-${++n}-${newEventId()}`;

  /** Everything a store holds about the given ids: state, versions, outbox and event store. */
  const contents = async (subject: SessionConformanceSubject<TTransaction>, ids: readonly string[]) => {
    const store = subject.store as unknown as TestStore;
    const rows: Record<string, unknown> = {};
    for (const key of ids) {
      const counter = await store.counters.findById(key);
      const tally = await store.tallies.findById(key);
      const note = 'notes' in (subject.store as object) ? await store.notes.findById(key) : undefined;
      rows[key] = {
        counter: counter && { version: counter.version, props: counter.props },
        tally: tally && { version: tally.version, props: tally.props },
        note: note && { version: note.version, props: note.props },
      };
    }
    return {
      rows,
      count: await store.counters.count(),
      messages: (await subject.messages()).map((message) => ({
        kind: message.kind,
        id: message.id,
        publishedAt: message.publishedAt,
      })),
      events: (await subject.events()).map((event) => [event.streamId, event.version, event.id]),
    };
  };

  const seed = async (store: TestStore, ...counters: ConformanceCounter[]) => {
    for (const counter of counters) await store.counters.save(counter);
  };
  const newCounter = (events = 1) => {
    const counter = ConformanceCounter.create(id());
    for (let i = 0; i < events; i++) counter.increment(i + 1);
    return counter;
  };

  describe(options.name ?? 'Session conformance', () => {
    describe('identity map', () => {
      test('returns the same object for every load of one id in a session, and a new one in the next', async () => {
        const { store } = await open();
        const saved = newCounter();
        await seed(store, saved);
        const first = await store.transaction(async (s) => {
          const a = await s.counters.get(saved.id);
          expect(await s.counters.get(saved.id)).toBe(a);
          expect(await s.counters.find(saved.id)).toBe(a);
          const [b, c] = await Promise.all([s.counters.get(saved.id), s.counters.find(saved.id)]);
          expect(b).toBe(a);
          expect(c).toBe(a);
          return a;
        });
        expect(first).not.toBe(saved);
        const second = await store.transaction((s) => s.counters.get(saved.id));
        expect(second).not.toBe(first);
        expect(second.props).toEqual(saved.props);
      });

      test('gives the same object to concurrent loads of one id', async () => {
        const { store } = await open();
        const saved = newCounter();
        await seed(store, saved);
        await store.transaction(async (s) => {
          const loaded = await Promise.all(Array.from({ length: 5 }, () => s.counters.get(saved.id)));
          for (const counter of loaded) expect(counter).toBe(loaded[0]);
          const tally = new ConformanceTally(id('t'));
          tally.tally(2);
          s.tallies.add(tally);
          expect(await s.tallies.get(tally.id)).toBe(tally);
        });
      });

      test('returns an added aggregate to later loads, and undefined for an unknown id', async () => {
        const { store } = await open();
        await store.transaction(async (s) => {
          const counter = newCounter();
          s.counters.add(counter);
          expect(await s.counters.get(counter.id)).toBe(counter);
          expect(await s.counters.find(id('missing'))).toBeUndefined();
          const error = await rejection(s.counters.get('missing-id'));
          expect(error).toBeInstanceOf(NotFoundError);
          expect(error).toMatchObject({ id: 'missing-id' });
        });
      });
    });

    describe('commit', () => {
      test('saves an aggregate changed without events, and bumps its version by one', async () => {
        const { subject, store } = await open();
        const saved = newCounter(2);
        await seed(store, saved);
        const before = await subject.messages();
        const loaded = await store.transaction(async (s) => {
          const counter = await s.counters.get(saved.id);
          counter.relabel('renamed');
          return counter;
        });
        expect(loaded.version).toBe(3);
        expect(loaded.persistedVersion).toBe(3);
        const stored = await store.counters.getById(saved.id);
        expect(stored.props).toEqual({ count: 3, label: 'renamed' });
        expect(stored.version).toBe(3);
        expect(await subject.messages()).toHaveLength(before.length);
      });

      test('writes nothing for an aggregate loaded and left unchanged (a concurrent change is no conflict)', async () => {
        const { subject, store } = await open();
        const saved = newCounter();
        await seed(store, saved);
        const loadedHere = gate();
        const other = gate();
        const unchanged = store.transaction(async (s) => {
          const counter = await s.counters.get(saved.id);
          loadedHere.open();
          await other.passed;
          return counter;
        });
        await loadedHere.passed;
        await store.transaction(async (s) => (await s.counters.get(saved.id)).increment(5));
        const before = await contents(subject, [saved.id]);
        other.open();
        const counter = await unchanged;
        expect(counter.version).toBe(1);
        expect(await contents(subject, [saved.id])).toEqual(before);
      });

      test('moves versions by the number of events, marks the aggregates persisted and empties their events', async () => {
        const { store } = await open();
        const a = newCounter(3);
        const b = ConformanceCounter.create(id());
        await store.transaction((s) => {
          s.counters.add(a);
          s.counters.add(b); // no events: inserted at version 1
        });
        expect([a.version, a.persistedVersion, a.pendingEvents.length]).toEqual([3, 3, 0]);
        expect([b.version, b.persistedVersion]).toEqual([1, 1]);
        expect((await store.counters.getById(b.id)).version).toBe(1);
        await store.transaction(async (s) => {
          const loaded = await s.counters.get(a.id);
          loaded.increment();
          loaded.increment();
          loaded.relabel('both');
        });
        const stored = await store.counters.getById(a.id);
        expect(stored.version).toBe(5);
        expect(stored.props).toEqual({ count: 8, label: 'both' });
      });

      test('puts events in the outbox in the order of the session, then the messages, stamped with the metadata', async () => {
        const { subject, store } = await open();
        const first = newCounter();
        await seed(store, first);
        const seeded = (await subject.messages()).length;
        const added = ConformanceCounter.create(id());
        const integration: DomainEvent = {
          ...(newCounter().pendingEvents[0] as DomainEvent),
          metadata: { source: 'x' },
        };
        const ship = command(1);
        await store.transaction(
          async (s) => {
            expect(s.metadata).toEqual({ correlationId: 'corr-1', traceparent: 'tp' });
            const loaded = await s.counters.get(first.id);
            s.counters.add(added);
            added.increment(1);
            loaded.increment(2, { correlationId: 'own' }); // the event's own keys win
            s.send(ship);
            added.increment(3);
            s.publish(integration);
            loaded.increment(4);
          },
          { metadata: { correlationId: 'corr-1', traceparent: 'tp' } },
        );
        const messages = (await subject.messages()).slice(seeded);
        const describeMessage = (message: OutboxMessage) =>
          message.kind === 'event'
            ? ['event', message.event.aggregateId, message.event.payload, message.event.metadata]
            : ['command', message.command.type, message.command.payload, message.command.metadata];
        expect(messages.map(describeMessage)).toEqual([
          ['event', first.id, { by: 2 }, { correlationId: 'own', traceparent: 'tp' }],
          ['event', first.id, { by: 4 }, { correlationId: 'corr-1', traceparent: 'tp' }],
          ['event', added.id, { by: 1 }, { correlationId: 'corr-1', traceparent: 'tp' }],
          ['event', added.id, { by: 3 }, { correlationId: 'corr-1', traceparent: 'tp' }],
          ['command', 'ConformanceShip', { n: 1 }, { correlationId: 'corr-1', traceparent: 'tp' }],
          [
            'event',
            integration.aggregateId,
            integration.payload,
            { source: 'x', correlationId: 'corr-1', traceparent: 'tp' },
          ],
        ]);
        expect(messages.map((message) => message.id)).toEqual([
          ...messages.slice(0, 4).map((message) => (message.kind === 'event' ? message.event.id : '')),
          ship.id,
          integration.id,
        ]);
        expect(messages.every((message) => message.publishedAt === undefined && message.attempts === 0)).toBe(true);
      });

      test('commits a session with only messages, and nothing for an empty session', async () => {
        const { subject, store } = await open();
        expect(await store.transaction(() => 'nothing')).toBe('nothing');
        expect(await subject.messages()).toEqual([]);
        const ship = command(7);
        await store.transaction((s) => s.send(ship), { metadata: { correlationId: 'only' } });
        const messages = await subject.messages();
        expect(messages).toHaveLength(1);
        expect(messages[0]).toMatchObject({
          kind: 'command',
          id: ship.id,
          command: { type: 'ConformanceShip', metadata: { correlationId: 'only' } },
        });
      });

      test('lets a repository outside a session save, update and delete in small sessions of its own', async () => {
        const { subject, store } = await open();
        const counter = newCounter(2);
        await store.counters.save(counter);
        expect(counter.persistedVersion).toBe(2);
        counter.increment();
        counter.relabel('again');
        await store.counters.save(counter);
        expect((await store.counters.getById(counter.id)).props).toEqual({ count: 4, label: 'again' });
        expect(await store.counters.count()).toBe(1);
        expect((await store.counters.findAll()).map((c) => c.id)).toEqual([counter.id]);
        const stale = await store.counters.getById(counter.id);
        counter.increment();
        await store.counters.save(counter);
        stale.increment();
        expect(await rejection(store.counters.save(stale))).toBeInstanceOf(ConcurrencyError);
        expect(await rejection(store.counters.delete(stale))).toBeInstanceOf(ConcurrencyError);
        await store.counters.delete(counter);
        expect(await store.counters.findById(counter.id)).toBeUndefined();
        expect((await subject.messages()).map((m) => m.kind)).toEqual(['event', 'event', 'event', 'event']);
      });
    });

    describe('add and remove', () => {
      test('inserts added aggregates; a taken id is a ConcurrencyError at commit and nothing is written', async () => {
        const { subject, store } = await open();
        const taken = newCounter();
        await seed(store, taken);
        const fresh = newCounter();
        const twin = ConformanceCounter.create(taken.id, 'twin');
        twin.increment(9);
        const before = await contents(subject, [taken.id, fresh.id]);
        const error = await rejection(
          store.transaction((s) => {
            s.counters.add(fresh);
            s.counters.add(twin);
          }),
        );
        expect(error).toBeInstanceOf(ConcurrencyError);
        expect(error).toMatchObject({ expected: 0, actual: 1 });
        expect(await contents(subject, [taken.id, fresh.id])).toEqual(before);
        expect([fresh.persistedVersion, fresh.pendingEvents.length, twin.pendingEvents.length]).toEqual([0, 1, 1]);
      });

      test('refuses to add a loaded aggregate, or one already in the session', async () => {
        const { store } = await open();
        const saved = newCounter();
        await seed(store, saved);
        await store.transaction(async (s) => {
          const loaded = await s.counters.get(saved.id);
          expect(() => s.counters.add(loaded)).toThrow(expect.objectContaining({ rule: 'not_new' }));
          const counter = newCounter();
          s.counters.add(counter);
          expect(() => s.counters.add(counter)).toThrow(expect.objectContaining({ rule: 'already_in_session' }));
          expect(() => s.counters.add(ConformanceCounter.create(saved.id))).toThrow(
            expect.objectContaining({ rule: 'already_in_session' }),
          );
        });
      });

      test('deletes a removed aggregate, still publishing its pending events', async () => {
        const { subject, store } = await open();
        const saved = newCounter();
        await seed(store, saved);
        await store.transaction(async (s) => {
          const counter = await s.counters.get(saved.id);
          counter.increment(5);
          s.counters.remove(counter);
          expect(await s.counters.find(saved.id)).toBeUndefined();
        });
        expect(await store.counters.findById(saved.id)).toBeUndefined();
        const messages = await subject.messages();
        expect(messages.map((m) => (m.kind === 'event' ? m.event.payload : undefined))).toEqual([{ by: 1 }, { by: 5 }]);
      });

      test('checks the version of a removed aggregate: a concurrent change wins and nothing is deleted', async () => {
        const { subject, store } = await open();
        const saved = newCounter();
        await seed(store, saved);
        const loaded = gate();
        const changed = gate();
        const removing = store.transaction(async (s) => {
          s.counters.remove(await s.counters.get(saved.id));
          loaded.open();
          await changed.passed;
        });
        await loaded.passed;
        await store.transaction(async (s) => (await s.counters.get(saved.id)).increment());
        const before = await contents(subject, [saved.id]);
        changed.open();
        expect(await rejection(removing)).toBeInstanceOf(ConcurrencyError);
        expect(await contents(subject, [saved.id])).toEqual(before);
      });

      test('refuses to remove an aggregate the session did not load, and an event-sourced one', async () => {
        const { subject, store } = await open();
        const saved = newCounter();
        await seed(store, saved);
        const tally = new ConformanceTally(id('t'));
        tally.tally(1);
        await store.tallies.save(tally);
        const before = await contents(subject, [saved.id, tally.id]);
        await store
          .transaction(async (s) => {
            expect(() => s.counters.remove(saved)).toThrow(expect.objectContaining({ rule: 'not_loaded' }));
            const added = newCounter();
            s.counters.add(added);
            expect(() => s.counters.remove(added)).toThrow(expect.objectContaining({ rule: 'not_loaded' }));
            s.counters.remove(await s.counters.get(saved.id));
            throw new Error('undo');
          })
          .catch(() => undefined);
        const error = await rejection(store.transaction(async (s) => s.tallies.remove(await s.tallies.get(tally.id))));
        expect(error).toMatchObject({ rule: 'not_removable' });
        expect(await contents(subject, [saved.id, tally.id])).toEqual(before);
      });
    });

    describe('expected versions', () => {
      test('loads at the expected version, and raises StaleVersionError at another', async () => {
        const { store } = await open();
        const saved = newCounter(2);
        await seed(store, saved);
        await store.transaction(async (s) => {
          const error = await rejection(s.counters.get(saved.id, { expectedVersion: 1 }));
          expect(error).toBeInstanceOf(StaleVersionError);
          expect(error).toMatchObject({ code: 'core.stale_version', id: saved.id, expected: 1, actual: 2 });
          // Already in the identity map: checked against the version it was loaded at.
          expect(await s.counters.get(saved.id, { expectedVersion: 2 })).toBe(await s.counters.get(saved.id));
          expect(await rejection(s.counters.find(saved.id, { expectedVersion: 3 }))).toBeInstanceOf(StaleVersionError);
        });
        const tally = new ConformanceTally(id('t'));
        tally.tally(1);
        await store.tallies.save(tally);
        await store.transaction(async (s) => {
          expect(await rejection(s.tallies.get(tally.id, { expectedVersion: 0 }))).toBeInstanceOf(StaleVersionError);
          expect((await s.tallies.get(tally.id, { expectedVersion: 1 })).version).toBe(1);
        });
      });

      test('is not retried by retryOnConcurrency, while a conflict at commit is', async () => {
        const { store } = await open();
        const saved = newCounter();
        await seed(store, saved);
        const retry = retryOnConcurrency({ sleep: async () => undefined });
        let attempts = 0;
        const stale = retry({} as Dispatch, async () => {
          attempts++;
          return store.transaction(async (s) => (await s.counters.get(saved.id, { expectedVersion: 0 })).increment());
        });
        expect(await rejection(stale)).toBeInstanceOf(StaleVersionError);
        expect(attempts).toBe(1);
        attempts = 0;
        await retry({} as Dispatch, async () => {
          attempts++;
          return store.transaction(async (s) => {
            const counter = await s.counters.get(saved.id);
            counter.increment();
            if (attempts === 1)
              await store.transaction(async (other) => (await other.counters.get(saved.id)).increment());
          });
        });
        expect(attempts).toBe(2);
        expect((await store.counters.getById(saved.id)).version).toBe(3);
      });
    });

    describe('rollback', () => {
      test('leaves the aggregates (events kept, old versions) and the store as before when the work throws', async () => {
        const { subject, store } = await open();
        const saved = newCounter();
        const tally = new ConformanceTally(id('t'));
        tally.tally(1);
        await seed(store, saved);
        await store.tallies.save(tally);
        const added = newCounter(2);
        const before = await contents(subject, [saved.id, tally.id, added.id]);
        let flushed = 0;
        let committed = 0;
        const loaded = await store
          .transaction(async (s) => {
            const counter = await s.counters.get(saved.id);
            const t = await s.tallies.get(tally.id);
            counter.increment(3);
            counter.relabel('gone');
            t.tally(2);
            s.counters.add(added);
            s.send(command(1));
            s.publish({ ...(newCounter().pendingEvents[0] as DomainEvent) });
            s.join({ flush: async () => void flushed++, committed: () => void committed++ });
            throw Object.assign(new Error('late failure'), { loaded: [counter, t] });
          })
          .catch((error: { loaded: [ConformanceCounter, ConformanceTally] }) => error.loaded);
        expect(await contents(subject, [saved.id, tally.id, added.id])).toEqual(before);
        expect([flushed, committed]).toEqual([0, 0]);
        const [counter, t] = loaded;
        expect([counter.version, counter.persistedVersion, counter.pendingEvents.length]).toEqual([2, 1, 1]);
        expect([t.version, t.persistedVersion, t.pendingEvents.length]).toEqual([2, 1, 1]);
        expect([added.version, added.persistedVersion, added.pendingEvents.length]).toEqual([2, 0, 2]);
        // The kept events are still there to save.
        await store.counters.save(added);
        expect((await store.counters.getById(added.id)).version).toBe(2);
      });

      test('leaves everything as before when the commit fails on its last write', async () => {
        const { subject, store } = await open();
        const a = newCounter();
        const b = newCounter();
        await seed(store, a, b);
        const tally = new ConformanceTally(id('t'));
        tally.tally(1);
        await store.tallies.save(tally);
        const loaded = gate();
        const conflicted = gate();
        const session = store.transaction(async (s) => {
          const first = await s.counters.get(a.id);
          const t = await s.tallies.get(tally.id);
          const second = await s.counters.get(b.id);
          first.increment();
          t.tally(5);
          second.increment();
          s.send(command(2));
          loaded.open();
          await conflicted.passed;
          return [first, t, second] as const;
        });
        await loaded.passed;
        await store.transaction(async (s) => (await s.counters.get(b.id)).relabel('first'));
        const before = await contents(subject, [a.id, b.id, tally.id]);
        conflicted.open();
        const error = await rejection(session);
        expect(error).toBeInstanceOf(ConcurrencyError);
        expect(error).toMatchObject({ expected: 1, actual: 2 });
        expect(await contents(subject, [a.id, b.id, tally.id])).toEqual(before);
      });

      test('lets one of two conflicting sessions commit whole, and the other write nothing at all', async () => {
        const { subject, store } = await open();
        const shared = newCounter();
        const mine = newCounter();
        await seed(store, shared, mine);
        const tally = new ConformanceTally(id('t'));
        tally.tally(1);
        await store.tallies.save(tally);
        const theirs = newCounter();
        const aLoaded = gate();
        const bLoaded = gate();
        const a = store.transaction(async (s) => {
          (await s.counters.get(shared.id)).increment(10);
          (await s.tallies.get(tally.id)).tally(10);
          aLoaded.open();
          await bLoaded.passed;
        });
        const b = store.transaction(async (s) => {
          await aLoaded.passed;
          (await s.counters.get(mine.id)).increment(20);
          (await s.tallies.get(tally.id)).tally(20);
          (await s.counters.get(shared.id)).increment(20);
          s.counters.add(theirs);
          s.send(command(3));
          bLoaded.open();
          await a;
        });
        const lost = rejection(b);
        await a;
        const afterA = await contents(subject, [shared.id, mine.id, tally.id, theirs.id]);
        expect(await lost).toBeInstanceOf(ConcurrencyError);
        expect(await contents(subject, [shared.id, mine.id, tally.id, theirs.id])).toEqual(afterA);
        expect((await store.counters.getById(shared.id)).props.count).toBe(11);
        expect((await store.tallies.findById(tally.id))?.props).toEqual({ total: 11 });
      });

      test('closes the session when it ends: later use is a TransactionClosedError', async () => {
        const { store } = await open();
        const saved = newCounter();
        await seed(store, saved);
        const kept = await store.transaction((s) => s);
        await expect(kept.counters.get(saved.id)).rejects.toBeInstanceOf(TransactionClosedError);
        expect(() => kept.send(command(1))).toThrow(TransactionClosedError);
        const failed = await store
          .transaction((s) => {
            throw Object.assign(new Error('x'), { s });
          })
          .catch((error: { s: TestSession }) => error.s);
        expect(() => failed.counters.add(newCounter())).toThrow(TransactionClosedError);
      });
    });

    describe('participants', () => {
      test('flushes each participant once in the commit transaction, then tells it the commit happened', async () => {
        const { subject, store } = await open();
        const saved = newCounter();
        await seed(store, saved);
        const calls: string[] = [];
        const seen: unknown[] = [];
        await store.transaction(async (s) => {
          (await s.counters.get(saved.id)).increment();
          s.join({
            flush: async (tx) => {
              seen.push(tx);
              calls.push('flush 1');
            },
            committed: () => void calls.push('committed 1'),
          });
          s.join({
            flush: async (tx) => {
              seen.push(tx);
              calls.push('flush 2');
            },
            committed: () => {
              calls.push('committed 2');
              throw new Error('ignored: the commit stands');
            },
          });
        });
        expect(calls).toEqual(['flush 1', 'flush 2', 'committed 1', 'committed 2']);
        expect(seen[0]).toBeDefined();
        expect(seen[1]).toBe(seen[0]);
        expect((await store.counters.getById(saved.id)).version).toBe(2);
        expect(await subject.messages()).toHaveLength(2);
      });

      test('rolls everything back when a participant throws', async () => {
        const { subject, store } = await open();
        const saved = newCounter();
        await seed(store, saved);
        const tally = new ConformanceTally(id('t'));
        const before = await contents(subject, [saved.id, tally.id]);
        let committed = false;
        const error = await rejection(
          store.transaction(async (s) => {
            (await s.counters.get(saved.id)).increment();
            tally.tally(1);
            s.tallies.add(tally);
            s.send(command(4));
            s.join({
              flush: async () => undefined,
              committed: () => {
                committed = true;
              },
            });
            s.join({
              flush: async () => {
                throw new Error('read model down');
              },
            });
          }),
        );
        expect(error).toMatchObject({ message: 'read model down' });
        expect(committed).toBe(false);
        expect(await contents(subject, [saved.id, tally.id])).toEqual(before);
        expect([tally.persistedVersion, tally.pendingEvents.length]).toEqual([0, 1]);
      });
    });

    describe('event-sourced kinds', () => {
      test('append their events to the event store and the outbox, stamped, in one commit', async () => {
        const { subject, store } = await open();
        const tally = new ConformanceTally(id('t'));
        tally.tally(1);
        tally.tally(2);
        await store.transaction((s) => s.tallies.add(tally), { metadata: { correlationId: 'es' } });
        expect([tally.version, tally.persistedVersion, tally.pendingEvents.length]).toEqual([2, 2, 0]);
        await store.transaction(async (s) => (await s.tallies.get(tally.id)).tally(3), {
          metadata: { correlationId: 'es-2' },
        });
        const events = await subject.events();
        expect(events.map((e) => [e.streamId, e.version, e.payload, e.metadata.correlationId])).toEqual([
          [tally.id, 1, { by: 1 }, 'es'],
          [tally.id, 2, { by: 2 }, 'es'],
          [tally.id, 3, { by: 3 }, 'es-2'],
        ]);
        const messages = await subject.messages();
        expect(messages.map((m) => m.id)).toEqual(events.map((e) => e.id));
        const loaded = await store.tallies.findById(tally.id);
        expect([loaded?.version, loaded?.props]).toEqual([3, { total: 6 }]);
      });

      test('conflict with a concurrent append: the loser appends nothing', async () => {
        const { subject, store } = await open();
        const tally = new ConformanceTally(id('t'));
        tally.tally(1);
        await store.tallies.save(tally);
        const loaded = gate();
        const appended = gate();
        const late = store.transaction(async (s) => {
          (await s.tallies.get(tally.id)).tally(7);
          loaded.open();
          await appended.passed;
        });
        await loaded.passed;
        await store.transaction(async (s) => (await s.tallies.get(tally.id)).tally(1));
        const before = await contents(subject, [tally.id]);
        appended.open();
        const error = await rejection(late);
        expect(error).toBeInstanceOf(ConcurrencyError);
        expect(error).toMatchObject({ expected: 1, actual: 2 });
        expect(await contents(subject, [tally.id])).toEqual(before);
      });

      test('load from their snapshots, taken when a commit crosses a multiple of `every`', async () => {
        const { store } = await open();
        const tally = new ConformanceTally(id('t'));
        for (let i = 1; i <= 4; i++) tally.tally(i);
        await store.tallies.save(tally);
        for (let round = 0; round < 3; round++) {
          await store.transaction(async (s) => {
            const loaded = await s.tallies.get(tally.id);
            loaded.tally(10);
            loaded.tally(1);
          });
        }
        const loaded = await store.tallies.findById(tally.id);
        expect(loaded?.version).toBe(10);
        expect(loaded?.props).toEqual({ total: 43 });
      });
    });

    describe('an aggregate store of your own', () => {
      const userTest = options.userStore === undefined ? it.skip : test;
      userTest(
        'takes part in sessions: identity map, version checks, outbox, rollback with the other kinds',
        async () => {
          let loads = 0;
          const made = (options.userStore as NonNullable<typeof options.userStore>)(codec);
          const counting: AggregateStore<AnyAggregate, TTransaction> = Object.assign(
            Object.create(made) as typeof made,
            {
              load: (key: string) => {
                loads++;
                return made.load(key);
              },
            },
          );
          const { subject, store } = await open({ ...kinds(), notes: counting });
          const note = ConformanceCounter.create(id('n'), 'note');
          note.increment(1);
          await store.transaction((s) => s.notes.add(note));
          expect(note.persistedVersion).toBe(1);
          await store.transaction(async (s) => {
            const [a, b] = await Promise.all([s.notes.get(note.id), s.notes.get(note.id)]);
            expect(a).toBe(b);
            a?.increment(2);
            a?.relabel('changed');
          });
          expect(loads).toBe(1);
          const stored = await store.notes.findById(note.id);
          expect([stored?.version, stored?.props]).toEqual([2, { count: 3, label: 'changed' }]);
          // A stale write conflicts, and takes the other kinds' writes down with it.
          const counter = newCounter();
          await seed(store, counter);
          const loaded = gate();
          const moved = gate();
          const late = store.transaction(async (s) => {
            (await s.counters.get(counter.id)).increment();
            (await s.notes.get(note.id)).increment();
            loaded.open();
            await moved.passed;
          });
          await loaded.passed;
          await store.transaction(async (s) => (await s.notes.get(note.id)).relabel('moved'));
          const before = await contents(subject, [counter.id, note.id]);
          moved.open();
          expect(await rejection(late)).toBeInstanceOf(ConcurrencyError);
          expect(await contents(subject, [counter.id, note.id])).toEqual(before);
          const messages = await subject.messages();
          expect(messages.filter((m) => m.kind === 'event' && m.event.aggregateId === note.id)).toHaveLength(2);
          // Taken id on insert.
          const twin = ConformanceCounter.create(note.id);
          twin.increment();
          expect(await rejection(store.transaction((s) => s.notes.add(twin)))).toBeInstanceOf(ConcurrencyError);
        },
      );
    });

    describe('configurations that would lose events', () => {
      test('refuses a store without an outbox for state-stored kinds and your own, accepts event-sourced ones', async () => {
        const all = kinds();
        for (const aggregates of [{ counters: all.counters }, { tallies: all.tallies, counters: all.counters }]) {
          const error = await rejection(Promise.resolve().then(() => options.makeStoreWithoutOutbox({ aggregates })));
          expect(error).toBeInstanceOf(ValidationError);
          expect(error).toMatchObject({ rule: 'no_outbox' });
        }
        if (options.userStore !== undefined) {
          const notes = options.userStore(codec);
          const error = await rejection(
            Promise.resolve().then(() => options.makeStoreWithoutOutbox({ aggregates: { notes } })),
          );
          expect(error).toMatchObject({ rule: 'no_outbox' });
        }
        const subject = await options.makeStoreWithoutOutbox({ aggregates: { tallies: all.tallies } });
        opened.push(subject);
        const store = subject.store as unknown as TestStore;
        const tally = new ConformanceTally(id('t'));
        tally.tally(4);
        await store.transaction((s) => {
          expect(() => s.send(command(1))).toThrow(expect.objectContaining({ rule: 'no_outbox' }));
          expect(() => s.publish(tally.pendingEvents[0] as DomainEvent)).toThrow(
            expect.objectContaining({ rule: 'no_outbox' }),
          );
          s.tallies.add(tally);
        });
        expect((await subject.events()).map((e) => e.id)).toEqual([expect.any(String)]);
        expect((await store.tallies.findById(tally.id))?.props).toEqual({ total: 4 });
        expect(await subject.messages()).toEqual([]);
        await cleanUp();
      });

      test('refuses aggregate kinds that are not one, or that take a name the store keeps', async () => {
        const all = kinds();
        for (const [aggregates, rule] of [
          [{ ...all, transaction: all.counters }, 'reserved_name'],
          [{ ...all, send: all.counters }, 'reserved_name'],
          [{ ...all, other: {} }, 'invalid_definition'],
          [{ ...all, other: null }, 'invalid_definition'],
          [{ ...all, other: { name: 'X', load: () => undefined } }, 'invalid_definition'],
        ] as const) {
          const error = await rejection(
            Promise.resolve().then(() =>
              options.makeStore({ aggregates: aggregates as unknown as SessionConformanceKinds<TTransaction> }),
            ),
          );
          expect(error).toBeInstanceOf(ValidationError);
          expect(error).toMatchObject({ rule });
        }
      });
    });

    describe('bad input', () => {
      test('rejects bad ids, versions, metadata, messages and non-aggregates with ValidationError, changing nothing', async () => {
        const { subject, store } = await open();
        const saved = newCounter();
        await seed(store, saved);
        const before = await contents(subject, [saved.id]);
        const bad = async (attempt: () => unknown, rule: string) => {
          const error = await rejection(Promise.resolve().then(attempt));
          expect(error, rule).toBeInstanceOf(ValidationError);
          expect(error).toMatchObject({ rule });
        };
        await store
          .transaction(async (s) => {
            const counter = await s.counters.get(saved.id);
            counter.increment();
            for (const key of ['', 42, null, undefined, {}]) {
              await bad(() => s.counters.get(key as string), 'invalid_id');
              await bad(() => s.tallies.find(key as string), 'invalid_id');
            }
            for (const expectedVersion of [-1, 1.5, '1', Number.NaN, Number.POSITIVE_INFINITY]) {
              await bad(
                () => s.counters.get(saved.id, { expectedVersion: expectedVersion as number }),
                'invalid_version',
              );
            }
            for (const aggregate of [null, 'x', {}, { id: 'x' }, { id: 7, pullEvents: () => [] }]) {
              await bad(() => s.counters.add(aggregate as unknown as ConformanceCounter), 'invalid_aggregate');
              await bad(() => s.counters.remove(aggregate as unknown as ConformanceCounter), 'invalid_aggregate');
            }
            for (const message of [null, {}, { type: 'X' }, { type: 'X', id: '' }, { type: 'X', id: 'i' }]) {
              await bad(() => s.send(message as unknown as OutboxCommand), 'required');
              await bad(() => s.publish(message as unknown as DomainEvent), 'required');
            }
            await bad(() => s.join(null as never), 'invalid_participant');
            await bad(() => s.join({} as never), 'invalid_participant');
            throw new Error('undo');
          })
          .catch((error: Error) => expect(error.message).toBe('undo'));
        for (const metadata of ['x', 5, [], null]) {
          await bad(() => store.transaction(() => undefined, { metadata: metadata as never }), 'invalid_type');
        }
        await bad(() => store.counters.save(null as never), 'invalid_aggregate');
        await bad(() => store.counters.findById('' as never), 'invalid_id');
        // A state that breaks the mapping's schema is refused before anything is written.
        await bad(
          () =>
            store.transaction(async (s) => {
              const counter = await s.counters.get(saved.id);
              counter.increment();
              counter.relabel(5 as unknown as string);
            }),
          'invalid_type',
        );
        expect(await contents(subject, [saved.id])).toEqual(before);
      });
    });
  });
}
