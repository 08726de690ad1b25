import type { DomainEvent } from '../core/DomainEvent.js';
import type { OutboxCommand, OutboxEntry, OutboxMessage } from '../core/Outbox.js';
import { checkJsonb } from './checkJsonb.js';
import type { SqlClient } from './SqlClient.js';
import { qualifiedName } from './sqlIdentifier.js';

/** Prepared once per connection where the adapter can. */
const PREPARED = { prepare: true } as const;

/** One outbox row as the relay sees it: the message and its order in the outbox. @internal */
export type OutboxRow = OutboxMessage & {
  /** The row's order in the outbox. */
  readonly seq: bigint;
};

interface Row {
  readonly seq: string;
  readonly message_id: string;
  readonly payload: DomainEvent | (OutboxCommand & { readonly kind: 'command' });
  readonly enqueued_at: Date | string;
  readonly attempts: number;
  readonly available_at: Date | string;
  readonly published_at: Date | string | null;
  readonly last_error: string | null;
  readonly due_at: Date | string | null;
  readonly due: boolean;
}

/**
 * Which order a {@link PostgresOutbox} keeps: every message after the earlier ones (`'global'`,
 * relays take turns), or each aggregate's messages after that aggregate's earlier ones
 * (`'per-aggregate'`, relays work in parallel).
 *
 * @example
 * ```ts
 * const ordering: OutboxOrdering = 'per-aggregate';
 * const outbox = new PostgresOutbox({ client, ordering });
 * ```
 */
export type OutboxOrdering = 'global' | 'per-aggregate';

/** The `NOTIFY` channel of outboxes created with `notify: true`; the payload is the schema. @internal */
export const outboxChannel = 'ddd_outbox';

/** How long a claim leases its rows, and the token that marks them as this claim's. @internal */
export interface Lease {
  readonly ms: number;
  readonly token: string;
}

const defaultLease: Lease = { ms: 60_000, token: 'unnamed' };

const COLUMNS = `id::text AS seq, message_id, payload, enqueued_at, attempts, available_at, published_at, last_error,
  due_at, available_at <= now() AS due`;

/** The time scheduled messages fall due by: the caller's clock (`$n`), else the database's. */
const dueNow = (param: number): string => `COALESCE($${param}::timestamptz, now())`;

/**
 * The SQL of the transactional outbox (`ddd_outbox`) and of the consumers' inbox (`ddd_inbox`).
 * The outbox port and its relay sit above it. @internal
 */
export class OutboxTable {
  private readonly outbox: string;
  private readonly inbox: string;

  /** @param schema - A validated schema name. */
  constructor(readonly schema: string) {
    this.outbox = qualifiedName(schema, 'ddd_outbox');
    this.inbox = qualifiedName(schema, 'ddd_inbox');
  }

  /**
   * Adds events and commands in the caller's transaction, in order; an id already in the outbox is
   * skipped. A command's row is its message with `kind: 'command'`; its partition is its
   * correlation id (a process's commands keep their order).
   * With `notify`, the same statement also sends `NOTIFY ddd_outbox, '<schema>'`, delivered when
   * the transaction commits.
   */
  async add(client: SqlClient, entries: readonly OutboxEntry[], notify = false): Promise<number> {
    const scheduled = entries.filter((entry) => entry.dueAt !== undefined);
    if (scheduled.length === 0) return this.addDue(client, entries, notify);
    const due = entries.filter((entry) => entry.dueAt === undefined);
    return (await this.addDue(client, due, notify)) + (await this.addScheduled(client, scheduled, notify));
  }

  /**
   * Adds scheduled messages (each entry has `dueAt`): they wait (`waiting`), out of the claims'
   * way, until a claim finds them due. With `notify`, relays hear of them (to sleep until due).
   */
  private async addScheduled(client: SqlClient, entries: readonly OutboxEntry[], notify: boolean): Promise<number> {
    const json = checkJsonb(
      JSON.stringify(entries.map((entry) => ({ message: messageOf(entry), dueAt: entry.dueAt }))),
      'Outbox',
      'messages',
    );
    const { rowCount } = await client.query(
      `INSERT INTO ${this.outbox} (message_id, topic, partition_key, payload, due_at, available_at, waiting)
       SELECT m->>'id', m->>'type', COALESCE(m->>'aggregateId', m->'metadata'->>'correlationId', m->>'id'), m,
         (e.value->>'dueAt')::timestamptz, (e.value->>'dueAt')::timestamptz, true
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(value, n), LATERAL (SELECT e.value->'message' AS m) AS x
       ORDER BY e.n
       ON CONFLICT (message_id) DO NOTHING`,
      [json],
    );
    if (notify && rowCount > 0) await client.query('SELECT pg_notify($1, $2)', [outboxChannel, this.schema]);
    return rowCount;
  }

