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

/** The shredding workloads. */
export const shreddingWorkloads: readonly Workload[] = [append, read];
