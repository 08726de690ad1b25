import 'reflect-metadata';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { getInMemoryEventStore } from '@event-driven-io/emmett';
import { AggregateRoot as NestAggregateRoot } from '@nestjs/cqrs';
import * as z from 'zod';
import { deepFreeze } from '../../src/core/deepFreeze.js';
import { newEventId } from '../../src/core/newEventId.js';
import { defineEventRegistry } from '../../src/event-sourcing/EventRegistry.js';
import { type EventHandlers, EventSourcedAggregate } from '../../src/event-sourcing/EventSourcedAggregate.js';
import { eventSourced } from '../../src/event-sourcing/eventSourced.js';
import { InMemoryEventStore } from '../../src/event-sourcing/InMemoryEventStore.js';
import { type AggregateOptions, type DomainEvent, defineEvent, type EventOf, inMemoryStore } from '../../src/index.js';
import { sequentialIds } from '../../src/testing/sequentialIds.js';
import { defineMeasurement, defineWorkload, sink } from '../harness.js';

// The seed's bank account, in integer cents.
const OpenedEvent = defineEvent('AccountCreated', z.object({ ownerName: z.string(), initialBalanceCents: z.int() }));
const DepositedEvent = defineEvent('MoneyDeposited', z.object({ cents: z.int().positive() }));
const WithdrawnEvent = defineEvent('MoneyWithdrawn', z.object({ cents: z.int().positive() }));
type AccountEvent = EventOf<typeof OpenedEvent> | EventOf<typeof DepositedEvent> | EventOf<typeof WithdrawnEvent>;
interface AccountState {
  ownerName: string;
  balanceCents: number;
}
const handlers: EventHandlers<AccountState, AccountEvent> = {
  AccountCreated: (state, e) => {
    state.ownerName = e.payload.ownerName;
    state.balanceCents = e.payload.initialBalanceCents;
  },
  MoneyDeposited: (state, e) => {
    state.balanceCents += e.payload.cents;
  },
  MoneyWithdrawn: (state, e) => {
    state.balanceCents -= e.payload.cents;
  },
};
class Account extends EventSourcedAggregate<string, AccountState, AccountEvent> {
  protected readonly when = handlers;
  constructor(id: string, options?: AggregateOptions) {
    super(id, { ownerName: '', balanceCents: 0 }, options);
  }
  open(ownerName: string, initialBalanceCents: number, metadata?: DomainEvent['metadata']): void {
    this.raise(OpenedEvent({ ownerName, initialBalanceCents }, metadata === undefined ? {} : { metadata }));
  }
  deposit(cents: number, metadata?: DomainEvent['metadata']): void {
    this.raise(DepositedEvent({ cents }, metadata === undefined ? {} : { metadata }));
  }
  withdraw(cents: number, metadata?: DomainEvent['metadata']): void {
    this.raise(WithdrawnEvent({ cents }, metadata === undefined ? {} : { metadata }));
  }
}

// ---- Rehydration from 1,000,000 stored events ---------------------------------------------------
// Events as a store returns them: each with its own uuid, ISO timestamp and payload, frozen
// envelopes of eight fields plus `streamId`, `version` and `globalPosition`, raised by an account
// one per command, saved to one InMemoryEventStore stream and read back. Every contender folds
// that one array; `getById` reads it from the store through a repository.
const N = 1_000_000;
const ACCOUNT = '0192f7c4-7e3a-7b1e-9a57-000000000001';
const STREAM = `Account-${ACCOUNT}`;
const T0 = Date.parse('2026-11-25T09:00:00.000Z');

/** A clock one event (~1.3 s) ahead at each call, so that no two timestamps are equal. */
const steppingClock = () => {
  let tick = 0;
  return { now: () => new Date(T0 + tick++ * 1300 + (tick % 7)) };
};

/**
 * Appends an account's history of `count` events to `store`, as an application makes it: each
 * command raises one event (its own uuid v7, timestamp and payload) on the aggregate, which is
 * then saved: one append per event, expecting the version it was loaded at.
 */
