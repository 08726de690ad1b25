import type { DomainEvent } from '../core/DomainEvent.js';
import type { Outbox, OutboxMessage, PublishPendingOptions, PublishPendingResult } from '../core/Outbox.js';
import type { Transaction } from '../core/Transaction.js';
import { ValidationError } from '../core/ValidationError.js';
import { type OutboxRow, OutboxTable } from './OutboxTable.js';
import { PostgresTransaction } from './PostgresTransaction.js';
import type { SqlClient } from './SqlClient.js';
import { sqlIdentifier } from './sqlIdentifier.js';

/**
 * The options of a {@link PostgresOutbox}.
 *
 * @example
 * ```ts
 * const outbox = new PostgresOutbox({ client, schema: 'app' });
 * ```
 */
export interface PostgresOutboxOptions {
  /** The database. */
  readonly client: SqlClient;
  /** The schema {@link migrate} created the tables in; default `'public'`. */
  readonly schema?: string;
}

const defaultRetryDelayMs = (attempts: number): number => Math.min(60_000, 100 * 2 ** (attempts - 1));

/**
 * The transactional {@link "tactical-ddd".Outbox | Outbox} in `ddd_outbox`: events are added in the unit of work's
 * database transaction, and `publishPending` claims the due rows oldest first with
 * `FOR UPDATE SKIP LOCKED` (so several relays can drain it together), publishes them, and marks
 * them published in the same transaction, so a relay that crashes before committing leaves its
 * whole batch to be sent again (at least once). A failed publish counts an attempt, waits with
 * backoff, and holds back the messages after it. Consumers drop duplicates by message id with an
 * inbox ({@link PostgresInbox}).
 *
 * Use it with the `OutboxRelay` of `tactical-ddd/cqrs`, which polls it (it has no `watch`).
 *
 * @example
 * ```ts
 * const outbox = new PostgresOutbox({ client });
 * const orders = new PostgresRepository({ client, name: 'Order', mapping, outbox });
 * const relay = new OutboxRelay({ outbox, publisher: eventBus, pollIntervalMs: 200 });
 * relay.start();
 * ```
 */
export class PostgresOutbox implements Outbox {
  private readonly client: SqlClient;
  private readonly table: OutboxTable;

  /**
   * @param options - The client and the schema.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} when `schema` is not a plain SQL identifier.
   */
  constructor(options: PostgresOutboxOptions) {
    this.client = options.client;
    this.table = new OutboxTable(sqlIdentifier(options.schema ?? 'public', 'PostgresOutboxOptions', 'schema'));
  }

  /**
   * Adds events in the unit of work's transaction (they are pending once it commits), or at once
   * without one. An event whose id is already in the outbox is skipped.
   *
   * @param events - The events to publish later.
   * @param tx - A {@link PostgresTransaction}, or none.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} (`foreign_transaction`) for a transaction of another kind.
   */
  async add(events: readonly DomainEvent[], tx?: Transaction): Promise<void> {
    await this.table.add(clientOf(this.client, tx), events);
  }

  /**
   * Claims the due messages, oldest first, publishes each in turn and marks it published, all in
   * one transaction; a failed publish is counted and retried after `retryDelayMs`, and stops the
   * call so that later messages do not overtake it.
   *
   * @param publish - Sends one message on.
   * @param options - The batch size and the retry delay.
   * @returns How many were published, and the failure if one failed.
   */
  async publishPending(
    publish: (message: OutboxMessage) => Promise<void>,
    options: PublishPendingOptions = {},
  ): Promise<PublishPendingResult> {
    const limit = options.limit ?? 100;
    const retryDelayMs = options.retryDelayMs ?? defaultRetryDelayMs;
    return this.client.transaction(async (tx) => {
      const batch = await this.table.claim(tx, limit);
      const published: bigint[] = [];
      try {
        for (const row of batch) {
          try {
            await publish(toMessage(row));
          } catch (error) {
            const failed = await this.table.markFailed(
              tx,
              row.seq,
              retryDelayMs(row.attempts + 1),
              error instanceof Error ? error.message : String(error),
            );
            return { published: published.length, failure: { message: toMessage(failed), error } };
          }
          published.push(row.seq);
        }
        return { published: published.length };
      } finally {
        await this.table.markPublished(tx, published);
      }
    });
  }

  /** Every message, published or not, in order (for tests and operators). */
  async messages(): Promise<readonly OutboxMessage[]> {
    return (await this.table.list(this.client)).map(toMessage);
  }
}

function clientOf(client: SqlClient, tx: Transaction | undefined): SqlClient {
  if (tx === undefined) return client;
  if (tx instanceof PostgresTransaction) return tx.client;
  throw ValidationError.of(
    'PostgresOutbox',
    'tx',
    'foreign_transaction',
    'A PostgresOutbox joins only the transactions of a PostgresUnitOfWork (a PostgresTransaction)',
  );
}

function toMessage(row: OutboxRow): OutboxMessage {
  const { seq: _seq, ...message } = row;
  return Object.freeze(message);
}
