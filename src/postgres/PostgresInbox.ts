import type { Inbox, InboxMessage, InboxOutcome } from '../core/Inbox.js';
import { invalidInboxId } from '../core/invalidInboxId.js';
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
export class PostgresInbox implements Inbox<SqlClient> {
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
    const invalid = invalidId('consumer', consumer, 'consumer') ?? invalidId('messageId', messageId);
    if (invalid !== undefined) return Promise.reject(invalid);
    return this.client.transaction(async (tx) => {
      if (!(await this.table.receive(tx, consumer, messageId))) return false;
      await handler(tx);
      return true;
    });
  }

  /**
   * Handles several messages for `consumer` in one transaction, in order: the inbox rows of all of
   * them are written by one statement, then the handlers run. A duplicate is skipped; a handler
   * that throws has its writes and its inbox row undone and reports `failed`, without failing its
   * neighbours: the handlers first run straight in the transaction (no savepoint round trips), and
   * when one throws, the transaction rolls back and the batch runs again with each handler in a
   * savepoint of its own (so the handlers before the failing one run twice, their first writes
   * undone); the rest commit together, and the promise
   * resolves after that commit (acknowledge then). A message id given twice is handled once: the
   * second copy shares the first one's outcome (`duplicate` once handled).
   *
   * @param consumer - Who handles the messages.
   * @param messages - The message ids and their handlers, in handling order.
   * @returns One outcome per message, in the same order.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} when `consumer` or a message id is empty (nothing is written);
   * the driver's error when the transaction itself fails (nothing is recorded).
   *
   * @example
   * ```ts
   * const outcomes = await inbox.handleBatch('billing', events.map((event) => ({
   *   messageId: event.id,
   *   handler: async (tx) => {
   *     await tx.query('INSERT INTO invoices (order_id) VALUES ($1)', [event.aggregateId]);
   *   },
   * })));
   * ```
   */
  async handleBatch(consumer: string, messages: readonly InboxMessage<SqlClient>[]): Promise<readonly InboxOutcome[]> {
    let invalid = invalidId('consumer', consumer, 'consumer');
    for (let i = 0; invalid === undefined && i < messages.length; i++) {
      invalid = invalidId(`messages.${i}.messageId`, messages[i]?.messageId);
    }
    if (invalid !== undefined) throw invalid;
    if (messages.length === 0) return [];
    const ids = [...new Set(messages.map((message) => message.messageId))];
    const first: BatchRun = { savepoints: false };
    try {
      // Most batches fail nowhere: run the handlers straight in the transaction, no savepoints.
      return await this.client.transaction((tx) => this.runBatch(tx, consumer, ids, messages, first));
    } catch {
      // A handler failed, or left the transaction aborted (so it rolled back): run the batch again,
      // each handler in a savepoint, the one that threw reported failed without running again. A
      // failure of the database itself fails this run too.
      const again: BatchRun = { savepoints: true, ...(first.failed === undefined ? {} : { failed: first.failed }) };
      return this.client.transaction((tx) => this.runBatch(tx, consumer, ids, messages, again));
    }
  }

  /**
   * Writes the batch's inbox rows, then runs each fresh message's handler: straight in the
   * transaction, where a failing handler fails the batch (and is noted in `run.failed`); or, on
   * the run after such a failure (`run.savepoints`), in a savepoint of its own, except the message
   * that failed then, reported failed with its error without running again.
   */
  private async runBatch(
    tx: SqlClient,
    consumer: string,
    ids: readonly string[],
    messages: readonly InboxMessage<SqlClient>[],
    run: BatchRun,
  ): Promise<readonly InboxOutcome[]> {
    const fresh = await this.table.receiveAll(tx, consumer, ids);
    // The outcome of each id's first copy, which later copies share.
    const decided = new Map<string, InboxOutcome>();
    const outcomes: InboxOutcome[] = [];
    for (const { messageId, handler } of messages) {
      let outcome = decided.get(messageId);
      if (outcome === undefined) {
        if (!fresh.has(messageId)) outcome = DUPLICATE;
        else if (run.savepoints && run.failed?.messageId === messageId) {
          await this.table.forget(tx, consumer, messageId);
          outcome = { status: 'failed', error: run.failed.error };
        } else if (run.savepoints) outcome = await this.handleIn(tx, consumer, messageId, handler);
        else {
          try {
            await handler(tx);
          } catch (error) {
            run.failed = { messageId, error };
            throw error;
          }
          outcome = HANDLED;
        }
        decided.set(messageId, outcome.status === 'handled' ? DUPLICATE : outcome);
      }
      outcomes.push(outcome);
    }
    return outcomes;
  }

  /** Runs one handler of a batch in a savepoint; when it throws, forgets its inbox row too. */
  private async handleIn(
    tx: SqlClient,
    consumer: string,
    messageId: string,
    handler: (tx: SqlClient) => Promise<void>,
  ): Promise<InboxOutcome> {
    try {
      await tx.transaction(handler);
      return HANDLED;
    } catch (error) {
      await this.table.forget(tx, consumer, messageId);
      return { status: 'failed', error };
    }
  }
}

/** How a batch runs: its handlers in savepoints or not, and the one that failed on the run before. */
interface BatchRun {
  readonly savepoints: boolean;
  failed?: { readonly messageId: string; readonly error: unknown };
}

const HANDLED: InboxOutcome = Object.freeze({ status: 'handled' });
const DUPLICATE: InboxOutcome = Object.freeze({ status: 'duplicate' });

const invalidId = (field: string, value: unknown, kind: 'consumer' | 'messageId' = 'messageId') =>
  invalidInboxId('PostgresInbox', field, value, kind);
