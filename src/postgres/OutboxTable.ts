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
   * Locks up to `limit` unpublished rows, oldest first, skipping rows another relay holds
   * (`FOR UPDATE SKIP LOCKED`), and returns those due now, stopping at the first that is not (so
   * that no later message overtakes it). Call it inside a transaction; the locks last until it ends.
   */
  async claim(tx: SqlClient, limit: number): Promise<OutboxRow[]> {
    const { rows } = await tx.query<Row>(
      `SELECT ${COLUMNS} FROM ${this.outbox} WHERE published_at IS NULL
       ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    const due: OutboxRow[] = [];
    for (const row of rows) {
      if (!row.due) break;
      due.push(toOutboxRow(row));
    }
    return due;
  }

  /** Marks rows published. */
  async markPublished(tx: SqlClient, seqs: readonly bigint[]): Promise<void> {
    if (seqs.length === 0) return;
    await tx.query(
      `UPDATE ${this.outbox} SET published_at = now()
       WHERE id = ANY ($1::bigint[])`,
      [seqs.map(String)],
    );
  }

  /** Counts a failed attempt and makes the row due again after `delayMs`; returns the row. */
  async markFailed(tx: SqlClient, seq: bigint, delayMs: number, error: string): Promise<OutboxRow> {
    const { rows } = await tx.query<Row>(
      `UPDATE ${this.outbox}
       SET attempts = attempts + 1, last_error = $3,
           available_at = now() + make_interval(secs => $2::float8 / 1000)
       WHERE id = $1::bigint RETURNING ${COLUMNS}`,
      [String(seq), delayMs, error],
    );
    return toOutboxRow(rows[0] as Row);
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
