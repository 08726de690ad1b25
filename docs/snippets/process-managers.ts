import { AggregateRoot, defineEvent, type EventOf, inMemoryStore, stateStored } from 'tactical-ddd';
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

// #region process
import {
  CommandBus,
  defineCommand,
  EventBus,
  OutboxRelay,
  ProcessManager,
  processInstanceMapping,
} from 'tactical-ddd/cqrs';

export const ConfirmOrder = defineCommand('ConfirmOrder', z.object({ orderId: z.string() }));
const ReserveStock = defineCommand(
  'ReserveStock',
  z.object({ orderId: z.string(), sku: z.string(), quantity: z.int() }),
);
const CancelOrder = defineCommand('CancelOrder', z.object({ orderId: z.string(), reason: z.string() }));

const Fulfilment = z.object({
  orderId: z.string().optional(),
  step: z.enum(['started', 'reserving', 'reserved']),
});
type Fulfilment = z.infer<typeof Fulfilment>;

/** The runs are a state-stored kind of the store, one per conversation (its correlation id). */
export const store = inMemoryStore({
  aggregates: {
    orders: stateStored<Order>('Order'),
    stock: stateStored<Stock>('Stock'),
    runs: stateStored('OrderFulfilment', processInstanceMapping(Fulfilment)),
  },
});
export const commandBus = new CommandBus();
export const eventBus = new EventBus();

// Each event is handled in one session: the run's state and the commands it sends (through the
// outbox) commit together, or not at all.
export const fulfilment = new ProcessManager({
  name: 'OrderFulfilment',
  store,
  instances: (s) => s.runs,
  initialState: (): Fulfilment => ({ step: 'started' }),
})
  .startsOn(OrderConfirmed, (event, process) => {
    process.setState({ orderId: event.aggregateId, step: 'reserving' });
    const { sku, quantity } = event.payload;
    process.send(ReserveStock({ orderId: event.aggregateId, sku, quantity }), {
      compensation: CancelOrder({ orderId: event.aggregateId, reason: 'out of stock' }), // undoes the step
    });
  })
  .on(StockReserved, (_event, process) => {
    process.setState({ ...process.state, step: 'reserved' });
    process.complete(); // later events of this conversation are ignored
  })
  .on(StockRefused, (event, process) => process.compensate(event.payload.reason)); // sends CancelOrder

fulfilment.subscribe(eventBus);
// The relay delivers events to the bus and commands to the command bus. relay.start() in an app.
export const relay = new OutboxRelay({
  outbox: store.outbox as NonNullable<typeof store.outbox>,
  publisher: eventBus,
  commands: (command) => commandBus.dispatch(command),
});
// #endregion process

// The command handlers: each is one session with the command's context, so the events carry the
// conversation's correlation id.
commandBus
  .register(ConfirmOrder, ({ payload }, context) =>
    store.transaction(async (s) => (await s.orders.get(payload.orderId)).confirm(), context),
  )
  .register(ReserveStock, ({ payload }, context) =>
    store.transaction(
      async (s) => (await s.stock.get(payload.sku)).reserve(payload.orderId, payload.quantity),
      context,
    ),
  )
  .register(CancelOrder, ({ payload }, context) =>
    store.transaction(async (s) => (await s.orders.get(payload.orderId)).cancel(payload.reason), context),
  );
