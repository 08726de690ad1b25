import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { AggregateRoot, defineEvent, type EventOf, InvariantViolationError } from '../../src/index.js';
import { forAggregate, given } from '../../src/testing/forAggregate.js';
import { ScenarioAssertionError } from '../../src/testing/ScenarioAssertionError.js';
import {
  Account,
  AccountCreated,
  AccountId,
  InsufficientFundsError,
  MoneyDeposited,
  MoneyWithdrawn,
} from '../event-sourcing/fixtures/Account.js';

const id = AccountId.parse('0192f7c4-7e3a-7b1e-9a57-000000000003');
const account = forAggregate(() => new Account(id));
const opened = AccountCreated({ ownerName: 'Ada', initialBalanceCents: 100 });

const failure = (run: () => void): ScenarioAssertionError => {
  try {
    run();
  } catch (error) {
    if (error instanceof ScenarioAssertionError) return error;
    throw error;
  }
  throw new Error('the scenario passed');
};

describe('forAggregate(...).given(...).when(...).then(...)', () => {
  it('passes when the command raises exactly the expected events', () => {
    account
      .given([opened])
      .when((a) => a.deposit(5))
      .then([MoneyDeposited({ cents: 5 })]);
    account
      .given([opened])
      .when(() => undefined)
      .then([]);
  });

  it('given(create, history) is the one-call form', () => {
    given(() => new Account(id), [opened])
      .when((a) => a.withdraw(100))
      .then([MoneyWithdrawn({ cents: 100 })]);
    given(() => new Account(id), [opened])
      .when((a) => a.withdraw(101))
      .then(InsufficientFundsError);
  });

  it('accepts full stored events as history', () => {
    const live = Account.create(id, 'Ada', 100);
    live.deposit(50);
    account
      .given(live.pullEvents())
      .when((a) => a.withdraw(150))
      .then([MoneyWithdrawn({ cents: 150 })]);
  });

  it('fails with a readable diff of the events that differ', () => {
    const error = failure(() =>
      account
        .given([opened])
        .when((a) => {
          a.deposit(5);
          a.deposit(6);
        })
        .then([MoneyDeposited({ cents: 5 }), MoneyDeposited({ cents: 7 })]),
    );
    expect(error.message).toBe(
      [
        'Expected 2 event(s), the command raised 2:',
        '  event #2:',
        '  - expected: {"type":"MoneyDeposited","schemaVersion":1,"payload":{"cents":7}}',
        '  + actual:   {"type":"MoneyDeposited","schemaVersion":1,"payload":{"cents":6}}',
      ].join('\n'),
    );
    expect(error).toMatchObject({ showDiff: true, code: 'testing.scenario_failed' });
    expect(error.actual).toEqual([
      { type: 'MoneyDeposited', schemaVersion: 1, payload: { cents: 5 } },
      { type: 'MoneyDeposited', schemaVersion: 1, payload: { cents: 6 } },
    ]);
  });

  it('fails on missing or extra events', () => {
    const missing = failure(() =>
      account
        .given([opened])
        .when(() => undefined)
        .then([MoneyDeposited({ cents: 1 })]),
    );
    expect(missing.message).toContain('+ actual:   (none)');
    const extra = failure(() =>
      account
        .given([opened])
        .when((a) => a.deposit(1))
        .then([]),
    );
    expect(extra.message).toContain('- expected: (none)');
  });

  it('compares metadata only when the expected event has some', () => {
    account
      .given([opened])
      .when((a) => a.deposit(5))
      .then([MoneyDeposited({ cents: 5 })]);
    const error = failure(() =>
      account
        .given([opened])
        .when((a) => a.deposit(5))
        .then([MoneyDeposited({ cents: 5 }, { correlationId: 'c' })]),
    );
    expect(error.message).toContain('"metadata":{"correlationId":"c"}');
  });

  it('checks an expected error by class or by fields, and that nothing was raised', () => {
    account
      .given([opened])
      .when((a) => a.withdraw(101))
      .then(InsufficientFundsError);
    account
      .given([opened])
      .when((a) => a.withdraw(101))
      .then({ code: 'account.insufficient_funds', requestedCents: 101 });
    const wrongClass = failure(() =>
      account
        .given([opened])
        .when((a) => a.withdraw(101))
        .then(InvariantViolationError),
    );
    expect(wrongClass.message).toMatch(
      /^Expected InvariantViolationError, but the command threw InsufficientFundsError/,
    );
    const wrongField = failure(() =>
      account
        .given([opened])
        .when((a) => a.withdraw(101))
        .then({ requestedCents: 100 }),
    );
    expect(wrongField.message).toContain('- expected requestedCents: 100\n  + actual   requestedCents: 101');
    const noError = failure(() =>
      account
        .given([opened])
        .when((a) => a.withdraw(1))
        .then(InsufficientFundsError),
    );
    expect(noError.message).toBe(
      'Expected the command to throw InsufficientFundsError, but it raised 1 event(s): MoneyWithdrawn',
    );
    const raisedThenThrew = failure(() =>
      account
        .given([opened])
        .when((a) => {
          a.deposit(1);
          a.withdraw(1000);
        })
        .then(InsufficientFundsError),
    );
    expect(raisedThenThrew.message).toContain('must raise nothing');
  });

  it('reports an unexpected error when events were expected', () => {
    const error = failure(() =>
      account
        .given([opened])
        .when((a) => a.withdraw(101))
        .then([]),
    );
    expect(error.message).toMatch(/^Expected 0 event\(s\), but the command threw InsufficientFundsError/);
  });

  it('refuses to be awaited and refuses asynchronous commands', async () => {
    const when = account.given([opened]).when((a) => a.deposit(1));
    expect(() => when.then((() => undefined) as never)).toThrow(TypeError);
    expect(() =>
      account
        .given([opened])
        .when(async () => undefined)
        .then([]),
    ).toThrow(/synchronous/);
  });

  describe('a state-stored aggregate, given its state', () => {
    const TicketClosed = defineEvent('TicketClosed', z.object({ resolution: z.string() }));
    class Ticket extends AggregateRoot<
      string,
      { status: 'open' | 'closed'; notes: string[] },
      EventOf<typeof TicketClosed>
    > {
      static restore(id: string, props: { status: 'open' | 'closed'; notes: string[] }, version: number): Ticket {
        return new Ticket(id, props, { version });
      }
      close(resolution: string): void {
        if (this.state.status === 'closed') throw new InvariantViolationError('ticket.open', 'Already closed');
        this.state.status = 'closed';
        this.raise(TicketClosed({ resolution }));
      }
      note(text: string): void {
        this.state.notes.push(text); // a change without an event
      }
    }
    const open = () => Ticket.restore('t-1', { status: 'open', notes: [] }, 4);

    it('runs when(...).then(...) on the state its factory built, and returns the aggregate to check', () => {
      const closed = forAggregate(open)
        .when((t) => t.close('fixed'))
        .then([TicketClosed({ resolution: 'fixed' })]);
      expect(closed.props.status).toBe('closed');
      expect(closed.version).toBe(5);
      const noted = forAggregate(open)
        .when((t) => t.note('called back'))
        .then([]);
      expect(noted.props.notes).toEqual(['called back']);
      forAggregate(() => Ticket.restore('t-1', { status: 'closed', notes: [] }, 5))
        .when((t) => t.close('again'))
        .then(InvariantViolationError);
      forAggregate(open)
        .given([])
        .when((t) => t.close('x'))
        .then([TicketClosed({ resolution: 'x' })]);
    });

    it('fails as for any aggregate, and refuses past events it cannot apply', () => {
      expect(
        failure(() =>
          forAggregate(open)
            .when((t) => t.close('fixed'))
            .then([]),
        ).message,
      ).toContain('Expected 0 event(s), the command raised 1');
      expect(() =>
        forAggregate(open)
          .given([TicketClosed({ resolution: 'old' })])
          .when(() => undefined)
          .then([]),
      ).toThrow(/only an event-sourced aggregate/);
    });
  });
});
