import type { MemoryTransaction } from 'tactical-ddd';
import type { OrderSummary, OrderSummaryStore, SummaryPage } from '../application/OrderSummary.js';

/** The read model in a Map: the embedded default. Writes apply when the projection's transaction commits. */
export class InMemoryOrderSummaries implements OrderSummaryStore<MemoryTransaction> {
  private readonly rows = new Map<string, OrderSummary>();

  async get(orderId: string): Promise<OrderSummary | undefined> {
    return this.rows.get(orderId);
  }

  async put(summary: OrderSummary, tx: MemoryTransaction): Promise<void> {
    tx.stage({
      apply: () => {
        const current = this.rows.get(summary.orderId);
        if (current === undefined || current.version < summary.version) this.rows.set(summary.orderId, summary);
      },
    });
  }

  async listByCustomer(customerId: string, page: { limit: number; offset: number }): Promise<SummaryPage> {
    const mine = [...this.rows.values()]
      .filter((row) => row.customerId === customerId)
      .sort((a, b) => b.placedAt.localeCompare(a.placedAt) || b.orderId.localeCompare(a.orderId));
    return { items: mine.slice(page.offset, page.offset + page.limit), total: mine.length, ...page };
  }
}
