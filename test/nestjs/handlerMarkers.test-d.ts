import { describe, expectTypeOf, it } from 'vitest';
import type { Command, MessageContext, Query } from '../../src/cqrs/index.js';
import type { DomainEvent, EventOf } from '../../src/index.js';
import { CommandHandlerFor, EventHandlerFor, QueryHandlerFor } from '../../src/nestjs/index.js';
import { type AccountId, Deposited } from '../core/accountFixtures.js';
import { Deposit, GetBalance, OpenAccount } from './fixtures.js';

describe('handler markers', () => {
  it('accept a class whose handle takes the message and returns its result', () => {
    class Opens {
      async handle(command: Command<'OpenAccount', { deposit: number }, AccountId>, context: MessageContext) {
        expectTypeOf(context.correlationId).toEqualTypeOf<string>();
        return command.payload.deposit > 0 ? (command.id as AccountId) : (context.messageId as AccountId);
      }
    }
    CommandHandlerFor(OpenAccount)(Opens);

    class Balances {
      handle(_query: Query<'GetBalance', { accountId: AccountId }, number>) {
        return 1;
      }
    }
    QueryHandlerFor(GetBalance)(Balances);

    class Log {
      handle(event: EventOf<typeof Deposited> | DomainEvent<'Withdrawn'>) {
        expectTypeOf(event.type).toEqualTypeOf<'Deposited' | 'Withdrawn'>();
      }
    }
    EventHandlerFor(Deposited, 'Withdrawn')(Log);
  });

  it('refuse a handler of another message, of the wrong result, or of fewer events', () => {
    class ReturnsNothing {
      handle(_command: Command<'OpenAccount', { deposit: number }, AccountId>) {}
    }
    // @ts-expect-error OpenAccount's handler returns an AccountId.
    CommandHandlerFor(OpenAccount)(ReturnsNothing);

    class DepositsAString {
      handle(_command: Command<'Deposit', { accountId: AccountId; amount: string }, void>) {}
    }
    // @ts-expect-error the payload's amount is a number.
    CommandHandlerFor(Deposit)(DepositsAString);

    class NotAHandler {
      run() {}
    }
    // @ts-expect-error a handler has a handle method.
    QueryHandlerFor(GetBalance)(NotAHandler);

    class OnlyDeposits {
      handle(_event: EventOf<typeof Deposited>) {}
    }
    // @ts-expect-error it is subscribed to Withdrawn too, which it does not take.
    EventHandlerFor(Deposited, 'Withdrawn')(OnlyDeposits);
    // @ts-expect-error at least one event.
    EventHandlerFor();
  });
});