  /** Adds messages due at commit, in order. */
  private async addDue(client: SqlClient, entries: readonly OutboxEntry[], notify: boolean): Promise<number> {
    if (entries.length === 0) return 0;
    const insert = `INSERT INTO ${this.outbox} (message_id, topic, partition_key, payload)
       SELECT e.value->>'id', e.value->>'type',
         COALESCE(e.value->>'aggregateId', e.value->'metadata'->>'correlationId', e.value->>'id'), e.value
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(value, n)
       ORDER BY e.n
       ON CONFLICT (message_id) DO NOTHING`;
    const messages = entries.map(messageOf);
    if (messages.length === 1 && !notify) {
      // One message (a command's usual write): a plain prepared INSERT, a round trip cheaper to plan
      // and run than unpacking a JSON array; the same columns as the statement below.
      const message = messages[0] as unknown as Readonly<Record<string, unknown>>;
      const json = checkJsonb(JSON.stringify(message), 'Outbox', 'messages');
      const metadata = message.metadata as Readonly<Record<string, unknown>> | undefined;
      const partition = jsonText(message.aggregateId) ?? jsonText(metadata?.correlationId) ?? jsonText(message.id);
      const { rowCount } = await client.query(
        `INSERT INTO ${this.outbox} (message_id, topic, partition_key, payload) VALUES ($1, $2, $3, $4::jsonb)
         ON CONFLICT (message_id) DO NOTHING`,
        [jsonText(message.id) ?? null, jsonText(message.type) ?? null, partition ?? null, json],
        { prepare: true },
      );
      return rowCount;
    }
    const json = checkJsonb(JSON.stringify(messages), 'Outbox', 'messages');
    if (!notify) return (await client.query(insert, [json])).rowCount;
    const { rows } = await client.query<{ added: number }>(
      `WITH added AS (${insert} RETURNING 1)
       SELECT (SELECT count(*) FROM added)::int AS added, pg_notify($2, $3)`,
      [json, outboxChannel, this.schema],
    );
    return rows[0]?.added ?? 0;
  }

  /**
   * Leases the next due rows, oldest first, up to `limit`, in one statement, so that no message
   * overtakes an earlier one it must follow; the rows stay leased until `leaseMs` from now, under
   * `token`, unless marked before.
   *
   * - `'global'`: it stops at the first unpublished row that is not due (waiting for a retry) or
   *   still leased (being published by another relay). Claims wait for each other's row locks
   *   (`FOR UPDATE`), so two claims never lease the same row, and relays take turns.
   * - `'per-aggregate'`: it skips the rows another claim is locking (`FOR UPDATE SKIP LOCKED`) and
   *   those behind a leased or not-yet-due row of their aggregate (`partition_key`), and leases a
   *   row only when every earlier unpublished row of its aggregate is in this claim too, so relays
   *   publish different aggregates in parallel, each in order.
   */
  async claim(
    client: SqlClient,
    limit: number,
    lease: Lease = defaultLease,
    ordering: OutboxOrdering = 'global',
    now?: Date,
  ): Promise<OutboxRow[]> {
    const params = [limit, lease.ms, lease.token, now?.toISOString() ?? null];
    const run = async (): Promise<readonly ClaimRow[]> => {
      if (ordering === 'global') return (await client.query<ClaimRow>(this.claimGlobalSql, params)).rows;
      return client.transaction(async (tx) => {
        // On a table without fresh statistics the planner may run the per-row probe on every
        // pending row (a bitmap scan, then a sort): keep to the ordered scan that stops at the LIMIT.
        await tx.query('SET LOCAL enable_bitmapscan = off');
        return (await tx.query<ClaimRow>(this.claimPerAggregateSql, params)).rows;
      });
    };
    let rows = await run();
    // Scheduled messages the claim found due joined the commit order after its snapshot: when it
    // leased nothing else, the next claim (a new snapshot) takes them.
    if (rows.every((row) => row.seq === null) && Number(rows[0]?.released ?? 0) > 0) rows = await run();
    return rows.filter((row): row is ClaimRow & Row => row.seq !== null).map(toOutboxRow);
  }

  /**
   * Cancels scheduled messages still waiting for their due time (others are left alone), in the
   * caller's transaction; returns how many it dropped.
   */
  async cancel(client: SqlClient, messageIds: readonly string[]): Promise<number> {
    if (messageIds.length === 0) return 0;
    const { rowCount } = await client.query(
      `DELETE FROM ${this.outbox} WHERE waiting AND message_id = ANY ($1::text[])`,
      [[...messageIds]],
    );
    return rowCount;
  }

