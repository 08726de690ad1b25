import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InMemoryOutbox, InMemoryRepository, InMemoryUnitOfWork } from '../../src/index.js';
import { Account, type AccountId } from './accountFixtures.js';

const ids = Array.from({ length: 3 }, () => Account.open().id);

async function snapshot(repos: readonly InMemoryRepository<Account, AccountId>[], outbox: InMemoryOutbox) {
  const state = await Promise.all(
    repos.map(async (repo) => (await repo.findAll()).map((a) => [a.id, a.balance, a.version])),
  );
  return { state, outbox: outbox.messages.map((m) => m.id) };
}

describe('InMemoryUnitOfWork (law: all or nothing)', () => {
  it('applies every write of a unit of work, or none when it throws or conflicts', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ repo: fc.nat(1), account: fc.nat(2), amount: fc.integer({ min: 1, max: 9 }) }), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.constantFrom('commit', 'throw', 'conflict'),
        async (writes, ending) => {
          const outbox = new InMemoryOutbox();
          const repos = [0, 1].map(() => new InMemoryRepository<Account, AccountId>({ outbox }));
          for (const repo of repos) for (const id of ids) await repo.save(Account.open(id));
          const before = await snapshot(repos, outbox);
          const expected = repos.map(() => new Map(ids.map((id) => [id, 0])));
          const run = new InMemoryUnitOfWork().run(async (tx) => {
            for (const { repo, account, amount } of writes) {
              const view = (repos[repo] as InMemoryRepository<Account, AccountId>).withTransaction(tx);
              const loaded = await view.getById(ids[account] as AccountId);
              loaded.deposit(amount);
              await view.save(loaded);
              const balances = expected[repo] as Map<string, number>;
              balances.set(loaded.id, (balances.get(loaded.id) ?? 0) + amount);
            }
            if (ending === 'throw') throw new Error('abort');
            if (ending === 'conflict') {
              const first = writes[0] as (typeof writes)[number];
              const repo = repos[first.repo] as InMemoryRepository<Account, AccountId>;
              const other = await repo.getById(ids[first.account] as AccountId);
              other.deposit(100);
              await repo.save(other);
            }
          });
          if (ending === 'commit') {
            await run;
            for (const [i, repo] of repos.entries()) {
              for (const id of ids) expect((await repo.getById(id)).balance).toBe(expected[i]?.get(id));
            }
            expect(outbox.messages).toHaveLength(writes.length);
          } else {
            await expect(run).rejects.toThrow();
            const after = await snapshot(repos, outbox);
            if (ending === 'throw') expect(after).toEqual(before);
            // A conflict leaves only the competing writer's change.
            else expect(after.outbox).toHaveLength(1);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
