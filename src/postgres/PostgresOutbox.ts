import type { Clock } from '../core/Clock.js';
import type {
  Outbox,
  OutboxEntry,
  OutboxMessage,
  PublishPendingOptions,
  PublishPendingResult,
} from '../core/Outbox.js';
import { batchLimit, defaultRetryDelayMs, errorText, publishInOrder } from '../core/publishInOrder.js';
import { ValidationError } from '../core/ValidationError.js';
import type { CryptoShredder } from '../event-sourcing/CryptoShredder.js';
import type { EventRegistry } from '../event-sourcing/EventRegistry.js';
import { type OutboxOrdering, type OutboxRow, OutboxTable, outboxChannel } from './OutboxTable.js';
import type { SqlClient } from './SqlClient.js';
import { sqlIdentifier } from './sqlIdentifier.js';

/**
 * The options of a {@link PostgresOutbox}.
 *
 * @example
 * ```ts
 * const outbox = new PostgresOutbox({ client, schema: 'app', leaseMs: 30_000, ordering: 'per-aggregate' });
 * ```
 */
export interface PostgresOutboxOptions {
  /** The database. */
  readonly client: SqlClient;
  /** The schema {@link migrate} created the tables in; default `'public'`. */
  readonly schema?: string;
  /**
   * How long a claimed batch stays leased to the relay publishing it (ms, default 60,000): longer
   * than publishing one batch takes. A relay that dies before marking its batch published holds
   * back the outbox this long; then the batch is published again.
   */
  readonly leaseMs?: number;
  /**
   * The order messages go out in (default `'global'`):
   * - `'global'`: commit order. A leased batch, or a message waiting for its retry, holds back
   *   every later message, so several relays take turns (one takes over when another dies).
   * - `'per-aggregate'`: each aggregate's messages (same `aggregateId`) in commit order, different
   *   aggregates independently. Claims skip the rows another claim is locking (`FOR UPDATE SKIP
   *   LOCKED`), so several relays publish in parallel, and a message waiting for its retry holds
   *   back only its own aggregate's later messages.
   */
  readonly ordering?: OutboxOrdering;
  /**
   * Wake relays at once instead of at their next poll (default `false`): each `add` also sends
   * `NOTIFY ddd_outbox` (delivered at commit, in the same statement as the insert), and `watch`
   * listens for it, so `OutboxRelay` publishes within milliseconds of the commit while
   * `pollIntervalMs` can stay long (it still polls, for retries and lost notifications). Sending
   * works on any client (a transaction's too); `watch` needs one with `listen` (the `pg` and PGlite
   * adapters have it). A cost on a busy server: PostgreSQL serialises the commits of transactions
   * that sent a notification.
   */
  readonly notify?: boolean;
  /**
   * Decodes the events it hands out as the event store does (validated payloads, upcast to the
   * current schema version), so that relays and subscribers see the same events as the aggregates
   * raised (a `Money` payload field is a `Money` again). Events of types the registry does not know
   * are handed out as stored JSON. A {@link postgresStore} passes its event store's registry.
   */
  readonly registry?: EventRegistry;
  /**
   * Decides when scheduled messages (a session's `schedule`) fall due; default: the database's
   * `now()`. Give the clock your application schedules with (a `FixedClock` in tests); retries and
   * leases keep to the database's time.
   */
  readonly clock?: Clock;
  /**
   * Says which events carry sealed personal fields: those are handed out as stored, sealed, so
   * that no broker ever carries their personal data in clear (consumers open them with
   * `shredder.open`); the others are decoded by the registry. A {@link postgresStore} passes its
   * event store's shredder, and its sessions seal the events they add.
   */
  readonly shredder?: CryptoShredder;
}

