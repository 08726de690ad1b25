import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvariantViolationError, ValidationError } from '../../src/index.js';
import { FixedClock } from '../../src/testing/FixedClock.js';
import { sequentialIds } from '../../src/testing/sequentialIds.js';
import { Account, type AccountEvent, AccountId, MoneyDeposited } from './fixtures/Account.js';

const id = AccountId.parse('0192f7c4-7e3a-7b1e-9a57-000000000002');
const options = () => ({ clock: new FixedClock('2026-11-25T09:00:00.000Z'), generateId: sequentialIds() });

describe('EventSourcedAggregate', () => {
  it('applies each raised event through its handler, and numbers it', () => {
    const account = Account.create(id, 'Ada', 100, options());
    account.deposit(50);
    account.withdraw(30);
    expect(account.props.balanceCents).toBe(120);
    expect(account.version).toBe(3);
    expect(account.persistedVersion).toBe(0);
    expect(account.pendingEvents.map((e) => [e.type, e.aggregateVersion, e.id])).toEqual([
      ['AccountCreated', 1, '00000000-0000-7000-8000-000000000001'],
      ['MoneyDeposited', 2, '00000000-0000-7000-8000-000000000002'],
      ['MoneyWithdrawn', 3, '00000000-0000-7000-8000-000000000003'],
    ]);
    expect(account.pendingEvents[0]?.occurredAt).toBe('2026-11-25T09:00:00.000Z');
  });

  it('rehydrates to the same state and version as the aggregate that raised the events', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.integer({ min: -500, max: 500 }).filter((n) => n !== 0),
          { maxLength: 40 },
        ),
        (moves) => {
          const live = Account.create(id, 'Ada', 1000, options());
          for (const move of moves) {
            if (move > 0) live.deposit(move);
            else if (-move <= live.props.balanceCents) live.withdraw(-move);
          }
          const history = live.pullEvents();
          const rebuilt = new Account(id).rehydrate(history);
          expect(rebuilt.props).toEqual(live.props);
          expect(rebuilt.version).toBe(live.version);
          expect(rebuilt.persistedVersion).toBe(history.length);
          expect(rebuilt.pendingEvents).toEqual([]);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('continues from a snapshot plus later events', () => {
    const live = Account.create(id, 'Ada', 1000, options());
    live.deposit(10);
    const early = live.pullEvents();
    const snapshot = new Account(id).rehydrate(early).toSnapshot();
    live.markPersisted(2);
    live.deposit(20);
    live.withdraw(5);
    const later = live.pullEvents();
    const rebuilt = new Account(id).restoreSnapshot(snapshot).rehydrate(later);
    expect(rebuilt.props.balanceCents).toBe(1025);
    expect(rebuilt.version).toBe(4);
  });

  it('takes snapshots that do not share state with the aggregate', () => {
    const account = Account.create(id, 'Ada', 1000, options());
    const snapshot = account.toSnapshot();
    account.deposit(1);
    expect(snapshot).toEqual({ version: 1, state: { ownerName: 'Ada', balanceCents: 1000, opened: true } });
    const restored = new Account(id).restoreSnapshot(
      Object.freeze({ ...snapshot, state: Object.freeze(snapshot.state) }),
    );
    restored.deposit(5);
    expect(restored.props.balanceCents).toBe(1005);
    expect(snapshot.state.balanceCents).toBe(1000);
  });

  it('rejects a history with a gap, a repeat or an unknown type, naming the rule', () => {
    const live = Account.create(id, 'Ada', 1000, options());
    live.deposit(1);
    live.deposit(2);
    const [a, b, c] = live.pullEvents() as [AccountEvent, AccountEvent, AccountEvent];
    expect(() => new Account(id).rehydrate([a, c])).toThrow(expect.objectContaining({ rule: 'out_of_order' }));
    expect(() => new Account(id).rehydrate([a, b, b])).toThrow(ValidationError);
    expect(() => new Account(id).rehydrate([b])).toThrow(expect.objectContaining({ field: 'aggregateVersion' }));
    const alien = { ...b, type: 'AccountClosed' } as unknown as AccountEvent;
    expect(() => new Account(id).rehydrate([a, alien])).toThrow(
      expect.objectContaining({ rule: 'unknown_event_type' }),
    );
  });

  it('refuses to rehydrate or restore over unsaved events', () => {
    const account = Account.create(id, 'Ada', 1000, options());
    expect(() => account.rehydrate([])).toThrow(InvariantViolationError);
    expect(() => account.restoreSnapshot({ version: 1, state: account.props as never })).toThrow(
      InvariantViolationError,
    );
  });

  it('leaves state and version untouched when a command fails validation', () => {
    const account = Account.create(id, 'Ada', 1000, options());
    expect(() => account.deposit(-1)).toThrow(ValidationError);
    expect(() => MoneyDeposited({ cents: 0 })).toThrow(ValidationError);
    expect(account.version).toBe(1);
    expect(account.props.balanceCents).toBe(1000);
    expect(account.pendingEvents).toHaveLength(1);
  });
});