  /** Milliseconds until the earliest waiting scheduled message falls due (0 when due), or `undefined`. */
  async nextDueIn(client: SqlClient, now?: Date): Promise<number | undefined> {
    const { rows } = await client.query<{ ms: number | string | null }>(
      `SELECT (EXTRACT(EPOCH FROM (min(due_at) - ${dueNow(1)})) * 1000)::float8 AS ms
       FROM ${this.outbox} WHERE waiting`,
      [now?.toISOString() ?? null],
    );
    const ms = rows[0]?.ms;
    return ms === null || ms === undefined ? undefined : Math.max(0, Number(ms));
  }

  /**
   * The statement part that moves the waiting messages due by `$4` (or the database's `now()`)
   * into the commit order, earliest first, at most `$1`: each gets a new id (after every row
   * there), so it follows the messages committed before it fell due.
   */
  private get releaseSql(): string {
    return `released AS (
         UPDATE ${this.outbox} AS o SET id = DEFAULT, waiting = false, available_at = now()
         FROM (
           SELECT id FROM ${this.outbox} WHERE waiting AND due_at <= ${dueNow(4)}
           ORDER BY due_at, id LIMIT $1 FOR UPDATE SKIP LOCKED
         ) AS d
         WHERE o.id = d.id
         RETURNING 1
       )`;
  }

  private get claimGlobalSql(): string {
    return `WITH ${this.releaseSql}, candidates AS (
         SELECT id, available_at <= now() AND (leased_until IS NULL OR leased_until <= now()) AS ready
         FROM ${this.outbox} WHERE published_at IS NULL AND NOT waiting
         ORDER BY id LIMIT $1 FOR UPDATE
       ), prefix AS (
         SELECT id, bool_and(ready) OVER (ORDER BY id) AS ok FROM candidates
       )${this.leaseSql('prefix', 'prefix.ok')}`;
  }

  private get claimPerAggregateSql(): string {
    // A row whose aggregate's first unpublished row is unavailable (leased, or waiting for a retry)
    // is passed over before the LIMIT, so a stuck aggregate cannot fill the batch: an aggregate's
    // leased rows are always its first unpublished ones, and a failed row its first one. That is
    // one index probe per row. Whatever the rows, `free` keeps the order: it drops a row behind
    // one of its aggregate that this claim did not take (a concurrent claim is locking it, say).
    return `WITH ${this.releaseSql}, candidates AS (
         SELECT id, partition_key FROM ${this.outbox} AS c
         WHERE published_at IS NULL AND NOT waiting AND available_at <= now()
           AND (leased_until IS NULL OR leased_until <= now())
           AND NOT EXISTS (
             SELECT 1 FROM (
               SELECT available_at, leased_until FROM ${this.outbox} AS f
               WHERE f.partition_key = c.partition_key AND f.published_at IS NULL AND NOT f.waiting
               ORDER BY f.id LIMIT 1
             ) AS first
             WHERE first.available_at > now() OR first.leased_until > now()
           )
         ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED
       ), free AS (
         SELECT c.id FROM candidates AS c
         WHERE NOT EXISTS (
           SELECT 1 FROM ${this.outbox} AS e
           WHERE e.partition_key = c.partition_key AND e.id < c.id AND e.published_at IS NULL AND NOT e.waiting
             AND e.id NOT IN (SELECT id FROM candidates)
         )
       )${this.leaseSql('free', 'TRUE')}`;
  }

  private leaseSql(from: string, condition: string): string {
    return `, leased AS (
         UPDATE ${this.outbox} AS o
         SET leased_until = now() + make_interval(secs => $2::float8 / 1000), lease_token = $3
         FROM ${from} WHERE o.id = ${from}.id AND ${condition}
         RETURNING o.*
       )
       SELECT ${COLUMNS}, r.released
       FROM (SELECT count(*)::int AS released FROM released) AS r LEFT JOIN leased ON true
       ORDER BY id`;
  }

  /** Marks rows published (and no longer leased), locking them in order. */
  async markPublished(client: SqlClient, seqs: readonly bigint[]): Promise<void> {
    if (seqs.length === 0) return;
    await client.query(
      `UPDATE ${this.outbox} AS o SET published_at = now(), leased_until = NULL, lease_token = NULL
       FROM (SELECT id FROM ${this.outbox} WHERE id = ANY ($1::bigint[]) ORDER BY id FOR UPDATE) AS s
       WHERE o.id = s.id`,
      [seqs.map(String)],
    );
  }

