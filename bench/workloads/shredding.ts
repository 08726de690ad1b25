/**
 * Crypto-shredding's overhead: appending and reading events with two personal fields (sealed with
 * AES-256-GCM per subject through WebCrypto) against the same events with no personal field,
 * both through an InMemoryEventStore with a registry, so the difference is the sealing alone.
 */
import * as z from 'zod';
import type { DomainEvent } from '../../src/core/DomainEvent.js';
import { defineEvent } from '../../src/core/defineEvent.js';
import { newEventId } from '../../src/core/newEventId.js';
import { CryptoShredder } from '../../src/event-sourcing/CryptoShredder.js';
import { defineEventRegistry } from '../../src/event-sourcing/EventRegistry.js';
import { InMemoryEventStore } from '../../src/event-sourcing/InMemoryEventStore.js';
import { InMemoryKeyStore } from '../../src/event-sourcing/InMemoryKeyStore.js';
import { personal } from '../../src/event-sourcing/personal.js';
import {
  type ClosableSqlClient,
  migrate,
  openPGlite,
  PostgresEventStore,
  PostgresKeyStore,
} from '../../src/postgres/index.js';
import { defineWorkload, sink, type Workload } from '../harness.js';

const ofCustomer = { subject: (payload: Readonly<Record<string, unknown>>) => payload.customerId };
const shape = { customerId: z.string(), city: z.string(), tier: z.int() };
const Personal = defineEvent(
  'CustomerRegistered',
  z.object({ ...shape, name: personal(z.string(), ofCustomer), email: personal(z.string(), ofCustomer) }),
);
const Plain = defineEvent('CustomerRegistered', z.object({ ...shape, name: z.string(), email: z.string() }));
const personalRegistry = defineEventRegistry({ current: [Personal] });
const plainRegistry = defineEventRegistry({ current: [Plain] });

const STREAMS = 100;
const PER_STREAM = 10;
const EVENTS = STREAMS * PER_STREAM;

/** 1,000 events of 100 customers (one stream and one subject each), distinct ids and timestamps. */
const streams: { readonly id: string; readonly events: readonly DomainEvent[] }[] = Array.from(
  { length: STREAMS },
  (_, s) => {
    const id = newEventId();
    return {
      id,
      events: Array.from({ length: PER_STREAM }, (_, v) => ({
        id: newEventId(),
        type: 'CustomerRegistered',
        schemaVersion: 1,
        aggregateId: id,
        aggregateVersion: v + 1,
        occurredAt: new Date(Date.UTC(2026, 0, 1, 0, s, v)).toISOString(),
        payload: {
          customerId: id,
          city: `City ${s}`,
          tier: v,
          name: `Customer ${s}-${v}`,
          email: `c${s}.${v}@example.com`,
        },
        metadata: {},
      })),
    };
  },
);

const keys = new InMemoryKeyStore();
const shredder = new CryptoShredder({ registry: personalRegistry, keys });
const plainStore = () => new InMemoryEventStore({ registry: plainRegistry });
const shreddedStore = () => new InMemoryEventStore({ shredder });

async function fill(store: InMemoryEventStore): Promise<InMemoryEventStore> {
  for (const { id, events } of streams) {
    await store.appendToStream(id, events, { expectedVersion: 'no_stream' });
  }
  return store;
}

const filled: { plain?: InMemoryEventStore; shredded?: InMemoryEventStore } = {};

const append = defineWorkload({
  name: 'shredding/append 1k events (10 per append), 2 personal fields vs none',
  opsPerCall: EVENTS,
  baseline: {
    name: 'InMemoryEventStore + registry, no personal field',
    fn: async () => void (await fill(plainStore())),
  },
  contenders: [
    {
      name: 'InMemoryEventStore + CryptoShredder, 2 personal fields',
      fn: async () => void (await fill(shreddedStore())),
    },
  ],
  iterations: 20,
});

const read = defineWorkload({
  name: 'shredding/readAll 1k events, 2 personal fields vs none',
  opsPerCall: EVENTS,
  setup: async () => {
    filled.plain = await fill(plainStore());
    filled.shredded = await fill(shreddedStore());
  },
  baseline: {
    name: 'InMemoryEventStore + registry, no personal field (decoded once, cached)',
    fn: async () => {
      sink.value = await (filled.plain as InMemoryEventStore).readAll();
    },
  },
  contenders: [
    {
      name: 'InMemoryEventStore + CryptoShredder, 2 personal fields (opened on every read)',
      fn: async () => {
        sink.value = await (filled.shredded as InMemoryEventStore).readAll();
      },
    },
  ],
  iterations: 20,
});

/** The same on PGlite: each appended batch and each read pays its key store round trip. */
const pg: { client?: ClosableSqlClient; plain?: PostgresEventStore; shredded?: PostgresEventStore; round: number } = {
  round: 0,
};
const pgSetup = async () => {
  const client = await openPGlite();
  await migrate(client, { schema: 'plain' });
  await migrate(client, { schema: 'shredded' });
  const pgShredder = new CryptoShredder({
    registry: personalRegistry,
    keys: new PostgresKeyStore({ client, schema: 'shredded' }),
  });
  Object.assign(pg, {
    client,
    plain: new PostgresEventStore({ client, schema: 'plain', registry: plainRegistry }),
    shredded: new PostgresEventStore({ client, schema: 'shredded', shredder: pgShredder }),
  });
};
const pgTeardown = async () => {
  await pg.client?.close();
};
/** 100 events, 10 per append, into streams not used before (the ids are made unique per round). */
async function fillPg(store: PostgresEventStore): Promise<void> {
  const round = ++pg.round;
  for (const { id, events } of streams.slice(0, 10)) {
    const stream = `${id}-${round}`;
    await store.appendToStream(
      stream,
      events.map((event) => ({
        ...event,
        id: newEventId(),
        aggregateId: stream,
        payload: { ...(event.payload as object), customerId: stream },
      })),
      { expectedVersion: 'no_stream' },
    );
  }
}

const pgAppend = defineWorkload({
  name: 'shredding/PGlite append 100 events (10 per append), 2 personal fields vs none',
  opsPerCall: 100,
  setup: pgSetup,
  teardown: pgTeardown,
  baseline: {
    name: 'PostgresEventStore + registry, no personal field',
    fn: () => fillPg(pg.plain as PostgresEventStore),
  },
  contenders: [
    {
      name: 'PostgresEventStore + CryptoShredder (PostgresKeyStore)',
      fn: () => fillPg(pg.shredded as PostgresEventStore),
    },
  ],
  iterations: 10,
});

const pgRead = defineWorkload({
  name: 'shredding/PGlite readAll 500 events, 2 personal fields vs none',
  opsPerCall: 500,
  setup: async () => {
    await pgSetup();
    for (let i = 0; i < 5; i++) {
      await fillPg(pg.plain as PostgresEventStore);
      await fillPg(pg.shredded as PostgresEventStore);
    }
  },
  teardown: pgTeardown,
  baseline: {
    name: 'PostgresEventStore + registry, no personal field',
    fn: async () => {
      sink.value = await (pg.plain as PostgresEventStore).readAll({ maxCount: 500 });
    },
  },
  contenders: [
    {
      name: 'PostgresEventStore + CryptoShredder (PostgresKeyStore)',
      fn: async () => {
        sink.value = await (pg.shredded as PostgresEventStore).readAll({ maxCount: 500 });
      },
    },
  ],
  iterations: 10,
});

/** The shredding workloads. */
export const shreddingWorkloads: readonly Workload[] = [append, read, pgAppend, pgRead];
