import { describe, expect, it } from 'vitest';
import { EventBus, OutboxRelay, type RelayFailure } from '../../src/cqrs/index.js';
import {
  type DomainEvent,
  InMemoryMessagePublisher,
  InMemoryOutbox,
  inMemoryStore,
  type Outbox,
  stateStored,
  ValidationError,
} from '../../src/index.js';
import { Account, type AccountId } from '../core/accountFixtures.js';

function setup() {
  const outbox = new InMemoryOutbox();
  const store = inMemoryStore({ outbox, aggregates: { accounts: stateStored<Account>('Account') } });
  const accounts = store.accounts;
  const eventBus = new EventBus();
  const received: DomainEvent[] = [];
  eventBus.subscribeAll((event) => void received.push(event));
  return { outbox, store, accounts, eventBus, received };
}

const waitFor = async (condition: () => boolean) => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 2));
  expect(condition()).toBe(true);
};

describe('OutboxRelay', () => {
  it('publishes events to the event bus only after the session commits, never on rollback', async () => {
    const { outbox, store, eventBus, received } = setup();
    const relay = new OutboxRelay({ outbox, publisher: eventBus });
    const account = Account.open();
    await store.transaction(async (s) => {
      account.deposit(1);
      s.accounts.add(account);
      expect(await relay.drain()).toBe(0);
      expect(received).toEqual([]);
    });
    await expect(
      store.transaction(async (s) => {
        const loaded = await s.accounts.get(account.id);
        loaded.deposit(2);
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
    expect(failures[0]?.message?.id).toBe(received[0]?.id);
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
    const store = inMemoryStore({ outbox: inner, aggregates: {} });
    let broken = false;
    const outbox: Outbox = {
      publishPending: (publish, options) =>
        broken ? Promise.reject(new Error('db down')) : inner.publishPending(publish, options),
    };
    const publisher = new InMemoryMessagePublisher();
    const failures: RelayFailure[] = [];
    const relay = new OutboxRelay({ outbox, publisher, pollIntervalMs: 2, onError: (f) => void failures.push(f) });
    relay.start();
    const account = Account.open();
    account.deposit(1);
    await store.transaction((s) => {
      for (const event of account.pullEvents()) s.publish(event);
    });
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

  it('delivers commands from the outbox to the command sender, in commit order with the events', async () => {
    const outbox = new InMemoryOutbox();
    const store = inMemoryStore({ outbox, aggregates: { accounts: stateStored<Account>('Account') } });
    const log: string[] = [];
    const batches: number[] = [];
    const publisher = {
      publish: async (event: DomainEvent) => void log.push(`event ${event.type}`),
      publishBatch: async (events: readonly DomainEvent[]) => {
        batches.push(events.length);
        for (const event of events) log.push(`event ${event.type}`);
      },
    };
    const account = Account.open();
    account.deposit(5);
    await store.transaction(
      (s) => {
        s.accounts.add(account);
        s.send({ type: 'NotifyOwner', id: 'cmd-1', payload: { amount: 5 }, metadata: {} });
      },
      { metadata: { correlationId: 'req-7' } },
    );
    const sent: unknown[] = [];
    const relay = new OutboxRelay({ outbox, publisher, commands: async (command) => void sent.push(command) });
    expect(await relay.drain()).toBe(2);
    expect(log).toEqual(['event Deposited']);
    // A batch holding a command goes one message at a time; only the events went to `publish`.
    expect(batches).toEqual([]);
    expect(sent).toEqual([
      { type: 'NotifyOwner', id: 'cmd-1', payload: { amount: 5 }, metadata: { correlationId: 'req-7' } },
    ]);
  });

  it("uses the publisher's send for commands, and fails (then retries) a command nothing can deliver", async () => {
    const outbox = new InMemoryOutbox();
    const store = inMemoryStore({ outbox, aggregates: {} });
    await store.transaction((s) => s.send({ type: 'Ship', id: 'cmd-2', payload: {}, metadata: {} }));
    const failures: RelayFailure[] = [];
    const mute = new OutboxRelay({
      outbox,
      publisher: new InMemoryMessagePublisher(),
      retryDelayMs: () => 0,
      onError: (f) => void failures.push(f),
    });
    await expect(mute.drain()).rejects.toMatchObject({ rule: 'no_command_sender', field: 'commands' });
    expect(outbox.pending).toMatchObject([{ kind: 'command', attempts: 1 }]);
    const sent: string[] = [];
    const relay = new OutboxRelay({
      outbox,
      publisher: { publish: async () => undefined, send: async (command) => void sent.push(command.id) },
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await relay.drain()).toBe(1);
    expect(sent).toEqual(['cmd-2']);
    expect(failures).toEqual([]);
  });
});
