import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { defineEventRegistry } from '../../src/event-sourcing/EventRegistry.js';
import type { EventStore } from '../../src/event-sourcing/EventStore.js';
import { InMemoryEventStore } from '../../src/event-sourcing/InMemoryEventStore.js';
import { defineEvent, ValidationError } from '../../src/index.js';
import { Money } from '../../src/money/Money.js';
import { type ClosableSqlClient, migrate, openPGlite, PostgresEventStore } from '../../src/postgres/index.js';
import { sequentialIds } from '../../src/testing/sequentialIds.js';

// A payload schema that transforms (Money.schema reads { amount, currency } into a Money): the
// creator's event holds the output, the store keeps and re-reads the JSON form.
const Deposited = defineEvent('Deposited', z.object({ money: Money.schema, note: z.string() }));
const registry = defineEventRegistry({ current: [Deposited] });
const ids = sequentialIds();
const deposited = (amount: string, version: number) => ({
  ...Deposited({ money: { amount, currency: 'EUR' }, note: 'n' }),
  id: ids(),
  aggregateId: 'acc-1',
  aggregateVersion: version,
  occurredAt: '2026-11-25T09:00:00.000Z',
  metadata: {},
});

let pglite: ClosableSqlClient;
beforeAll(async () => {
  pglite = await openPGlite();
  await migrate(pglite, { schema: 'transforming' });
}, 60_000);
afterAll(async () => {
  await pglite.close();
});

const stores: [string, () => Promise<EventStore>][] = [
  ['InMemoryEventStore', async () => new InMemoryEventStore({ registry })],
  [
    'PostgresEventStore on PGlite',
    async () => new PostgresEventStore({ client: pglite, schema: 'transforming', registry }),
  ],
];

describe.each(stores)('%s with a transforming payload schema', (_name, open) => {
  it('appends events whose payload holds the schema output, and reads them back as output', async () => {
    const store = await open();
    const first = deposited('10.50', 1);
    expect(first.payload.money).toBeInstanceOf(Money);
    await store.appendToStream('acc-1', [first, deposited('0.25', 2)], { expectedVersion: 'no_stream' });
    const read = await store.readStream('acc-1');
    const amounts = read.map((event) => (event.payload as { money: unknown }).money);
    expect(amounts[0]).toBeInstanceOf(Money);
    expect(amounts.map((money) => (money as Money).toJSON())).toEqual([
      { amount: '10.50', currency: 'EUR' },
      { amount: '0.25', currency: 'EUR' },
    ]);
  });

  it('still rejects a payload whose JSON form breaks the schema, naming the field, and stores nothing', async () => {
    const store = await open();
    const bad = { ...deposited('1.00', 1), payload: { money: { amount: '1.001', currency: 'EUR' }, note: 'n' } };
    const error = await store.appendToStream('acc-2', [bad]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]?.field).toBe('events.0.payload.money.amount');
    expect(await store.readStream('acc-2')).toEqual([]);
  });
});

const registryless: [string, () => Promise<EventStore>][] = [
  ['InMemoryEventStore', async () => new InMemoryEventStore()],
  ['PostgresEventStore on PGlite', async () => new PostgresEventStore({ client: pglite, schema: 'transforming' })],
];

// Without a registry a store hands back the JSON it kept: a Money (or a Date) raised in a payload
// would come back as plain JSON, and `when` handlers would see two shapes. So it is refused.
describe.each(registryless)('%s without a registry', (_name, open) => {
  it('refuses a payload value that only toJSON makes JSON (registry_required), naming the field, storing nothing', async () => {
    const store = await open();
    const withDate = { ...deposited('1.00', 2), payload: { at: new Date('2026-01-01T00:00:00.000Z') } };
    for (const [batch, field] of [
      [[deposited('1.00', 1)], 'events.0.payload.money'],
      [[{ ...deposited('1.00', 1), payload: { note: 'plain' } }, withDate], 'events.1.payload.at'],
    ] as const) {
      const error = await store.appendToStream('acc-3', [...batch]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ rule: 'registry_required', field });
      expect((error as ValidationError).message).toMatch(/registry/);
    }
    expect(await store.readStream('acc-3')).toEqual([]);
  });

  it('keeps plain JSON payloads as they were written', async () => {
    const store = await open();
    const plain = { ...deposited('1.00', 1), payload: { money: { amount: '1.00', currency: 'EUR' }, note: 'n' } };
    await store.appendToStream('acc-4', [plain]);
    const [read] = await store.readStream('acc-4');
    expect(read?.payload).toEqual({ money: { amount: '1.00', currency: 'EUR' }, note: 'n' });
  });
});
