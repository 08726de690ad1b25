import {
  AggregateRoot,
  defineEvent,
  type EventOf,
  InMemoryOutbox,
  InMemoryRepository,
  InMemoryUnitOfWork,
} from 'tactical-ddd';
import * as z from 'zod';

// Two small aggregates of two contexts: an order that can be confirmed or cancelled, and stock
// that is reserved or refuses (raising an event either way).
export const OrderConfirmed = defineEvent('OrderConfirmed', z.object({ sku: z.string(), quantity: z.int() }));
const OrderCancelled = defineEvent('OrderCancelled', z.object({ reason: z.string() }));

export class Order extends AggregateRoot<
  string,
  { sku: string; quantity: number; status: 'pending' | 'confirmed' | 'cancelled' },
  EventOf<typeof OrderConfirmed | typeof OrderCancelled>
> {
  static place(id: string, sku: string, quantity: number): Order {
    return new Order(id, { sku, quantity, status: 'pending' });
  }
  get status(): string {
    return this.state.status;
  }
  confirm(): void {
    this.state.status = 'confirmed';
    this.raise(OrderConfirmed({ sku: this.state.sku, quantity: this.state.quantity }));
  }
  cancel(reason: string): void {
    this.state.status = 'cancelled';
    this.raise(OrderCancelled({ reason }));
  }
}

export const StockReserved = defineEvent('StockReserved', z.object({ orderId: z.string() }));
export const StockRefused = defineEvent('StockRefused', z.object({ orderId: z.string(), reason: z.string() }));

export class Stock extends AggregateRoot<
  string,
  { available: number },
  EventOf<typeof StockReserved | typeof StockRefused>
> {
  static of(sku: string, available: number): Stock {
    return new Stock(sku, { available });
  }
  reserve(orderId: string, quantity: number): void {
    if (quantity > this.state.available) {
      this.raise(StockRefused({ orderId, reason: `only ${this.state.available} left` }));
      return;
    }
    this.state.available -= quantity;
    this.raise(StockReserved({ orderId }));
  }
}

export const outbox = new InMemoryOutbox();
export const orders = new InMemoryRepository<Order, string>({ name: 'Order', outbox });
export const stock = new InMemoryRepository<Stock, string>({ name: 'Stock', outbox });
const unitOfWork = new InMemoryUnitOfWork();

// #region process
import type { ProcessInstance } from 'tactical-ddd/cqrs';
import { CommandBus, defineCommand, EventBus, OutboxRelay, ProcessManager } from 'tactical-ddd/cqrs';

export const ConfirmOrder = defineCommand('ConfirmOrder', z.object({ orderId: z.string() }));
const ReserveStock = defineCommand(
  'ReserveStock',
  z.object({ orderId: z.string(), sku: z.string(), quantity: z.int() }),
);
const CancelOrder = defineCommand('CancelOrder', z.object({ orderId: z.string(), reason: z.string() }));

interface Fulfilment {
  readonly orderId?: string;
  readonly step: 'started' | 'reserving' | 'reserved';
}

/** One run per conversation, keyed by its correlation id, kept in any repository. */
export const runs = new InMemoryRepository<ProcessInstance<Fulfilment>, string>({ name: 'OrderFulfilment' });
export const commandBus = new CommandBus();
export const eventBus = new EventBus();

export const fulfilment = new ProcessManager<Fulfilment>({
  name: 'OrderFulfilment',
  repository: runs,
  commandBus,
  initialState: () => ({ step: 'started' }),
})
  .startsOn(OrderConfirmed, async (event, process) => {
    process.setState({ orderId: event.aggregateId, step: 'reserving' });
    const { sku, quantity } = event.payload;
    await process.send(ReserveStock({ orderId: event.aggregateId, sku, quantity }), {
      compensation: CancelOrder({ orderId: event.aggregateId, reason: 'out of stock' }), // undoes the step
    });
  })
  .on(StockReserved, (_event, process) => {
    process.setState({ ...process.state, step: 'reserved' });
    process.complete(); // later events of this conversation are ignored
  })
  .on(StockRefused, (event, process) => process.compensate(event.payload.reason)); // runs CancelOrder

fulfilment.subscribe(eventBus);
export const relay = new OutboxRelay({ outbox, publisher: eventBus }); // relay.start() in an app
// #endregion process

// The command handlers: each loads, changes and saves one aggregate in a unit of work, with the
// command's context, so the events carry the conversation's correlation id.
commandBus
  .register(ConfirmOrder, (command, context) =>
    unitOfWork.run(async (tx) => {
      const order = await orders.withTransaction(tx).getById(command.payload.orderId);
      order.confirm();
      await orders.withTransaction(tx).save(order);
    }, context),
  )
  .register(ReserveStock, (command, context) =>
    unitOfWork.run(async (tx) => {
      const item = await stock.withTransaction(tx).getById(command.payload.sku);
      item.reserve(command.payload.orderId, command.payload.quantity);
      await stock.withTransaction(tx).save(item);
    }, context),
  )
  .register(CancelOrder, (command, context) =>
    unitOfWork.run(async (tx) => {
      const order = await orders.withTransaction(tx).getById(command.payload.orderId);
      order.cancel(command.payload.reason);
      await orders.withTransaction(tx).save(order);
    }, context),
  );
