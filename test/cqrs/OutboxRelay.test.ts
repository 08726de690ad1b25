import { describe, expect, it } from 'vitest';
import { EventBus, OutboxRelay, type RelayFailure } from '../../src/cqrs/index.js';
import {
  type DomainEvent,
  InMemoryMessagePublisher,
  InMemoryOutbox,
  InMemoryRepository,
  InMemoryUnitOfWork,
  type Outbox,
  ValidationError,
} from '../../src/index.js';
import { Account, type AccountId } from '../core/accountFixtures.js';

function setup() {
  const outbox = new InMemoryOutbox();
  const accounts = new InMemoryRepository<Account, AccountId>({ name: 'Account', outbox });
  const unitOfWork = new InMemoryUnitOfWork();
  const eventBus = new EventBus();
  const received: DomainEvent[] = [];
  eventBus.subscribeAll((event) => void received.push(event));
  return { outbox, accounts, unitOfWork, eventBus, received };
}

const waitFor = async (condition: () => boolean) => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 2));
  expect(condition()).toBe(true);
};

describe('OutboxRelay', () => {
  it('publishes events to the event bus only after the unit of work commits, never on rollback', async () => {
    const { outbox, accounts, unitOfWork, eventBus, received } = setup();
    const relay = new OutboxRelay({ outbox, publisher: eventBus });
    const account = Account.open();
    await unitOfWork.run(async (tx) => {
      account.deposit(1);
      await accounts.withTransaction(tx).save(account);
      expect(await relay.drain()).toBe(0);
      expect(received).toEqual([]);
    });
    await expect(
      unitOfWork.run(async (tx) => {
        const loaded = await accounts.withTransaction(tx).getById(account.id);
        loaded.deposit(2);
        await accounts.withTransaction(tx).save(loaded);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await relay.drain()).toBe(1);
    expect(received.map((e) => e.payload)).toEqual([{ amount: 1 }]);
    expect(await relay.drain()).toBe(0);
  });

  it('also relays events raised by subscribers while it drains, in commit order', async () => {
    const { outbox, accounts, eventBus, received } = setup();
    eventBus.subscribe('Deposited', async (event) => {
      if ((event.payload as { amount: number }).amount < 3) {
        const loaded = await accounts.getById(event.aggregateId as AccountId);
        loaded.deposit((event.payload as { amount: number }).amount + 1);
        await accounts.save(loaded);
      }
    });
    const account = Account.open();
    account.deposit(1);
    await accounts.save(account);
    const relay = new OutboxRelay({ outbox, publisher: eventBus, batchSize: 1 });
    expect(await relay.drain()).toBe(3);
    expect(received.map((e) => e.payload)).toEqual([{ amount: 1 }, { amount: 2 }, { amount: 3 }]);
  });

  it('drain rejects with the publisher error and keeps the message for a retry', async () => {
    const { outbox, accounts } = setup();
    let down = true;
    const publisher = new InMemoryMessagePublisher();
    const relay = new OutboxRelay({
      outbox,
      publisher: {
        publish: (event) => (down ? Promise.reject(new Error('broker down')) : publisher.publish(event)),
      },
      retryDelayMs: () => 0,
    });
    const account = Account.open();
    account.deposit(1);
    await accounts.save(account);
    await expect(relay.drain()).rejects.toThrow('broker down');
    expect(outbox.pending[0]).toMatchObject({ attempts: 1, lastError: 'broker down' });
    down = false;
    expect(await relay.drain()).toBe(1);
    expect(publisher.published).toHaveLength(1);
  });

  it('runs in the background: woken by commits, reporting failures to onError, until stopped', async () => {
    const { outbox, accounts, eventBus, received } = setup();
    const failures: RelayFailure[] = [];
    let fail = true;
    eventBus.subscribe('Deposited', () => {
      if (fail) {
        fail = false;
        throw new Error('first delivery fails');
      }
    });
    const relay = new OutboxRelay({
      outbox,
      publisher: eventBus,
      pollIntervalMs: 5,
      retryDelayMs: () => 0,
      onError: (failure) => void failures.push(failure),
    });
    relay.start();
    relay.start();
    const account = Account.open();
    account.deposit(1);
    await accounts.save(account);
    await waitFor(() => outbox.pending.length === 0);
    expect(failures).toHaveLength(1);
    expect(failures[0]?.message?.event.id).toBe(received[0]?.id);
    // At least once: the subscriber that did not fail saw the event twice.
    expect(received).toHaveLength(2);
    await relay.stop();
    account.deposit(2);
    await accounts.save(account);
    await new Promise((resolve) => setTimeout(resolve, 15));
    expect(outbox.pending).toHaveLength(1);
  });

  it('polls an outbox that cannot watch, and reports an outbox that fails', async () => {
    const inner = new InMemoryOutbox();
    let broken = false;
    const outbox: Outbox = {
      add: (events, tx) => inner.add(events, tx),
      publishPending: (publish, options) =>
        broken ? Promise.reject(new Error('db down')) : inner.publishPending(publish, options),
    };
    const publisher = new InMemoryMessagePublisher();
    const failures: RelayFailure[] = [];
    const relay = new OutboxRelay({ outbox, publisher, pollIntervalMs: 2, onError: (f) => void failures.push(f) });
    relay.start();
    const account = Account.open();
    account.deposit(1);
    await outbox.add(account.pullEvents());
    await waitFor(() => publisher.published.length === 1);
    broken = true;
    await waitFor(() => failures.length > 0);
    expect(failures[0]).toEqual({ error: new Error('db down') });
    await relay.stop();
  });

  it('rejects bad options', () => {
    const outbox = new InMemoryOutbox();
    const publisher = new InMemoryMessagePublisher();
    expect(() => new OutboxRelay({ outbox, publisher, batchSize: 0 })).toThrow(ValidationError);
    expect(() => new OutboxRelay({ outbox, publisher, pollIntervalMs: -1 })).toThrow(/pollIntervalMs/);
  });
});
