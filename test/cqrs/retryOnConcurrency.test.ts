import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { CommandBus, defineCommand, retryOnConcurrency } from '../../src/cqrs/index.js';
import { ConcurrencyError, inMemoryStore, StaleVersionError, stateStored, ValidationError } from '../../src/index.js';
import { Account, type AccountId } from '../core/accountFixtures.js';

const Deposit = defineCommand(
  'Deposit',
  z.object({ accountId: z.string(), amount: z.int().positive() }),
  z.number().optional(),
);

function fakeSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

describe('retryOnConcurrency', () => {
  it('re-runs the whole handler, which reloads the aggregate, and succeeds on the 2nd try', async () => {
    const store = inMemoryStore({ aggregates: { accounts: stateStored<Account>('Account') } });
    const accounts = store.accounts;
    const account = Account.open();
    await accounts.save(account);
    const { waits, sleep } = fakeSleep();
    const attempts: number[] = [];
    let interfere = true;
    const bus = new CommandBus({ middleware: [retryOnConcurrency({ sleep, backoffMs: (n) => n * 10 })] });
    bus.register(Deposit, (command, context) =>
      store.transaction(async (s) => {
        attempts.push(context.attempt);
        const loaded = await s.accounts.get(command.payload.accountId as AccountId);
        loaded.deposit(command.payload.amount);
        if (interfere) {
          // Another writer commits first: this attempt conflicts at commit.
          interfere = false;
          const other = await accounts.getById(loaded.id);
          other.deposit(100);
          await accounts.save(other);
        }
        return loaded.balance;
      }, context),
    );
    await expect(bus.dispatch(Deposit({ accountId: account.id, amount: 5 }))).resolves.toBe(105);
    expect(attempts).toEqual([1, 2]);
    expect(waits).toEqual([10]);
    expect((await accounts.getById(account.id)).balance).toBe(105);
  });

  it('gives up after maxAttempts with the last error, waiting a growing backoff in between', async () => {
    const { waits, sleep } = fakeSleep();
    let calls = 0;
    const errors: ConcurrencyError[] = [];
    const bus = new CommandBus({ middleware: [retryOnConcurrency({ maxAttempts: 4, sleep })] }).register(
      Deposit,
      () => {
        calls++;
        const error = new ConcurrencyError('acc', calls, calls + 1);
        errors.push(error);
        throw error;
      },
    );
    const error = await bus.dispatch(Deposit({ accountId: 'a', amount: 1 })).catch((caught: unknown) => caught);
    expect(calls).toBe(4);
    expect(error).toBe(errors[3]);
    expect(waits).toHaveLength(3);
    // Default backoff: 10 ms doubled each time, with up to 50% jitter off.
    expect(waits[0]).toBeGreaterThanOrEqual(5);
    expect(waits[0]).toBeLessThanOrEqual(10);
    expect(waits[2]).toBeGreaterThanOrEqual(20);
    expect(waits[2]).toBeLessThanOrEqual(40);
  });

  it('does not retry a stale expected version (the caller must reload), only conflicts at commit', async () => {
    const store = inMemoryStore({ aggregates: { accounts: stateStored<Account>('Account') } });
    const account = Account.open();
    account.deposit(1);
    await store.accounts.save(account);
    const { waits, sleep } = fakeSleep();
    let calls = 0;
    const bus = new CommandBus({ middleware: [retryOnConcurrency({ sleep })] }).register(Deposit, (command) =>
      store.transaction(async (s) => {
        calls++;
        const loaded = await s.accounts.get(command.payload.accountId as AccountId, { expectedVersion: 0 });
        loaded.deposit(command.payload.amount);
        return loaded.balance;
      }),
    );
    const error = await bus.dispatch(Deposit({ accountId: account.id, amount: 2 })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StaleVersionError);
    expect(error).toMatchObject({ expected: 0, actual: 1, code: 'core.stale_version' });
    expect(calls).toBe(1);
    expect(waits).toEqual([]);
  });

  it('does not retry other errors', async () => {
    const { waits, sleep } = fakeSleep();
    let calls = 0;
    const bus = new CommandBus({ middleware: [retryOnConcurrency({ sleep })] }).register(Deposit, () => {
      calls++;
      throw new Error('business says no');
    });
    await expect(bus.dispatch(Deposit({ accountId: 'a', amount: 1 }))).rejects.toThrow('business says no');
    expect(calls).toBe(1);
    expect(waits).toEqual([]);
  });

  it('retries what retryOn selects and uses a real timer by default', async () => {
    let calls = 0;
    const bus = new CommandBus({
      middleware: [retryOnConcurrency({ retryOn: (e) => e instanceof TypeError, backoffMs: () => 1 })],
    }).register(Deposit, () => {
      calls++;
      if (calls < 3) throw new TypeError('flaky');
      return calls;
    });
    await expect(bus.dispatch(Deposit({ accountId: 'a', amount: 1 }))).resolves.toBe(3);
    expect(calls).toBe(3);
  });

  it('rejects a bad maxAttempts', () => {
    expect(() => retryOnConcurrency({ maxAttempts: 0 })).toThrow(ValidationError);
    expect(() => retryOnConcurrency({ maxAttempts: 1.5 })).toThrow(/maxAttempts/);
  });
});
