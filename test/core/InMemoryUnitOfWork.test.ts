import { describe, expect, it } from 'vitest';
import {
  ConcurrencyError,
  type DomainEvent,
  InMemoryOutbox,
  InMemoryRepository,
  InMemoryUnitOfWork,
  NotFoundError,
  type Transaction,
  TransactionClosedError,
} from '../../src/index.js';
import { Account, type AccountId } from './accountFixtures.js';

function setup() {
  const outbox = new InMemoryOutbox();
  const accounts = new InMemoryRepository<Account, AccountId>({ name: 'Account', outbox });
  const ledgers = new InMemoryRepository<Account, AccountId>({ name: 'Ledger', outbox });
  const unitOfWork = new InMemoryUnitOfWork();
  return { outbox, accounts, ledgers, unitOfWork };
}

describe('InMemoryUnitOfWork', () => {
  it('applies state and outbox entries of several aggregates and repositories only on commit', async () => {
    const { outbox, accounts, ledgers, unitOfWork } = setup();
    const a = Account.open();
    const b = Account.open();
    let seenInside: number | undefined;
    const result = await unitOfWork.run(async (tx) => {
      a.deposit(10);
      b.deposit(5);
      await accounts.withTransaction(tx).save(a);
      await ledgers.withTransaction(tx).save(b);
      // Nothing is visible outside the transaction before commit.
      expect(await accounts.findById(a.id)).toBeUndefined();
      expect(await ledgers.count()).toBe(0);
      expect(outbox.messages).toHaveLength(0);
      // The transaction reads its own writes.
      seenInside = (await accounts.withTransaction(tx).getById(a.id)).balance;
      return 'done';
    });
    expect(result).toBe('done');
    expect(seenInside).toBe(10);
    expect((await accounts.getById(a.id)).balance).toBe(10);
    expect((await ledgers.getById(b.id)).balance).toBe(5);
    expect(outbox.pending.map((m) => m.event.aggregateId)).toEqual([a.id, b.id]);
  });

  it('discards everything when the work throws', async () => {
    const { outbox, accounts, ledgers, unitOfWork } = setup();
    const a = Account.open();
    await accounts.save(a);
    const boom = new Error('boom');
    await expect(
      unitOfWork.run(async (tx) => {
        const loaded = await accounts.withTransaction(tx).getById(a.id);
        loaded.deposit(3);
        await accounts.withTransaction(tx).save(loaded);
        const other = Account.open();
        other.deposit(1);
        await ledgers.withTransaction(tx).save(other);
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect((await accounts.getById(a.id)).balance).toBe(0);
    expect((await accounts.getById(a.id)).version).toBe(1);
    expect(await ledgers.count()).toBe(0);
    expect(outbox.messages).toHaveLength(0);
  });

  it('rolls back all writes when one version conflicts at commit', async () => {
    const { outbox, accounts, ledgers, unitOfWork } = setup();
    const a = Account.open();
    await accounts.save(a);
    const other = Account.open();
    const attempt = unitOfWork.run(async (tx) => {
      const loaded = await accounts.withTransaction(tx).getById(a.id);
      loaded.deposit(3);
      await accounts.withTransaction(tx).save(loaded);
      other.deposit(2);
      await ledgers.withTransaction(tx).save(other);
      // Someone else saves the same account meanwhile (outside this unit of work).
      const concurrent = await accounts.getById(a.id);
      concurrent.deposit(100);
      await accounts.save(concurrent);
    });
    const error = await attempt.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConcurrencyError);
    expect(error).toMatchObject({ streamId: a.id, expected: 1, actual: 2 });
    expect((await accounts.getById(a.id)).balance).toBe(100);
    expect(await ledgers.findById(other.id)).toBeUndefined();
    expect(outbox.messages.map((m) => m.event.payload)).toEqual([{ amount: 100 }]);
  });

  it('fails fast on a stale aggregate inside the transaction', async () => {
    const { accounts, unitOfWork } = setup();
    const a = Account.open();
    await accounts.save(a);
    const stale = await accounts.getById(a.id);
    const fresh = await accounts.getById(a.id);
    fresh.deposit(1);
    await accounts.save(fresh);
    await expect(
      unitOfWork.run(async (tx) => {
        stale.deposit(1);
        await accounts.withTransaction(tx).save(stale);
      }),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    expect((await accounts.getById(a.id)).balance).toBe(1);
  });

  it('stamps the unit of work metadata on stored events, the events own keys winning', async () => {
    const { outbox, accounts, unitOfWork } = setup();
    const a = Account.open();
    await unitOfWork.run(
      async (tx) => {
        a.deposit(7);
        await accounts.withTransaction(tx).save(a);
      },
      { metadata: { correlationId: 'corr-1', causationId: 'cmd-1', tenant: 't1' } },
    );
    const [message] = outbox.messages;
    expect(message?.event.metadata).toEqual({ correlationId: 'corr-1', causationId: 'cmd-1', tenant: 't1' });
    expect(Object.isFrozen(message?.event)).toBe(true);
    expect(Object.isFrozen(message?.event.metadata)).toBe(true);
  });

  it('supports save then delete of the same aggregate in one transaction', async () => {
    const { outbox, accounts, unitOfWork } = setup();
    const a = Account.open();
    await unitOfWork.run(async (tx) => {
      const repo = accounts.withTransaction(tx);
      a.deposit(1);
      await repo.save(a);
      a.deposit(2);
      await repo.save(a);
      expect(a.version).toBe(2);
      expect(await repo.count()).toBe(1);
      await repo.delete(a);
      expect(await repo.findById(a.id)).toBeUndefined();
      expect(await repo.findAll()).toEqual([]);
      // As outside a unit of work: the version is checked first, and the deleted one counts as 0.
      await expect(repo.delete(a)).rejects.toBeInstanceOf(ConcurrencyError);
      await expect(repo.delete(Account.open())).rejects.toBeInstanceOf(NotFoundError);
    });
    expect(await accounts.count()).toBe(0);
    expect(outbox.messages.map((m) => m.event.aggregateVersion)).toEqual([1, 2]);
  });

  it('refuses writes through a transaction that already ended', async () => {
    const { accounts, unitOfWork } = setup();
    let kept: Transaction | undefined;
    await unitOfWork.run((tx) => {
      kept = tx;
    });
    const a = Account.open();
    a.deposit(1);
    const closed = accounts.withTransaction(kept as Transaction);
    const error = await closed.save(a).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TransactionClosedError);
    expect(error).toMatchObject({
      code: 'core.transaction_closed',
      status: 'committed',
      name: 'TransactionClosedError',
    });
    expect(await accounts.count()).toBe(0);
    expect(a.pendingEvents).toHaveLength(1);
  });

  it('runs the legacy publish sink at commit, and a throwing sink rolls the whole transaction back', async () => {
    const published: DomainEvent[][] = [];
    let fail = true;
    const accounts = new InMemoryRepository<Account, AccountId>({
      publish: (events) => {
        if (fail) throw new Error('sink down');
        published.push([...events]);
      },
    });
    const outbox = new InMemoryOutbox();
    const ledgers = new InMemoryRepository<Account, AccountId>({ outbox });
    const unitOfWork = new InMemoryUnitOfWork();
    const run = (a: Account, b: Account) =>
      unitOfWork.run(async (tx) => {
        a.deposit(1);
        b.deposit(1);
        await ledgers.withTransaction(tx).save(b);
        await accounts.withTransaction(tx).save(a);
        expect(published).toEqual([]);
      });
    await expect(run(Account.open(), Account.open())).rejects.toThrow('sink down');
    expect(await ledgers.count()).toBe(0);
    expect(outbox.messages).toEqual([]);
    fail = false;
    await run(Account.open(), Account.open());
    expect(published).toHaveLength(1);
    expect(await ledgers.count()).toBe(1);
  });

  it('keeps a repository without unit of work working as before (own transaction per save)', async () => {
    const { outbox, accounts } = setup();
    const a = Account.open();
    a.deposit(4);
    await accounts.save(a);
    expect(a.pendingEvents).toEqual([]);
    expect(a.version).toBe(1);
    expect(outbox.pending).toHaveLength(1);
    const twice = await accounts.getById(a.id);
    const stale = await accounts.getById(a.id);
    twice.deposit(1);
    stale.deposit(2);
    const results = await Promise.allSettled([accounts.save(twice), accounts.save(stale)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect(stale.pendingEvents).toHaveLength(1);
    expect(outbox.pending).toHaveLength(2);
  });
});

describe('InMemoryRepository.withTransaction reads', () => {
  it('filters and pages over committed and staged aggregates together', async () => {
    const { accounts, unitOfWork } = setup();
    const stored = [Account.open(), Account.open(), Account.open()];
    for (const [i, account] of stored.entries()) {
      account.deposit(i + 1);
      await accounts.save(account);
    }
    await unitOfWork.run(async (tx) => {
      const repo = accounts.withTransaction(tx);
      const added = Account.open();
      added.deposit(10);
      await repo.save(added);
      await repo.delete(await repo.getById(stored[0]?.id as AccountId));
      const rich = (a: Account) => a.balance >= 2;
      expect((await repo.findAll(rich)).map((a) => a.balance).sort((x, y) => x - y)).toEqual([2, 3, 10]);
      expect(await repo.count(rich)).toBe(3);
      expect(await repo.findAll(undefined, { offset: 1, limit: 1 })).toHaveLength(1);
      await expect(repo.findAll(undefined, { limit: -1 })).rejects.toMatchObject({ field: 'limit' });
      await expect(repo.getById(stored[0]?.id as AccountId)).rejects.toBeInstanceOf(NotFoundError);
      // Outside the transaction nothing changed yet.
      expect(await accounts.count(rich)).toBe(2);
    });
    expect(await accounts.count()).toBe(3);
  });
});