const fillAccount = async (
  store: InMemoryEventStore,
  count: number,
  metadataOf?: () => DomainEvent['metadata'],
): Promise<void> => {
  const account = new Account(ACCOUNT, { clock: steppingClock() });
  for (let i = 0; i < count; i++) {
    const metadata = metadataOf?.();
    if (i === 0) account.open('Ada', 1_000_000, metadata);
    else if (i % 3 === 0) account.withdraw(100 + ((i * 7919) % 100_000), metadata);
    else account.deposit(100 + ((i * 7919) % 100_000), metadata);
    const { nextExpectedVersion } = await store.appendToStream(STREAM, account.pullEvents(), { expectedVersion: i });
    account.markPersisted(nextExpectedVersion);
  }
};

let account: { store: InMemoryEventStore; history: readonly AccountEvent[] } | undefined;
const stored = async () => {
  if (account !== undefined) return account;
  const store = new InMemoryEventStore();
  await fillAccount(store, N);
  account = { store, history: (await store.readStream(STREAM)) as unknown as readonly AccountEvent[] };
  return account;
};
// The same history in a compact store (made for the getById workload only: 200 MB more).
let compactStore: InMemoryEventStore | undefined;
let history: readonly AccountEvent[] = [];
const events = (): readonly AccountEvent[] => history;

type AccountCreated = EventOf<typeof OpenedEvent>;
type MoneyDeposited = EventOf<typeof DepositedEvent>;
type MoneyWithdrawn = EventOf<typeof WithdrawnEvent>;

class NestAccount extends NestAggregateRoot {
  ownerName = '';
  balanceCents = 0;
  version = 0;
  // Stored events are plain objects: a Nest user routes them by `type`, not by class name.
  protected override getEventName(event: AccountEvent): string {
    return event.type;
  }
  onAccountCreated(e: AccountCreated): void {
    this.ownerName = e.payload.ownerName;
    this.balanceCents = e.payload.initialBalanceCents;
    this.version = e.aggregateVersion;
  }
  onMoneyDeposited(e: MoneyDeposited): void {
    this.balanceCents += e.payload.cents;
    this.version = e.aggregateVersion;
  }
  onMoneyWithdrawn(e: MoneyWithdrawn): void {
    this.balanceCents -= e.payload.cents;
    this.version = e.aggregateVersion;
  }
}

/** The hand-written fold every rehydration is compared with. */
const handFold = (all: readonly AccountEvent[]): void => {
  let ownerName = '';
  let balanceCents = 0;
  let version = 0;
  for (let i = 0; i < all.length; i++) {
    const e = all[i] as AccountEvent;
    switch (e.type) {
      case 'AccountCreated':
        ownerName = e.payload.ownerName;
        balanceCents = e.payload.initialBalanceCents;
        break;
      case 'MoneyDeposited':
        balanceCents += e.payload.cents;
        break;
      case 'MoneyWithdrawn':
        balanceCents -= e.payload.cents;
        break;
    }
    version = e.aggregateVersion;
  }
  sink.value = { ownerName, balanceCents, version };
};

// Emmett's style: an immutable `evolve` folded with `events.reduce((s, e) => evolve(s, e), initialState())`,
// the expression its `aggregateStream` uses.
type EmmettState = { readonly ownerName: string; readonly balanceCents: number };
const evolve = (state: EmmettState, event: AccountEvent): EmmettState => {
  switch (event.type) {
    case 'AccountCreated':
      return { ownerName: event.payload.ownerName, balanceCents: event.payload.initialBalanceCents };
    case 'MoneyDeposited':
      return { ...state, balanceCents: state.balanceCents + event.payload.cents };
    case 'MoneyWithdrawn':
      return { ...state, balanceCents: state.balanceCents - event.payload.cents };
  }
};
const initialState = (): EmmettState => ({ ownerName: '', balanceCents: 0 });

const rehydrate = defineWorkload({
  name: 'event-sourcing/rehydrate 1M stored events',
  opsPerCall: N,
  setup: async () => {
    history = (await stored()).history;
  },
  baseline: { name: 'hand-written for-loop reducer', fn: () => handFold(events()) },
  contenders: [
    {
      name: 'EventSourcedAggregate.rehydrate',
      fn: () => {
        sink.value = new Account(ACCOUNT).rehydrate(events());
      },
    },
    {
      name: '@nestjs/cqrs loadFromHistory',
      fn: () => {
        const nestAccount = new NestAccount();
        nestAccount.loadFromHistory(events() as AccountEvent[]);
        sink.value = nestAccount;
      },
    },
    {
      name: 'emmett evolve + reduce',
      fn: () => {
        sink.value = events().reduce((s, e) => evolve(s, e), initialState());
      },
    },
  ],
  targets: { 'EventSourcedAggregate.rehydrate': 0.5 },
});

