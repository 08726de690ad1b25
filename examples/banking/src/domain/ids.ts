import { defineId, type IdOf } from 'tactical-ddd';

/** An account's id: a uuid v7, branded so it cannot be mixed up with a transfer's. */
export const AccountId = defineId('Account');
export type AccountId = IdOf<typeof AccountId>;

/** A transfer's id; it is also the correlation id of everything the transfer causes. */
export const TransferId = defineId('Transfer');
export type TransferId = IdOf<typeof TransferId>;
