import { describe, expectTypeOf, it } from 'vitest';
import { type EventHandlers, EventSourcedAggregate } from '../../src/event-sourcing/EventSourcedAggregate.js';
import type { Projection } from '../../src/event-sourcing/Projection.js';
import type { DomainEvent } from '../../src/index.js';
import {
  type Account,
  type AccountEvent,
  type AccountId,
  type AccountState,
  MoneyDeposited,
} from './fixtures/Account.js';

describe('EventHandlers', () => {
  it('requires a handler for every event type', () => {
    // @ts-expect-error MoneyWithdrawn has no handler
    const missing: EventHandlers<AccountState, AccountEvent> = {
      AccountCreated: () => undefined,
      MoneyDeposited: () => undefined,
    };
    expectTypeOf(missing).toHaveProperty('AccountCreated');
  });

  it('types each handler by its event', () => {
    const handlers: EventHandlers<AccountState, AccountEvent> = {
      AccountCreated: (state, e) => {
        expectTypeOf(e.payload).toEqualTypeOf<{ ownerName: string; initialBalanceCents: number }>();
        state.ownerName = e.payload.ownerName;
      },
      MoneyDeposited: (state, e) => {
        // @ts-expect-error a deposit has no ownerName
        state.ownerName = e.payload.ownerName;
      },
      MoneyWithdrawn: (state, e) => ({ ...state, balanceCents: state.balanceCents - e.payload.cents }),
    };
    expectTypeOf(handlers.MoneyWithdrawn).returns.toExtend<AccountState | undefined | ReturnType<() => void>>();
    expectTypeOf(handlers.MoneyWithdrawn).parameter(0).toEqualTypeOf<AccountState>();
  });

  it('does not compile an aggregate whose `when` misses a type', () => {
    class Broken extends EventSourcedAggregate<AccountId, AccountState, AccountEvent> {
      // @ts-expect-error MoneyWithdrawn has no handler
      protected readonly when = { AccountCreated: () => undefined, MoneyDeposited: () => undefined };
      constructor(id: AccountId) {
        super(id, { ownerName: '', balanceCents: 0, opened: false });
      }
    }
    expectTypeOf<Broken>().toHaveProperty('rehydrate');
  });

  it('rehydrate takes the aggregate event union and returns the aggregate', () => {
    expectTypeOf<Account['rehydrate']>().parameter(0).toEqualTypeOf<Iterable<AccountEvent>>();
    expectTypeOf<ReturnType<Account['rehydrate']>>().toEqualTypeOf<Account>();
    const outside = (account: Account) => {
      // @ts-expect-error raise is protected: state changes only through the aggregate's commands
      account.raise(MoneyDeposited({ cents: 1 }));
    };
    expectTypeOf(outside).toBeFunction();
  });

  it('projection handlers are optional and typed by event', () => {
    const projection: Projection<AccountEvent> = {
      name: 'p',
      handlers: {
        MoneyDeposited: (e) => {
          expectTypeOf(e.payload.cents).toBeNumber();
          // Present when the projection runs from an event store, absent from a bus.
          expectTypeOf(e.globalPosition).toEqualTypeOf<bigint | undefined>();
        },
      },
    };
    expectTypeOf(projection.handlers).not.toHaveProperty('Unknown');
    expectTypeOf<DomainEvent>().toHaveProperty('aggregateVersion');
  });
});
