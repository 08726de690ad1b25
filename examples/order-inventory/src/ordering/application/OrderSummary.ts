import { defineProjection, type Projection } from 'tactical-ddd/event-sourcing';
import { Money, type MoneyJSON } from 'tactical-ddd/money';
import type { OrderEvent } from '../domain/events.js';
import type { OrderStatus } from '../domain/OrderStatus.js';

/** The read model of one order, shaped for lists: no lines, just what a list shows. */
export interface OrderSummary {
  readonly orderId: string;
  readonly customerId: string;
  readonly status: OrderStatus;
  readonly itemCount: number;
  readonly subtotal: MoneyJSON;
  /** Set when the order is confirmed (priced with shipping). */
  readonly total: MoneyJSON | null;
  readonly cancelReason: string | null;
  readonly placedAt: string;
  readonly updatedAt: string;
  /** The version of the last event applied: replays and duplicates are skipped. */
  readonly version: number;
}

/** A page of summaries. */
export interface SummaryPage {
  readonly items: readonly OrderSummary[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

/** The read side of the summaries: what the list query asks. */
export interface OrderSummaryQueries {
  /** A customer's orders, newest first. */
  listByCustomer(customerId: string, page: { limit: number; offset: number }): Promise<SummaryPage>;
}

/**
 * A port: where the projection keeps summaries (in memory, or a table). Its writes go through the
 * transaction the projection's runner opened (`TTransaction`), so they commit with the inbox row.
 */
export interface OrderSummaryStore<TTransaction> extends OrderSummaryQueries {
  get(orderId: string, tx: TTransaction): Promise<OrderSummary | undefined>;
  /** Stores `summary` unless a summary with the same or a later version is there (idempotent). */
  put(summary: OrderSummary, tx: TTransaction): Promise<void>;
}

/**
 * The projection, as a pure function: the summary after one event. `undefined` when the event
 * adds nothing (already applied, or it arrived before the order was placed).
 */
export function evolveSummary(summary: OrderSummary | undefined, event: OrderEvent): OrderSummary | undefined {
  if (summary !== undefined && event.aggregateVersion <= summary.version) return undefined;
  const touched = { version: event.aggregateVersion, updatedAt: event.occurredAt };
  if (event.type === 'OrderPlaced') {
    if (summary !== undefined) return undefined;
    return {
      orderId: event.aggregateId,
      customerId: event.payload.customerId,
      status: 'pending',
      itemCount: 0,
      subtotal: Money.zero(event.payload.currency as MoneyJSON['currency']).toJSON(),
      total: null,
      cancelReason: null,
      placedAt: event.occurredAt,
      ...touched,
    };
  }
  if (summary === undefined) return undefined;
  switch (event.type) {
    case 'OrderItemAdded': {
      const line = Money.fromJSON(event.payload.unitPrice).multiply(event.payload.quantity);
      return {
        ...summary,
        itemCount: summary.itemCount + event.payload.quantity,
        subtotal: Money.fromJSON(summary.subtotal).add(line).toJSON(),
        ...touched,
      };
    }
    case 'OrderConfirmed':
      return { ...summary, status: 'confirmed', total: event.payload.total as MoneyJSON, ...touched };
    case 'OrderCancelled':
      return { ...summary, status: 'cancelled', cancelReason: event.payload.reason, ...touched };
    case 'OrderShipped':
      return { ...summary, status: 'shipped', ...touched };
    case 'OrderDelivered':
      return { ...summary, status: 'delivered', ...touched };
  }
}

/**
 * The order-summary projection: one definition, whatever keeps the summaries and whatever feeds
 * it (the outbox through the event bus here; an event store's `readAll` would do as well).
 */
export function orderSummaries<TTransaction>(
  store: OrderSummaryStore<TTransaction>,
): Projection<OrderEvent, TTransaction> {
  const apply = async (event: OrderEvent, tx: TTransaction) => {
    const next = evolveSummary(await store.get(event.aggregateId, tx), event);
    if (next !== undefined) await store.put(next, tx);
  };
  return defineProjection<OrderEvent, TTransaction>({
    name: 'OrderSummary',
    handlers: {
      OrderPlaced: apply,
      OrderItemAdded: apply,
      OrderConfirmed: apply,
      OrderCancelled: apply,
      OrderShipped: apply,
      OrderDelivered: apply,
    },
  });
}
