import { ValidationError } from '../core/ValidationError.js';
import { OutboxTable } from './OutboxTable.js';
import type { SqlClient } from './SqlClient.js';
import { sqlIdentifier } from './sqlIdentifier.js';

/**
 * The options of a {@link PostgresInbox}.
 *
 * @example
 * ```ts
 * const inbox = new PostgresInbox({ client, schema: 'app' });
 * ```
 */
export interface PostgresInboxOptions {
  /** The database. */
  readonly client: SqlClient;
  /** The schema {@link migrate} created the tables in; default `'public'`. */
  readonly schema?: string;
}

/**
 * The consumer side of at-least-once delivery: `ddd_inbox` remembers, per consumer, the message
 * ids it handled, in the same transaction as the handler's writes, so a message delivered twice
 * (a relay retry, a broker redelivery) changes nothing the second time.
 *
 * @example
 * ```ts
 * const inbox = new PostgresInbox({ client });
 * eventBus.subscribe(OrderPlaced, (event) =>
 *   inbox.handleOnce('billing', event.id, async (tx) => {
 *     await tx.query('INSERT INTO invoices (order_id) VALUES ($1)', [event.aggregateId]);
 *   }),
 * );
 * ```
 */
export class PostgresInbox {
  private readonly client: SqlClient;
  private readonly table: OutboxTable;

  /**
   * @param options - The client and the schema.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} when `schema` is not a plain SQL identifier.
   */
  constructor(options: PostgresInboxOptions) {
    this.client = options.client;
    this.table = new OutboxTable(sqlIdentifier(options.schema ?? 'public', 'PostgresInboxOptions', 'schema'));
  }

  /**
   * Runs `handler` in a transaction and records `messageId` for `consumer` in it, unless that
   * consumer already handled the message; a concurrent duplicate waits for the first and is
   * dropped. If the handler throws, nothing is recorded and the message can be handled again.
   *
   * @param consumer - Who handles the message (one inbox per consumer).
   * @param messageId - The message's id (an event's id).
   * @param handler - The handler's writes, made with the transaction's client.
   * @returns `true` when the handler ran, `false` for a duplicate.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} when `consumer` or `messageId` is empty.
   */
  handleOnce(consumer: string, messageId: string, handler: (tx: SqlClient) => Promise<void>): Promise<boolean> {
    for (const [field, value] of [
      ['consumer', consumer],
      ['messageId', messageId],
    ] as const) {
      if (typeof value !== 'string' || value.length === 0) {
        return Promise.reject(
          ValidationError.of('PostgresInbox', field, 'invalid_id', `${field} must be a non-empty string`),
        );
      }
    }
    return this.client.transaction(async (tx) => {
      if (!(await this.table.receive(tx, consumer, messageId))) return false;
      await handler(tx);
      return true;
    });
  }
}
