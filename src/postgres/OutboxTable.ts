import type { DomainEvent } from '../core/DomainEvent.js';
import { checkJsonb } from './checkJsonb.js';
import type { SqlClient } from './SqlClient.js';
import { qualifiedName } from './sqlIdentifier.js';

/** One outbox row as the relay sees it. @internal */
export interface OutboxRow {
  /** The row's order in the outbox. */
  readonly seq: bigint;
  /** The message id: the event's id. */
  readonly id: string;
  readonly event: DomainEvent;
  readonly enqueuedAt: string;
  readonly attempts: number;
  readonly availableAt: string;
  readonly publishedAt?: string;
  readonly lastError?: string;
}

interface Row {
  readonly seq: string;
  readonly message_id: string;
  readonly payload: DomainEvent;
  readonly enqueued_at: Date | string;
  readonly attempts: number;
  readonly available_at: Date | string;
  readonly published_at: Date | string | null;
  readonly last_error: string | null;
  readonly due: boolean;
}

/** How long a claim leases its rows, and the token that marks them as this claim's. @internal */
export interface Lease {
  readonly ms: number;
  readonly token: string;
}

const defaultLease: Lease = { ms: 60_000, token: 'unnamed' };

const COLUMNS = `id::text AS seq, message_id, payload, enqueued_at, attempts, available_at, published_at, last_error,
  available_at <= now() AS due`;

/**
 * The SQL of the transactional outbox (`ddd_outbox`) and of the consumers' inbox (`ddd_inbox`).
 * The outbox port and its relay sit above it. @internal
 */
export class OutboxTable {
  private readonly outbox: string;
  private readonly inbox: string;

  /** @param schema - A validated schema name. */
  constructor(schema: string) {
    this.outbox = qualifiedName(schema, 'ddd_outbox');
    this.inbox = qualifiedName(schema, 'ddd_inbox');
  }

  /** Adds events in the caller's transaction, in order; an id already in the outbox is skipped. */
  async add(client: SqlClient, events: readonly DomainEvent[]): Promise<number> {
    if (events.length === 0) return 0;
    const { rowCount } = await client.query(
      `INSERT INTO ${this.outbox} (message_id, topic, partition_key, payload)
       SELECT e.value->>'id', e.value->>'type', e.value->>'aggregateId', e.value
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(value, n)
       ORDER BY e.n
       ON CONFLICT (message_id) DO NOTHING`,
      [checkJsonb(JSON.stringify(events), 'Outbox', 'events')],
    );
    return rowCount;
  }

  /**
   * Leases the next due rows, oldest first, up to `limit`, in one statement: it stops at the first
   * unpublished row that is not due (waiting for a retry) or still leased (being published by
   * another relay), so that no later message overtakes it. The rows stay leased until
   * `leaseMs` from now, under `token`, unless marked before; claims wait for each other's row locks
   * (`FOR UPDATE`), so two claims never lease the same row.
   */
  async claim(client: SqlClient, limit: number, lease: Lease = defaultLease): Promise<OutboxRow[]> {
    const { rows } = await client.query<Row>(
      `WITH candidates AS (
         SELECT id, available_at <= now() AND (leased_until IS NULL OR leased_until <= now()) AS ready
         FROM ${this.outbox} WHERE published_at IS NULL
         ORDER BY id LIMIT $1 FOR UPDATE
       ), prefix AS (
         SELECT id, bool_and(ready) OVER (ORDER BY id) AS ok FROM candidates
       ), leased AS (
         UPDATE ${this.outbox} AS o
         SET leased_until = now() + make_interval(secs => $2::float8 / 1000), lease_token = $3
         FROM prefix WHERE o.id = prefix.id AND prefix.ok
         RETURNING o.*
       )
       SELECT ${COLUMNS} FROM leased ORDER BY id`,
      [limit, lease.ms, lease.token],
    );
    return rows.map(toOutboxRow);
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
}

const iso = (value: Date | string): string => new Date(value).toISOString();

function toOutboxRow(row: Row): OutboxRow {
  return {
    seq: BigInt(row.seq),
    id: row.message_id,
    event: row.payload,
    enqueuedAt: iso(row.enqueued_at),
    attempts: Number(row.attempts),
    availableAt: iso(row.available_at),
    ...(row.published_at === null ? {} : { publishedAt: iso(row.published_at) }),
    ...(row.last_error === null ? {} : { lastError: row.last_error }),
  };
}
