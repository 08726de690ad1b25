import { InvariantViolationError, inMemoryStore, stateStored } from 'tactical-ddd';
import { InMemoryEventStore } from 'tactical-ddd/event-sourcing';
// #region scenario
import { forAggregate } from 'tactical-ddd/testing';
import { describe, expect, it } from 'vitest';
import { Credited, Debited, registry, Wallet, WalletId } from './event-sourcing.js';
import { Cart } from './getting-started.js';
import { Reminder } from './testing.js';

describe('Wallet', () => {
  const wallet = forAggregate(() => new Wallet(WalletId.create()));

  it('debits within the balance', () => {
    wallet
      .given([Credited({ cents: 500 })]) // past events, numbered 1, 2, … for you
      .when((w) => w.debit(200)) // one synchronous command
      .then([Debited({ cents: 200 })]); // exactly these events (payload and schema version)
  });

  it('refuses to overdraw, by class or by fields, and raises nothing', () => {
    wallet
      .given([])
      .when((w) => w.debit(1))
      .then(InvariantViolationError);
    wallet
      .given([])
      .when((w) => w.debit(1))
      .then({ code: 'core.invariant_violation', invariant: 'wallet.funds' });
  });
});

// #endregion scenario

// #region clock-and-ids
import { FixedClock, sequentialIds } from 'tactical-ddd/testing';

it('stamps events with a fixed time and predictable ids', () => {
  const clock = new FixedClock('2026-11-25T09:00:00.000Z');
  const reminder = new Reminder('reminder-1', { clock, generateId: sequentialIds() });
  clock.advance(60_000); // one minute later
  reminder.setIn(30);

  const [event] = reminder.pullEvents();
  expect(event?.id).toBe('00000000-0000-7000-8000-000000000001');
  expect(event?.occurredAt).toBe('2026-11-25T09:01:00.000Z');
  expect(event?.payload.dueAt).toBe('2026-11-25T09:31:00.000Z');
});

// #endregion clock-and-ids

// #region conformance
import { eventStoreConformance, repositoryConformance } from 'tactical-ddd/testing/vitest';

// Your own adapters pass the suites ours pass: point them at your store and your repository.
eventStoreConformance(({ registry }) => new InMemoryEventStore({ registry }), { name: 'my event store' });

repositoryConformance<Cart>({
  name: 'my cart repository',
  makeRepository: () => inMemoryStore({ aggregates: { carts: stateStored<Cart>('Cart') } }).carts,
  newAggregate: () => {
    const cart = Cart.open();
    cart.add('TEA-001', 1);
    return cart;
  },
  change: (cart) => cart.add('MUG-042', 1),
  stateOf: (cart) => ({ status: cart.props.status, items: [...cart.props.items] }),
  unknownId: () => Cart.open().id,
});

// #endregion conformance

// #region drift
import { expectNoEventSchemaDrift } from 'tactical-ddd/testing';

it('keeps stored event schemas stable', () => {
  // Commit the snapshot file. A changed schema without a new schemaVersion fails here.
  expectNoEventSchemaDrift(
    registry,
    decodeURIComponent(new URL('./wallet-events.schema.json', import.meta.url).pathname),
  );
});
// #endregion drift

it('reports a scenario that does not hold', () => {
  const wallet = forAggregate(() => new Wallet(WalletId.create()));
  expect(() =>
    wallet
      .given([Credited({ cents: 500 })])
      .when((w) => w.debit(200))
      .then([Debited({ cents: 201 })]),
  ).toThrow(/event #1/);
});