/**
 * The transactional {@link "tactical-ddd".Outbox | Outbox} in `ddd_outbox`: a store's sessions add events and
 * commands in their database transaction, and `publishPending` leases the due rows oldest first in one short
 * statement, publishes them outside any transaction (so a subscriber may write to the same
 * database, even on single-connection PGlite, and no transaction stays open across broker round
 * trips), then marks them published. A relay that dies in between leaves its batch leased for
 * `leaseMs`; then it is sent again (at least once). Messages go out in commit order: a leased batch
 * or a message waiting for its retry holds back the later ones, so several relays take turns
 * (one takes over when another dies) rather than publish in parallel; with `ordering:
 * 'per-aggregate'` only each aggregate's messages keep their order, and relays share the work
 * (`FOR UPDATE SKIP LOCKED`). A failed publish counts an attempt and waits with backoff.
 * Consumers drop duplicates by message id with an inbox ({@link PostgresInbox}).
 *
 * Use it with the `OutboxRelay` of `tactical-ddd/cqrs`, which polls it, and with `notify: true`
 * is also woken by `LISTEN`/`NOTIFY` right after each commit.
 *
 * @example
 * ```ts
 * const store = postgresStore({ client, aggregates: { orders: stateStored('Order', orderMapping) } });
 * const relay = new OutboxRelay({ outbox: store.outbox, publisher: eventBus, pollIntervalMs: 200 });
 * relay.start();
 * ```
 */
export class PostgresOutbox implements Outbox {
  private readonly client: SqlClient;
  private readonly table: OutboxTable;

  private readonly leaseMs: number;
  private readonly ordering: OutboxOrdering;
  private readonly notify: boolean;
  private readonly registry: EventRegistry | undefined;
  private readonly clock: Clock | undefined;
  private readonly shredder: CryptoShredder | undefined;

  /**
   * @param options - The client, the schema, the lease, the ordering, notifications.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} when `schema` is not a plain SQL identifier, `leaseMs` not a positive integer, `ordering` neither `'global'` nor `'per-aggregate'`, or `notify` not a boolean.
   */
  constructor(options: PostgresOutboxOptions) {
    this.client = options.client;
    const leaseMs = options.leaseMs ?? 60_000;
    if (!Number.isSafeInteger(leaseMs) || leaseMs < 1) {
      throw ValidationError.of('PostgresOutboxOptions', 'leaseMs', 'too_small', 'leaseMs must be a positive integer');
    }
    this.leaseMs = leaseMs;
    const ordering = options.ordering ?? 'global';
    if (ordering !== 'global' && ordering !== 'per-aggregate') {
      throw ValidationError.of(
        'PostgresOutboxOptions',
        'ordering',
        'invalid_value',
        `ordering must be 'global' or 'per-aggregate', got ${JSON.stringify(ordering)}`,
      );
    }
    this.ordering = ordering;
    const notify = options.notify ?? false;
    if (typeof notify !== 'boolean') {
      throw ValidationError.of('PostgresOutboxOptions', 'notify', 'invalid_type', 'notify must be a boolean');
    }
    this.notify = notify;
    this.registry = options.registry;
    this.clock = options.clock;
    this.shredder = options.shredder;
    this.table = new OutboxTable(sqlIdentifier(options.schema ?? 'public', 'PostgresOutboxOptions', 'schema'));
  }

  /**
   * Adds events and commands in a session's transaction (pending once it commits); an id already
   * in the outbox is skipped. A {@link postgresStore}'s sessions call it. @internal
   *
   * @param tx - The client bound to the session's transaction.
   * @param entries - The events and commands, in order.
   */
  async add(tx: SqlClient, entries: readonly OutboxEntry[]): Promise<void> {
    await this.table.add(tx, entries, this.notify);
  }

  /**
   * Drops scheduled messages still waiting for their due time, in a session's transaction; ids of
   * messages already due, or unknown, are ignored. A {@link postgresStore}'s sessions call it. @internal
   *
   * @param tx - The client bound to the session's transaction.
   * @param messageIds - The ids `schedule` returned.
   */
  async cancel(tx: SqlClient, messageIds: readonly string[]): Promise<void> {
    await this.table.cancel(tx, messageIds);
  }

  /**
   * Tells how long until the earliest scheduled message still waiting falls due, by the outbox's
   * clock (the `clock` option, else the database's), so an `OutboxRelay` sleeps until then.
   *
   * @returns Milliseconds (0 when one is due now), or `undefined` when none waits.
   */
  nextDueIn(): Promise<number | undefined> {
    return this.table.nextDueIn(this.client, this.clock?.now());
  }

