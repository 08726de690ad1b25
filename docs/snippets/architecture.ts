// #region aggregate
import { AggregateRoot, defineEvent, defineId, type EventOf, type IdOf, InvariantViolationError } from 'tactical-ddd';
import * as z from 'zod';

// The ordering context's ids: branded uuid v7 strings, so an OrderId is never taken for a ProductId.
export const OrderId = defineId('Order');
export type OrderId = IdOf<typeof OrderId>;
export const ProductId = defineId('Product');
export type ProductId = IdOf<typeof ProductId>;

// Its events: validated event creators, in the context's own language.
export const OrderItemAdded = defineEvent(
  'OrderItemAdded',
  z.object({ productId: ProductId.schema, quantity: z.int().positive() }),
);
export const OrderConfirmed = defineEvent(
  'OrderConfirmed',
  z.object({ lines: z.array(z.object({ productId: ProductId.schema, quantity: z.int() })) }),
);

type OrderStatus = 'pending' | 'confirmed' | 'shipped' | 'delivered' | 'cancelled';

export class Order extends AggregateRoot<
  OrderId,
  { status: OrderStatus; items: { productId: ProductId; quantity: number }[] },
  EventOf<typeof OrderItemAdded | typeof OrderConfirmed>
> {
  static start(id: OrderId = OrderId.create()): Order {
    return new Order(id, { status: 'pending', items: [] });
  }

  addItem(productId: ProductId, quantity: number): void {
    if (this.state.status !== 'pending')
      throw new InvariantViolationError('order.pending', 'Cannot add items to non-pending order');
    const added = OrderItemAdded({ productId, quantity }); // "Quantity must be positive" is the schema's job
    this.state.items.push({ productId, quantity });
    this.raise(added);
  }

  confirm(): void {
    if (this.state.status !== 'pending')
      throw new InvariantViolationError('order.pending', 'Can only confirm pending orders');
    if (this.state.items.length === 0)
      throw new InvariantViolationError('order.not_empty', 'Cannot confirm empty order');
    this.state.status = 'confirmed';
    this.raise(OrderConfirmed({ lines: this.state.items }));
  }
}

// pullEvents() hands the events out once, typed as this aggregate's union.
// #endregion aggregate

// #region context-mapping
import { inMemoryStore, stateStored } from 'tactical-ddd';
import { CommandBus, defineCommand, EventBus, OutboxRelay } from 'tactical-ddd/cqrs';

// The inventory context: another aggregate, with its own id type and its own rules.
export const SkuId = defineId('Sku');
export type SkuId = IdOf<typeof SkuId>;
export class StockItem extends AggregateRoot<SkuId, { stock: number }> {
  static of(id: SkuId, stock: number): StockItem {
    return new StockItem(id, { stock });
  }
  get stock(): number {
    return this.state.stock;
  }
  reserve(quantity: number): void {
    if (this.state.stock < quantity) throw new InvariantViolationError('stock.available', 'Insufficient stock');
    this.state.stock -= quantity;
  }
}

// The context map's translation between the two models, in one place (an anticorruption layer).
export const toSku = (productId: ProductId): SkuId => SkuId.parse(productId);

export const store = inMemoryStore({
  aggregates: { orders: stateStored<Order>('Order'), inventory: stateStored<StockItem>('StockItem') },
});

export const ReserveInventory = defineCommand(
  'ReserveInventory',
  z.object({ skuId: SkuId.schema, quantity: z.int().positive() }),
);
export const commandBus = new CommandBus().register(ReserveInventory, ({ payload }, context) =>
  store.transaction(async (s) => (await s.inventory.get(payload.skuId)).reserve(payload.quantity), context),
);

// A subscriber that turns the ordering context's event into the inventory's own command.
export const eventBus = new EventBus();
eventBus.subscribe(OrderConfirmed, async (event) => {
  for (const line of event.payload.lines) {
    await commandBus.dispatch(ReserveInventory({ skuId: toSku(line.productId), quantity: line.quantity }), {
      causedBy: event,
    });
  }
});
export const relay = new OutboxRelay({ outbox: store.outbox as NonNullable<typeof store.outbox>, publisher: eventBus }); // after commit, at least once
// #endregion context-mapping