const accountsIn = (store: InMemoryEventStore) =>
  inMemoryStore({
    eventStore: store,
    outbox: false,
    aggregates: {
      accounts: eventSourced({
        name: 'Account',
        create: (id: string) => new Account(id),
        streamId: (id) => `Account-${id}`,
      }),
    },
  }).accounts;
let accounts: ReturnType<typeof accountsIn> | undefined;
let compactAccounts: ReturnType<typeof accountsIn> | undefined;
const getById = defineWorkload({
  name: 'event-sourcing/getById of 1M stored events (InMemoryEventStore)',
  opsPerCall: N,
  iterations: 8,
  setup: async () => {
    const { store, history: read } = await stored();
    history = read;
    accounts = accountsIn(store);
    if (compactStore === undefined) {
      compactStore = new InMemoryEventStore({ compact: true });
      await fillAccount(compactStore, N);
    }
    compactAccounts = accountsIn(compactStore);
  },
  // The last workload that reads the 1M-event history: drop it (~500 MB), so that the workloads
  // after this one do not collect garbage in a heap that large.
  teardown: async () => {
    compactStore = undefined;
    compactAccounts = undefined;
    accounts = undefined;
    account = undefined;
    history = [];
  },
  baseline: { name: 'hand-written for-loop reducer', fn: () => handFold(events()) },
  contenders: [
    {
      name: 'store.accounts.getById (eventSourced)',
      fn: async () => {
        sink.value = await (accounts as ReturnType<typeof accountsIn>).getById(ACCOUNT);
      },
    },
    {
      // Informational: envelopes made on read, a page of 2,048 at a time.
      name: 'store.accounts.getById, compact store',
      fn: async () => {
        sink.value = await (compactAccounts as ReturnType<typeof accountsIn>).getById(ACCOUNT);
      },
    },
  ],
  targets: { 'store.accounts.getById (eventSourced)': 0.3 },
});

// ---- Appending and reading 10,000 events across 100 streams --------------------------------------
const AT = '2026-11-25T09:00:00.000Z';
const STREAMS = 100;
const PER_STREAM = 100;
const APPENDS = STREAMS * PER_STREAM;
const streamIds = Array.from({ length: STREAMS }, (_, s) => `Account-${s}`);
const nextId = sequentialIds();
// appendBatches[round * STREAMS + s]: the one event appended to stream s in that round. Events
// are deep-frozen, as the events an aggregate raises are.
const appendBatches: DomainEvent[][] = Array.from({ length: APPENDS }, (_, i) => {
  const round = Math.floor(i / STREAMS);
  const s = i % STREAMS;
  return [
    deepFreeze({
      id: nextId(),
      type: round === 0 ? 'AccountCreated' : 'MoneyDeposited',
      schemaVersion: 1,
      aggregateId: streamIds[s] as string,
      aggregateVersion: round + 1,
      occurredAt: AT,
      payload: round === 0 ? { ownerName: 'Ada', initialBalanceCents: 0 } : { cents: 100 + round },
      metadata: {},
    }),
  ];
});
// The same 10,000 events appended 10 at a time: 1,000 appends, 10 per stream.
const BATCH = 10;
const tenAtATime: DomainEvent[][] = Array.from({ length: APPENDS / BATCH }, (_, k) => {
  const s = k % STREAMS;
  const round = Math.floor(k / STREAMS);
  return Array.from({ length: BATCH }, (_, j) => {
    const event = (appendBatches[(round * BATCH + j) * STREAMS + s] as DomainEvent[])[0] as DomainEvent;
    return event;
  });
});
const emmettBatches = appendBatches.map((batch) =>
  batch.map((e) => ({ type: e.type, data: e.payload as Record<string, unknown> })),
);

