import { defineEvent, type EventOf } from 'tactical-ddd';
import { defineEventRegistry, defineUpcaster, personal } from 'tactical-ddd/event-sourcing';
import { Money } from 'tactical-ddd/money';
import * as z from 'zod';
import { AccountId, TransferId } from './ids.js';

// Payloads hold exact money: `Money.schema` reads { amount: "10.00", currency: "USD" } into a Money,
// and events store that JSON form.

// The owner's name is personal data: stored encrypted with a key of the account holder (here the
// account itself is the data subject), it reads as null once the bank forgets the holder.
export const AccountOpened = defineEvent(
  'AccountOpened',
  z.object({
    owner: personal(z.string().trim().min(1).max(100), { subject: (_payload, event) => event.aggregateId }),
    currency: z.string().length(3),
  }),
);

/** A movement may belong to a transfer; `memo` is what the statement shows. */
const movement = {
  money: Money.schema,
  transferId: TransferId.schema.optional(),
  memo: z.string().max(200).optional(),
};

/** Version 2: the amount is called `money` (it was `amount` in version 1, see below). */
export const MoneyDeposited = defineEvent('MoneyDeposited', z.object(movement), { schemaVersion: 2 });
export const MoneyWithdrawn = defineEvent('MoneyWithdrawn', z.object(movement), { schemaVersion: 2 });
export const AccountClosed = defineEvent('AccountClosed', z.object({}));

export type AccountEvent =
  | EventOf<typeof AccountOpened>
  | EventOf<typeof MoneyDeposited>
  | EventOf<typeof MoneyWithdrawn>
  | EventOf<typeof AccountClosed>;

// Version 1, as the first release stored them: `amount` instead of `money`, and no transfers.
// They stay defined (as legacy events) for as long as old streams hold them; the upcasters below
// lift them to version 2 on read, so the aggregate and the projections only ever see version 2.
export const MoneyDepositedV1 = defineEvent('MoneyDeposited', z.object({ amount: Money.schema }));
export const MoneyWithdrawnV1 = defineEvent('MoneyWithdrawn', z.object({ amount: Money.schema }));

export const TransferRequested = defineEvent(
  'TransferRequested',
  z.object({ from: AccountId.schema, to: AccountId.schema, money: Money.schema }),
);
export const TransferCompleted = defineEvent('TransferCompleted', z.object({}));
export const TransferFailed = defineEvent(
  'TransferFailed',
  z.object({ reason: z.string().min(1), refunded: z.boolean() }),
);

export type TransferEvent =
  | EventOf<typeof TransferRequested>
  | EventOf<typeof TransferCompleted>
  | EventOf<typeof TransferFailed>;

/** Every event the bank stores, with the upcasters from version 1. Stores validate with it both ways. */
export const bankEvents = defineEventRegistry({
  current: [
    AccountOpened,
    MoneyDeposited,
    MoneyWithdrawn,
    AccountClosed,
    TransferRequested,
    TransferCompleted,
    TransferFailed,
  ],
  legacy: [MoneyDepositedV1, MoneyWithdrawnV1],
  upcasters: [
    // The upcaster returns the new schema's input (JSON), which the registry then validates.
    defineUpcaster(MoneyDepositedV1, MoneyDeposited, (old) => ({ money: old.amount.toJSON() })),
    defineUpcaster(MoneyWithdrawnV1, MoneyWithdrawn, (old) => ({ money: old.amount.toJSON() })),
  ],
});