  /**
   * With `notify: true`, calls `listener` after each commit that added messages to this outbox
   * (and once after the listening connection was lost and opened again); without it, never (the
   * relay's polling does the work). Listening starts in the background and is retried every
   * second until it works.
   *
   * @param listener - Called when there may be new messages.
   * @returns A function that stops watching.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} (`listen_unsupported`) with `notify: true` on a client without `listen`.
   */
  watch(listener: () => void): () => void {
    if (!this.notify) return () => undefined;
    const listen = this.client.listen;
    if (listen === undefined) {
      throw ValidationError.of(
        'PostgresOutbox',
        'client',
        'listen_unsupported',
        'watching with notify: true needs a client with listen (connectPg, openPGlite, pgSqlClient and pgliteSqlClient have it)',
      );
    }
    let stopped = false;
    let stop: (() => Promise<void>) | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const start = (): void => {
      listen
        .call(this.client, outboxChannel, (schema) => {
          // '' after a reconnection: notifications may have been lost meanwhile.
          if (schema === this.table.schema || schema === '') listener();
        })
        .then(
          (unlisten) => {
            if (stopped) unlisten().catch(() => undefined);
            else stop = unlisten;
          },
          () => {
            if (!stopped) retry = setTimeout(start, 1000);
          },
        );
    };
    start();
    return () => {
      stopped = true;
      if (retry !== undefined) clearTimeout(retry);
      stop?.().catch(() => undefined);
    };
  }

  /**
   * Leases the due messages, oldest first (in the outbox's `ordering`), in one short statement;
   * publishes them in order outside any transaction (all at once with `options.publishBatch` when
   * given); then marks the published ones in another. The first failure is counted and retried after `retryDelayMs`, the rest of the
   * batch is released, and the call stops so that later messages do not overtake it. A relay that
   * dies before marking leaves its batch leased: it is published again once the lease expires.
   *
   * @param publish - Sends one message on.
   * @param options - The batch size, the retry delay, a batch publish.
   * @returns How many were published, and the failure if one failed.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} when `limit` is not a positive integer.
   */
  async publishPending(
    publish: (message: OutboxMessage) => Promise<void>,
    options: PublishPendingOptions = {},
  ): Promise<PublishPendingResult> {
    const limit = batchLimit(options);
    const retryDelayMs = options.retryDelayMs ?? defaultRetryDelayMs;
    // Tells this claim's lease from a later one on the same rows (after it expired).
    const token = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
    const lease = { ms: this.leaseMs, token };
    const batch = await this.table.claim(this.client, limit, lease, this.ordering, this.clock?.now());
    const { published, failed } = await publishInOrder(
      batch.map((row) => this.toMessage(row)),
      publish,
      options.publishBatch,
    );
    await this.table.markPublished(
      this.client,
      batch.slice(0, published).map((row) => row.seq),
    );
    if (failed === undefined) return { published };
    const row = batch[published] as OutboxRow;
    const message = await this.table.markFailed(
      this.client,
      row.seq,
      retryDelayMs(row.attempts + 1),
      errorText(failed.error),
      { token, seqs: batch.slice(published + 1).map((rest) => rest.seq) },
    );
    return { published, failure: { message: this.toMessage(message ?? row), error: failed.error } };
  }

  /** The row as a message, its event decoded by the registry when it knows the event's type. */
  private toMessage(row: OutboxRow): OutboxMessage {
    const message = toMessage(row);
    const registry = this.registry;
    if (message.kind !== 'event' || registry === undefined) return message;
    const { type, schemaVersion } = message.event;
    if (!registry.has(type, schemaVersion) || this.shredder?.hasPersonalData(type, schemaVersion)) return message;
    return Object.freeze({ ...message, event: registry.parse(message.event) });
  }

  /** Every message, published or not, in order (for tests and operators). */
  async messages(): Promise<readonly OutboxMessage[]> {
    return (await this.table.list(this.client)).map((row) => this.toMessage(row));
  }
}

function toMessage(row: OutboxRow): OutboxMessage {
  const { seq: _seq, ...message } = row;
  return Object.freeze(message) as OutboxMessage;
}