/** The hand-written store: a Map of arrays, an exact expected-version check, async like the rest. */
class HandStore {
  readonly streams = new Map<string, DomainEvent[]>();
  readonly all: DomainEvent[] = [];
  async append(
    streamId: string,
    events: readonly DomainEvent[],
    expected: number,
  ): Promise<{ nextExpectedVersion: number; lastGlobalPosition: bigint }> {
    let stream = this.streams.get(streamId);
    const version = stream?.length ?? 0;
    if (version !== expected) throw new Error(`conflict on ${streamId}`);
    if (stream === undefined) {
      stream = [];
      this.streams.set(streamId, stream);
    }
    for (const event of events) {
      stream.push(event);
      this.all.push(event);
    }
    return { nextExpectedVersion: stream.length, lastGlobalPosition: BigInt(this.all.length) };
  }
  async read(streamId: string): Promise<readonly DomainEvent[]> {
    return (this.streams.get(streamId) ?? []).slice();
  }
  async readAll(from: number, max: number): Promise<readonly DomainEvent[]> {
    return this.all.slice(from, from + max);
  }
}

const registry = defineEventRegistry({ current: [OpenedEvent, DepositedEvent, WithdrawnEvent] });

const fillOurs = async (store: InMemoryEventStore): Promise<void> => {
  for (let i = 0; i < APPENDS; i++) {
    const round = Math.floor(i / STREAMS);
    await store.appendToStream(streamIds[i % STREAMS] as string, appendBatches[i] as DomainEvent[], {
      expectedVersion: round,
    });
  }
};
const fillHand = async (store: HandStore): Promise<void> => {
  for (let i = 0; i < APPENDS; i++) {
    await store.append(streamIds[i % STREAMS] as string, appendBatches[i] as DomainEvent[], Math.floor(i / STREAMS));
  }
};
const fillEmmett = async (store: ReturnType<typeof getInMemoryEventStore>): Promise<void> => {
  for (let i = 0; i < APPENDS; i++) {
    const round = Math.floor(i / STREAMS);
    await store.appendToStream(
      streamIds[i % STREAMS] as string,
      emmettBatches[i] as never,
      {
        expectedStreamVersion: BigInt(round),
      } as never,
    );
  }
};

const fillOursBatched = async (store: InMemoryEventStore): Promise<void> => {
  for (let k = 0; k < tenAtATime.length; k++) {
    await store.appendToStream(streamIds[k % STREAMS] as string, tenAtATime[k] as DomainEvent[], {
      expectedVersion: Math.floor(k / STREAMS) * BATCH,
    });
  }
};
const fillHandBatched = async (store: HandStore): Promise<void> => {
  for (let k = 0; k < tenAtATime.length; k++) {
    await store.append(
      streamIds[k % STREAMS] as string,
      tenAtATime[k] as DomainEvent[],
      Math.floor(k / STREAMS) * BATCH,
    );
  }
};
const fillEmmettBatched = async (store: ReturnType<typeof getInMemoryEventStore>): Promise<void> => {
  for (let k = 0; k < tenAtATime.length; k++) {
    const events = (tenAtATime[k] as DomainEvent[]).map((e) => ({
      type: e.type,
      data: e.payload as Record<string, unknown>,
    }));
    await store.appendToStream(
      streamIds[k % STREAMS] as string,
      events as never,
      {
        expectedStreamVersion: BigInt(Math.floor(k / STREAMS) * BATCH),
      } as never,
    );
  }
};

const appendBatched = defineWorkload({
  name: 'event-sourcing/append 10k events, 100 streams, 10 per append, expected versions',
  opsPerCall: APPENDS,
  baseline: { name: 'hand-written Map store', fn: async () => fillHandBatched(new HandStore()) },
  contenders: [
    { name: 'InMemoryEventStore', fn: async () => fillOursBatched(new InMemoryEventStore()) },
    {
      name: 'InMemoryEventStore + registry (zod)',
      fn: async () => fillOursBatched(new InMemoryEventStore({ registry })),
    },
    { name: 'emmett getInMemoryEventStore', fn: async () => fillEmmettBatched(getInMemoryEventStore()) },
  ],
  // Informational: per-append costs amortise in the hand-written store, per-event checks (ids,
  // envelope, JSON copy, idempotency index) do not.
});

const append = defineWorkload({
  name: 'event-sourcing/append 10k events, 100 streams, expected versions',
  opsPerCall: APPENDS,
  baseline: { name: 'hand-written Map store', fn: async () => fillHand(new HandStore()) },
  contenders: [
    { name: 'InMemoryEventStore', fn: async () => fillOurs(new InMemoryEventStore()) },
    { name: 'InMemoryEventStore + registry (zod)', fn: async () => fillOurs(new InMemoryEventStore({ registry })) },
    { name: 'emmett getInMemoryEventStore', fn: async () => fillEmmett(getInMemoryEventStore()) },
  ],
  targets: { InMemoryEventStore: 0.1 },
});