  /**
   * Counts a failed attempt of a row still unpublished, makes it due again after `delayMs`, and
   * releases the lease `token` holds on the rows in `release` (the rest of its batch), locking in
   * order; returns the failed row.
   */
  async markFailed(
    client: SqlClient,
    seq: bigint,
    delayMs: number,
    error: string,
    release: { readonly token: string; readonly seqs: readonly bigint[] } = { token: '', seqs: [] },
  ): Promise<OutboxRow | undefined> {
    const { rows } = await client.query<Row>(
      `WITH locked AS (
         SELECT id FROM ${this.outbox}
         WHERE (id = $1::bigint OR (id = ANY ($5::bigint[]) AND lease_token = $4)) AND published_at IS NULL
         ORDER BY id FOR UPDATE
       ), changed AS (
         UPDATE ${this.outbox} AS o
         SET leased_until = NULL, lease_token = NULL,
             attempts = CASE WHEN o.id = $1::bigint THEN attempts + 1 ELSE attempts END,
             last_error = CASE WHEN o.id = $1::bigint THEN $3 ELSE last_error END,
             available_at = CASE WHEN o.id = $1::bigint
               THEN now() + make_interval(secs => $2::float8 / 1000) ELSE available_at END
         FROM locked WHERE o.id = locked.id
         RETURNING o.*
       )
       SELECT ${COLUMNS} FROM changed WHERE id = $1::bigint`,
      [String(seq), delayMs, error, release.token, release.seqs.map(String)],
    );
    return rows[0] === undefined ? undefined : toOutboxRow(rows[0]);
  }

  /** Every row, published or not, in order (for tests and operators). */
  async list(client: SqlClient): Promise<OutboxRow[]> {
    const { rows } = await client.query<Row>(`SELECT ${COLUMNS} FROM ${this.outbox} ORDER BY id`);
    return rows.map(toOutboxRow);
  }

  /**
   * Records that `consumer` received `messageId`, in the caller's transaction; returns `false`
   * when it already had (a duplicate delivery to drop).
   */
  async receive(client: SqlClient, consumer: string, messageId: string): Promise<boolean> {
    const { rows } = await client.query(
      `INSERT INTO ${this.inbox} (consumer, message_id) VALUES ($1, $2)
       ON CONFLICT (consumer, message_id) DO NOTHING RETURNING 1 AS added`,
      [consumer, messageId],
    );
    return rows.length === 1;
  }

  /**
   * Records that `consumer` received each of `messageIds` (distinct), in the caller's transaction,
   * locking their keys in sorted order (two batches that share ids cannot deadlock on them);
   * returns the ids it had not received yet.
   */
  async receiveAll(client: SqlClient, consumer: string, messageIds: readonly string[]): Promise<Set<string>> {
    const { rows } = await client.query<{ message_id: string }>(
      `INSERT INTO ${this.inbox} (consumer, message_id)
       SELECT $1::text, id FROM unnest($2::text[]) AS ids(id) ORDER BY id
       ON CONFLICT (consumer, message_id) DO NOTHING RETURNING message_id`,
      [consumer, messageIds],
      PREPARED,
    );
    return new Set(rows.map((row) => row.message_id));
  }

  /** Undoes {@link OutboxTable.receiveAll} for one message whose handler failed. */
  async forget(client: SqlClient, consumer: string, messageId: string): Promise<void> {
    await client.query(`DELETE FROM ${this.inbox} WHERE consumer = $1 AND message_id = $2`, [consumer, messageId]);
  }
}

const iso = (value: Date | string): string => new Date(value).toISOString();

/** What `->>` gives for a JSON value: a string as is, `undefined` for null or missing, other values as JSON text. */
function jsonText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A claim's row: a leased message, or (when it leased none) nulls; `released` counts the scheduled messages it found due. */
type ClaimRow = { readonly [TKey in keyof Row]: Row[TKey] | null } & { readonly released: number | string };

/** The JSON an entry is stored as: the event, or the command with `kind: 'command'`. */
const messageOf = (entry: OutboxEntry): DomainEvent | (OutboxCommand & { readonly kind: 'command' }) =>
  entry.kind === 'event' ? entry.event : { ...entry.command, kind: 'command' };

function toOutboxRow(row: Row): OutboxRow {
  const { payload } = row;
  let entry: OutboxEntry;
  if ('kind' in payload && payload.kind === 'command') {
    const { kind: _kind, ...command } = payload;
    entry = { kind: 'command', command };
  } else entry = { kind: 'event', event: payload as DomainEvent };
  return {
    seq: BigInt(row.seq),
    id: row.message_id,
    ...entry,
    enqueuedAt: iso(row.enqueued_at),
    attempts: Number(row.attempts),
    availableAt: iso(row.available_at),
    ...(row.published_at === null ? {} : { publishedAt: iso(row.published_at) }),
    ...(row.last_error === null ? {} : { lastError: row.last_error }),
    ...(row.due_at === null || row.due_at === undefined ? {} : { dueAt: iso(row.due_at) }),
  };
}
