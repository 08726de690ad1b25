import 'reflect-metadata';
import { getInMemoryEventStore } from '@event-driven-io/emmett';
import { AggregateRoot as NestAggregateRoot } from '@nestjs/cqrs';
import * as z from 'zod';
import { deepFreeze } from '../../src/core/deepFreeze.js';
import { defineEventRegistry } from '../../src/event-sourcing/EventRegistry.js';
import { type EventHandlers, EventSourcedAggregate } from '../../src/event-sourcing/EventSourcedAggregate.js';
import { InMemoryEventStore } from '../../src/event-sourcing/InMemoryEventStore.js';
import { type AggregateOptions, type DomainEvent, defineEvent, type EventOf } from '../../src/index.js';
import { sequentialIds } from '../../src/testing/sequentialIds.js';
import { defineWorkload, sink } from '../harness.js';

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
}

// ---- Rehydration from 1,000,000 events -------------------------------------------------------
// One array of event objects serves every contender. They are instances of classes named after
// the event type because @nestjs/cqrs finds handlers by constructor name (`onMoneyDeposited`);
// the other contenders only read their fields. Ids, dates, metadata and payloads are shared to
// keep the array near 100 MB.
const N = 1_000_000;
const ID = '0192f7c4-7e3a-7b1e-9a57-000000000001';
const AT = '2026-11-25T09:00:00.000Z';
const META = Object.freeze({});
abstract class Envelope<TType extends string, TPayload> {
  readonly id = ID;
  readonly schemaVersion = 1;
  readonly aggregateId = ID;
  readonly occurredAt = AT;
  readonly metadata = META;
  constructor(
    readonly type: TType,
    readonly aggregateVersion: number,
    readonly payload: TPayload,
  ) {}
}
class AccountCreated extends Envelope<'AccountCreated', { ownerName: string; initialBalanceCents: number }> {}
class MoneyDeposited extends Envelope<'MoneyDeposited', { cents: number }> {}
class MoneyWithdrawn extends Envelope<'MoneyWithdrawn', { cents: number }> {}

let history: AccountEvent[] | undefined;
const events = (): AccountEvent[] => {
  if (history !== undefined) return history;
  const amounts = Array.from({ length: 64 }, (_, i) => Object.freeze({ cents: 100 + i }));
  history = new Array<AccountEvent>(N);
  history[0] = new AccountCreated('AccountCreated', 1, { ownerName: 'Ada', initialBalanceCents: 1_000_000 });
  for (let i = 1; i < N; i++) {
    const payload = amounts[i & 63] as { cents: number };
    history[i] =
      i % 3 === 0
        ? new MoneyWithdrawn('MoneyWithdrawn', i + 1, payload)
        : new MoneyDeposited('MoneyDeposited', i + 1, payload);
  }
  return history;
};

class NestAccount extends NestAggregateRoot {
  ownerName = '';
  balanceCents = 0;
  version = 0;
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
  name: 'event-sourcing/rehydrate 1M events',
  opsPerCall: N,
  baseline: {
    name: 'hand-written for-loop reducer',
    fn: () => {
      const all = events();
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
    },
  },
  contenders: [
    {
      name: 'EventSourcedAggregate.rehydrate',
      fn: () => {
        sink.value = new Account(ID).rehydrate(events());
      },
    },
    {
      name: '@nestjs/cqrs loadFromHistory',
      fn: () => {
        const account = new NestAccount();
        account.loadFromHistory(events());
        sink.value = account;
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

// ---- Appending and reading 10,000 events across 100 streams --------------------------------------
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
      validated: InMemoryEventStore;
      emmett: ReturnType<typeof getInMemoryEventStore>;
    }
  | undefined;
const stores = async () => {
  if (filled !== undefined) return filled;
  const hand = new HandStore();
  const ours = new InMemoryEventStore();
  const validated = new InMemoryEventStore({ registry });
  const emmett = getInMemoryEventStore();
  await Promise.all([fillHand(hand), fillOurs(ours), fillOurs(validated), fillEmmett(emmett)]);
  filled = { hand, ours, validated, emmett };
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
export const eventSourcingWorkloads = [rehydrate, append, appendBatched, read];