let filled:
  | {
      hand: HandStore;
      ours: InMemoryEventStore;
      compact: InMemoryEventStore;
      validated: InMemoryEventStore;
      emmett: ReturnType<typeof getInMemoryEventStore>;
    }
  | undefined;
const stores = async () => {
  if (filled !== undefined) return filled;
  const hand = new HandStore();
  const ours = new InMemoryEventStore();
  const compact = new InMemoryEventStore({ compact: true });
  const validated = new InMemoryEventStore({ registry });
  const emmett = getInMemoryEventStore();
  await Promise.all([fillHand(hand), fillOurs(ours), fillOurs(compact), fillOurs(validated), fillEmmett(emmett)]);
  filled = { hand, ours, compact, validated, emmett };
  return filled;
};

const read = defineWorkload({
  name: 'event-sourcing/read back 10k events (100 streams)',
  opsPerCall: APPENDS,
  baseline: {
    name: 'hand-written Map store',
    fn: async () => {
      const { hand } = await stores();
      for (const id of streamIds) sink.value = await hand.read(id);
    },
  },
  contenders: [
    {
      name: 'InMemoryEventStore.readStream',
      fn: async () => {
        const { ours } = await stores();
        for (const id of streamIds) sink.value = await ours.readStream(id);
      },
    },
    {
      name: 'InMemoryEventStore({ compact: true }).readStream',
      fn: async () => {
        const { compact } = await stores();
        for (const id of streamIds) sink.value = await compact.readStream(id);
      },
    },
    {
      name: 'InMemoryEventStore + registry .readStream',
      fn: async () => {
        const { validated } = await stores();
        for (const id of streamIds) sink.value = await validated.readStream(id);
      },
    },
    {
      name: 'InMemoryEventStore.readAll (pages of 500)',
      fn: async () => {
        const { ours } = await stores();
        let from = 0n;
        for (;;) {
          const page = await ours.readAll({ fromPosition: from, maxCount: 500 });
          if (page.length === 0) break;
          from = (page[page.length - 1] as { globalPosition: bigint }).globalPosition;
          sink.value = page;
        }
      },
    },
    {
      name: 'emmett readStream',
      fn: async () => {
        const { emmett } = await stores();
        for (const id of streamIds) sink.value = await emmett.readStream(id);
      },
    },
  ],
  targets: { 'InMemoryEventStore.readStream': 0.1, 'InMemoryEventStore + registry .readStream': 0.1 },
});

/** The event-sourcing workloads. */
export const eventSourcingWorkloads = [rehydrate, getById, append, appendBatched, read];

// ---- Memory per stored event ------------------------------------------------------------------
const MEMORY_EVENTS = 1_000_000;
/** The V8 heap in use after a full collection. */
const heapAfterGc = (): number => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};
const bytesPerEvent = async (
  metadataOf?: () => DomainEvent['metadata'],
  options: { compact?: boolean } = {},
): Promise<number> => {
  const before = heapAfterGc();
  const store = new InMemoryEventStore(options);
  await fillAccount(store, MEMORY_EVENTS, metadataOf);
  const after = heapAfterGc();
  sink.value = store;
  const bytes = (after - before) / MEMORY_EVENTS;
  sink.value = undefined;
  return bytes;
};
const memory = defineMeasurement({
  name: 'event-sourcing/memory per stored event (1M events, one per append)',
  unit: 'B/event',
  contenders: [
    { name: 'InMemoryEventStore', measure: () => bytesPerEvent() },
    { name: 'InMemoryEventStore({ compact: true })', measure: () => bytesPerEvent(undefined, { compact: true }) },
    {
      name: 'InMemoryEventStore, correlation + causation ids',
      measure: () => bytesPerEvent(() => ({ correlationId: newEventId(), causationId: newEventId() })),
    },
  ],
  max: { 'InMemoryEventStore({ compact: true })': 250 },
});

/** The event-sourcing measurements. */
export const eventSourcingMeasurements = [memory];
