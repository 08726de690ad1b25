import type { SqlClient } from 'tactical-ddd/postgres';
import type { OrderSummary, OrderSummaryStore, SummaryPage } from '../application/OrderSummary.js';

interface Row {
  readonly summary: OrderSummary;
}

/**
 * The read model in its own table (`order_summaries`), one JSONB row per order with the columns
 * the list query filters and sorts on. A write only replaces an older version, so replays and
 * duplicate deliveries change nothing. Writes go through the projection's transaction.
 */
export class PostgresOrderSummaries implements OrderSummaryStore<SqlClient> {
  private readonly table: string;

  constructor(
    private readonly client: SqlClient,
    schema: string,
  ) {
    if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`Not a plain schema name: ${schema}`);
    this.table = `"${schema}".order_summaries`;
  }

  /** Creates the table and its index when missing (idempotent: run it at every start). */
  async migrate(): Promise<void> {
    await this.client.query(
      `CREATE TABLE IF NOT EXISTS ${this.table} (
         order_id    TEXT PRIMARY KEY,
         customer_id TEXT NOT NULL,
         placed_at   TIMESTAMPTZ NOT NULL,
         version     INT NOT NULL,
         summary     JSONB NOT NULL
       )`,
    );
    await this.client.query(
      `CREATE INDEX IF NOT EXISTS order_summaries_customer_idx ON ${this.table} (customer_id, placed_at DESC, order_id DESC)`,
    );
  }

  async get(orderId: string, tx: SqlClient): Promise<OrderSummary | undefined> {
    const { rows } = await tx.query<Row>(`SELECT summary FROM ${this.table} WHERE order_id = $1`, [orderId]);
    return rows[0]?.summary;
  }

  async put(summary: OrderSummary, tx: SqlClient): Promise<void> {
    await tx.query(
      `INSERT INTO ${this.table} (order_id, customer_id, placed_at, version, summary) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (order_id) DO UPDATE SET version = EXCLUDED.version, summary = EXCLUDED.summary
       WHERE ${this.table}.version < EXCLUDED.version`,
      [summary.orderId, summary.customerId, summary.placedAt, summary.version, JSON.stringify(summary)],
    );
  }

  async listByCustomer(customerId: string, page: { limit: number; offset: number }): Promise<SummaryPage> {
    const [list, count] = await Promise.all([
      this.client.query<Row>(
        `SELECT summary FROM ${this.table} WHERE customer_id = $1
         ORDER BY placed_at DESC, order_id DESC LIMIT $2 OFFSET $3`,
        [customerId, page.limit, page.offset],
      ),
      this.client.query<{ n: number | string }>(`SELECT count(*) AS n FROM ${this.table} WHERE customer_id = $1`, [
        customerId,
      ]),
    ]);
    return { items: list.rows.map((row) => row.summary), total: Number(count.rows[0]?.n ?? 0), ...page };
  }
}
