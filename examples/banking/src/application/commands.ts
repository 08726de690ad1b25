import { defineCommand } from 'tactical-ddd/cqrs';
import * as z from 'zod';
import { AccountId, TransferId } from '../domain/ids.js';

// Command payloads are plain JSON (money as a decimal string and a currency code): a process
// manager keeps compensating commands in its stored state, and dispatch validates them again.
const money = {
  amount: z.string().regex(/^-?\d+(\.\d+)?$/, 'Expected a decimal amount such as 10.00'),
  currency: z.string().length(3),
};

export const OpenAccount = defineCommand(
  'OpenAccount',
  z.object({ accountId: AccountId.schema, owner: z.string(), currency: z.string() }),
);
export const DepositMoney = defineCommand(
  'DepositMoney',
  z.object({
    accountId: AccountId.schema,
    ...money,
    transferId: TransferId.schema.optional(),
    memo: z.string().optional(),
  }),
);
export const WithdrawMoney = defineCommand(
  'WithdrawMoney',
  z.object({
    accountId: AccountId.schema,
    ...money,
    transferId: TransferId.schema.optional(),
    memo: z.string().optional(),
  }),
);
export const CloseAccount = defineCommand('CloseAccount', z.object({ accountId: AccountId.schema }));
export const CompleteTransfer = defineCommand('CompleteTransfer', z.object({ transferId: TransferId.schema }));
export const FailTransfer = defineCommand(
  'FailTransfer',
  z.object({ transferId: TransferId.schema, reason: z.string().min(1), refunded: z.boolean() }),
);
