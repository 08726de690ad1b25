import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventBus, OutboxRelay } from '../../src/cqrs/index.js';
import { defineEventRegistry } from '../../src/event-sourcing/EventRegistry.js';
import { eventSourced } from '../../src/event-sourcing/eventSourced.js';
import { InMemoryCheckpointStore } from '../../src/event-sourcing/InMemoryCheckpointStore.js';
import { InMemoryEventStore } from '../../src/event-sourcing/InMemoryEventStore.js';
import { defineProjection, projectEvent, subscribeProjection } from '../../src/event-sourcing/Projection.js';
import { ProjectionRunner } from '../../src/event-sourcing/ProjectionRunner.js';
import {
  type DomainEvent,
  InMemoryInbox,
  InMemoryOutbox,
  inMemoryStore,
  type MemoryTransaction,
} from '../../src/index.js';
import {
  Account,
  AccountCreated,
  type AccountEvent,
  AccountId,
  MoneyDeposited,
  MoneyWithdrawn,
} from './fixtures/Account.js';

const registry = defineEventRegistry({ current: [AccountCreated, MoneyDeposited, MoneyWithdrawn] });

/** One projection definition: balances and a count of movements, written through the runner's transaction. */
function balancesProjection() {
  const balances = new Map<string, number>();
  const movements = new Map<string, number>();
  const projection = defineProjection<AccountEvent, MemoryTransaction>({
    name: 'balances',
    handlers: {
      AccountCreated: (event, tx) =>
        tx.stage({ apply: () => void balances.set(event.aggregateId, event.payload.initialBalanceCents) }),
      MoneyDeposited: (event, tx) =>
        tx.stage({
          apply: () => {
            balances.set(event.aggregateId, (balances.get(event.aggregateId) ?? 0) + event.payload.cents);
            movements.set(event.aggregateId, (movements.get(event.aggregateId) ?? 0) + 1);
          },
        }),
      MoneyWithdrawn: (event, tx) =>
        tx.stage({
          apply: () => {
            balances.set(event.aggregateId, (balances.get(event.aggregateId) ?? 0) - event.payload.cents);
            movements.set(event.aggregateId, (movements.get(event.aggregateId) ?? 0) + 1);
          },
        }),
    },
  });
  return { projection, readModel: () => ({ balances: new Map(balances), movements: new Map(movements) }) };
}

const accountIds = [1, 2, 3].map((n) => AccountId.parse(`0192f7c4-7e3a-7b1e-9a57-00000000010${n}`));

describe('one projection definition, two sources', () => {
  it('gives the same read model from the event store (readAll) and from the outbox (event bus + inbox)', async () => {
    const operation = fc.record({
      account: fc.constantFrom(...accountIds),
      kind: fc.constantFrom('deposit', 'withdraw'),
      cents: fc.integer({ min: 1, max: 500 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { maxLength: 40 }), fc.integer({ min: 1, max: 7 }), async (ops, batch) => {
        const eventStore = new InMemoryEventStore({ registry });
        const outbox = new InMemoryOutbox();
        const bank = inMemoryStore({
          eventStore,
          outbox,
          aggregates: { accounts: eventSourced({ name: 'Account', create: (id: AccountId) => new Account(id) }) },
        });
        await bank.transaction((s) => {
          for (const id of accountIds) s.accounts.add(Account.create(id, `owner ${id}`, 1000));
        });
        for (const op of ops) {
          await bank
            .transaction(async (s) => {
              const account = await s.accounts.get(op.account);
              if (op.kind === 'deposit') account.deposit(op.cents);
              else account.withdraw(op.cents);
            })
            .catch(() => undefined); // an overdraft raises nothing and commits nothing
        }

        const fromStore = balancesProjection();
        await new ProjectionRunner({
          store: eventStore,
          projection: fromStore.projection,
          checkpoints: new InMemoryCheckpointStore(),
          batchSize: batch,
        }).catchUp();

        const fromOutbox = balancesProjection();
        const bus = new EventBus();
        const inbox = new InMemoryInbox();
        subscribeProjection(bus, fromOutbox.projection, { inbox });
        const relay = new OutboxRelay({ outbox, publisher: bus, batchSize: batch });
        await relay.drain();
        // At-least-once: delivering everything again changes nothing (the inbox drops it).
        for (const message of outbox.messages) if (message.kind === 'event') await bus.publish(message.event);

        expect(fromOutbox.readModel()).toEqual(fromStore.readModel());
        const stored = await eventStore.readAll();
        expect(outbox.messages.map((m) => m.id)).toEqual(stored.map((e) => e.id));
      }),
      { numRuns: 60 },
    );
  });

  it('applies nothing of an event whose handler throws, and records nothing in the inbox', async () => {
    const inbox = new InMemoryInbox();
    const seen: string[] = [];
    let fail = true;
    const projection = defineProjection<AccountEvent, MemoryTransaction>({
      name: 'flaky',
      handlers: {
        MoneyDeposited: (event, tx) => {
          tx.stage({ apply: () => void seen.push(event.id) });
          if (fail) throw new Error('read model down');
        },
      },
    });
    const bus = new EventBus({ onError: () => undefined });
    const stop = subscribeProjection(bus, projection, { inbox });
    const account = Account.create(accountIds[0] as AccountId, 'Ada', 0);
    account.deposit(5);
    const [, deposited] = account.pullEvents() as [DomainEvent, DomainEvent];
    await bus.publish(deposited);
    expect(seen).toEqual([]);
    expect(inbox.has('flaky', deposited.id)).toBe(false);
    fail = false;
    await bus.publish(deposited);
    await bus.publish(deposited);
    expect(seen).toEqual([deposited.id]);
    stop();
    // projectEvent tells whether the projection handles a type.
    expect(await projectEvent(projection, { ...deposited, type: 'Unknown' }, undefined as never)).toBe(false);
  });
});
