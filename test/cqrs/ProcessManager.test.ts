import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  CommandBus,
  defineCommand,
  EventBus,
  type MessageContext,
  OutboxRelay,
  type ProcessInstance,
  ProcessManager,
  retryOnConcurrency,
  type SubscriberFailure,
} from '../../src/cqrs/index.js';
import {
  AggregateRoot,
  type DomainEvent,
  defineEvent,
  defineId,
  type EventOf,
  type IdOf,
  InMemoryOutbox,
  InMemoryRepository,
  InMemoryUnitOfWork,
  InvariantViolationError,
  ValidationError,
} from '../../src/index.js';
import { caught } from '../support/caught.js';

// --- Minimal test-local Order and Inventory contexts (the real examples come later). ---
const OrderId = defineId('Order');
type OrderId = IdOf<typeof OrderId>;
const OrderConfirmed = defineEvent('OrderConfirmed', z.object({ sku: z.string(), quantity: z.int() }));
const OrderCancelled = defineEvent('OrderCancelled', z.object({ reason: z.string() }));
type OrderEvent = EventOf<typeof OrderConfirmed> | EventOf<typeof OrderCancelled>;

class Order extends AggregateRoot<OrderId, { sku: string; quantity: number; status: string }, OrderEvent> {
  static place(sku: string, quantity: number): Order {
    return new Order(OrderId.create(), { sku, quantity, status: 'pending' });
  }
  get status(): string {
    return this.state.status;
  }
  confirm(): void {
    if (this.state.status !== 'pending') throw new InvariantViolationError('order.pending', 'Not pending');
    this.state.status = 'confirmed';
    this.raise(OrderConfirmed({ sku: this.state.sku, quantity: this.state.quantity }));
  }
  cancel(reason: string): void {
    this.state.status = 'cancelled';
    this.raise(OrderCancelled({ reason }));
  }
}

const StockReserved = defineEvent('StockReserved', z.object({ orderId: z.string() }));
const StockReservationFailed = defineEvent(
  'StockReservationFailed',
  z.object({ orderId: z.string(), reason: z.string() }),
);
type StockEvent = EventOf<typeof StockReserved> | EventOf<typeof StockReservationFailed>;

class Stock extends AggregateRoot<string, { available: number }, StockEvent> {
  static of(sku: string, available: number): Stock {
    return new Stock(sku, { available });
  }
  reserve(orderId: string, quantity: number): void {
    if (quantity > this.state.available) {
      this.raise(StockReservationFailed({ orderId, reason: `only ${this.state.available} left` }));
      return;
    }
    this.state.available -= quantity;
    this.raise(StockReserved({ orderId }));
  }
}

const ConfirmOrder = defineCommand('ConfirmOrder', z.object({ orderId: OrderId.schema }));
const ReserveStock = defineCommand(
  'ReserveStock',
  z.object({ orderId: z.string(), sku: z.string(), quantity: z.int().positive() }),
);
const CancelOrder = defineCommand('CancelOrder', z.object({ orderId: OrderId.schema, reason: z.string() }));

interface FulfilmentState {
  readonly orderId?: string;
  readonly step: 'started' | 'reserving' | 'reserved';
}

/** The durable parts survive a "restart"; buses, relay and process manager are rebuilt. */
function durable() {
  const outbox = new InMemoryOutbox();
  return {
    outbox,
    orders: new InMemoryRepository<Order, OrderId>({ name: 'Order', outbox }),
    stock: new InMemoryRepository<Stock, string>({ name: 'Stock', outbox }),
    processes: new InMemoryRepository<ProcessInstance<FulfilmentState>, string>({ name: 'OrderFulfilment' }),
  };
}

function boot(store: ReturnType<typeof durable>) {
  const unitOfWork = new InMemoryUnitOfWork();
  const contexts: Record<string, MessageContext> = {};
  const failures: SubscriberFailure[] = [];
  const commandBus = new CommandBus({
    middleware: [
      (dispatch, next) => {
        contexts[dispatch.message.type] = dispatch.context;
        return next(dispatch);
      },
      retryOnConcurrency({ sleep: async () => undefined }),
    ],
  });
  commandBus
    .register(ConfirmOrder, (command, context) =>
      unitOfWork.run(async (tx) => {
        const orders = store.orders.withTransaction(tx);
        const order = await orders.getById(command.payload.orderId);
        order.confirm();
        await orders.save(order);
      }, context),
    )
    .register(ReserveStock, (command, context) =>
      unitOfWork.run(async (tx) => {
        const stock = store.stock.withTransaction(tx);
        const item = await stock.getById(command.payload.sku);
        item.reserve(command.payload.orderId, command.payload.quantity);
        await stock.save(item);
      }, context),
    )
    .register(CancelOrder, (command, context) =>
      unitOfWork.run(async (tx) => {
        const orders = store.orders.withTransaction(tx);
        const order = await orders.getById(command.payload.orderId);
        order.cancel(command.payload.reason);
        await orders.save(order);
      }, context),
    );
  const eventBus = new EventBus({ onError: (failure) => void failures.push(failure) });
  const fulfilment = new ProcessManager<FulfilmentState>({
    name: 'OrderFulfilment',
    repository: store.processes,
    commandBus,
    initialState: () => ({ step: 'started' }),
  })
    .startsOn(OrderConfirmed, async (event, process) => {
      process.setState({ orderId: event.aggregateId, step: 'reserving' });
      await process.send(
        ReserveStock({ orderId: event.aggregateId, sku: event.payload.sku, quantity: event.payload.quantity }),
        { compensation: CancelOrder({ orderId: OrderId.parse(event.aggregateId), reason: 'stock unavailable' }) },
      );
    })
    .on(StockReserved, (_event, process) => {
      process.setState({ ...process.state, step: 'reserved' });
      process.complete();
    })
    .on(StockReservationFailed, (event, process) => process.compensate(event.payload.reason));
  fulfilment.subscribe(eventBus);
  const relay = new OutboxRelay({ outbox: store.outbox, publisher: eventBus });
  return { commandBus, eventBus, relay, fulfilment, contexts, failures };
}

async function placeOrder(store: ReturnType<typeof durable>, available: number) {
  const order = Order.place('SKU-1', 3);
  await store.orders.save(order);
  await store.stock.save(Stock.of('SKU-1', available));
  return order;
}

describe('ProcessManager (order confirmed → reserve stock → on failure cancel the order)', () => {
  it('cancels the order when the reservation fails, across a restart, with one correlation id throughout', async () => {
    const store = durable();
    const order = await placeOrder(store, 1);
    const first = boot(store);
    const confirm = ConfirmOrder({ orderId: order.id }, { metadata: { correlationId: 'req-1' } });
    await first.commandBus.dispatch(confirm);
    // Publish OrderConfirmed only: the process starts and sends ReserveStock, which fails.
    await store.outbox.publishPending((m) => first.eventBus.publish(m.event), { limit: 1 });
    const running = await store.processes.getById('req-1');
    expect(running.props).toMatchObject({ status: 'running', state: { step: 'reserving', orderId: order.id } });
    expect(running.props.compensations.map((c) => c.type)).toEqual(['CancelOrder']);
    expect(store.outbox.pending.map((m) => m.event.type)).toEqual(['StockReservationFailed']);

    // Restart: new buses, relay and process manager over the same stores.
    const second = boot(store);
    expect(await second.relay.drain()).toBe(2);
    expect((await store.orders.getById(order.id)).status).toBe('cancelled');
    const ended = await store.processes.getById('req-1');
    expect(ended.props).toMatchObject({ status: 'compensated', reason: 'only 1 left', compensations: [] });
    expect(second.failures).toEqual([]);

    // Correlation and causation across command → event → command → event → command → event.
    const events = store.outbox.messages.map((m) => m.event);
    expect(events.map((e) => e.type)).toEqual(['OrderConfirmed', 'StockReservationFailed', 'OrderCancelled']);
    const [confirmed, failed, cancelled] = events as [DomainEvent, DomainEvent, DomainEvent];
    expect(events.every((e) => e.metadata.correlationId === 'req-1')).toBe(true);
    expect(confirmed.metadata.causationId).toBe(confirm.id);
    expect(first.contexts.ReserveStock).toMatchObject({ correlationId: 'req-1', causationId: confirmed.id });
    expect(failed.metadata.causationId).toBe(first.contexts.ReserveStock?.messageId);
    expect(second.contexts.CancelOrder).toMatchObject({ correlationId: 'req-1', causationId: failed.id });
    expect(cancelled.metadata.causationId).toBe(second.contexts.CancelOrder?.messageId);
  });

  it('completes when the stock is reserved, and ignores later and redelivered events', async () => {
    const store = durable();
    const order = await placeOrder(store, 5);
    const app = boot(store);
    await app.commandBus.dispatch(ConfirmOrder({ orderId: order.id }, { metadata: { correlationId: 'req-2' } }));
    await app.relay.drain();
    const done = await store.processes.getById('req-2');
    expect(done.props).toMatchObject({ status: 'completed', state: { step: 'reserved' } });
    expect((await store.orders.getById(order.id)).status).toBe('confirmed');
    // At-least-once delivery: the same events again change nothing and send nothing.
    const version = done.version;
    for (const message of store.outbox.messages) await app.fulfilment.handle(message.event);
    expect((await store.processes.getById('req-2')).version).toBe(version);
    expect(store.outbox.messages).toHaveLength(2);
  });

  it('handles a redelivered event of a running process once', async () => {
    const store = durable();
    const order = await placeOrder(store, 0);
    const app = boot(store);
    await app.commandBus.dispatch(ConfirmOrder({ orderId: order.id }, { metadata: { correlationId: 'req-3' } }));
    const confirmed = store.outbox.messages[0]?.event as DomainEvent;
    await Promise.all([app.fulfilment.handle(confirmed), app.fulfilment.handle(confirmed)]);
    expect(store.outbox.messages.filter((m) => m.event.type === 'StockReservationFailed')).toHaveLength(1);
  });

  it('runs compensations newest first and records the reason', async () => {
    const sent: string[] = [];
    const Step = defineEvent('Step', z.object({ n: z.int() }));
    const Fail = defineEvent('Fail', z.object({}));
    const Do = defineCommand('Do', z.object({ n: z.int() }));
    const Undo = defineCommand('Undo', z.object({ n: z.int() }));
    const commandBus = new CommandBus()
      .register(Do, (command) => void sent.push(`do ${command.payload.n}`))
      .register(Undo, (command) => void sent.push(`undo ${command.payload.n}`));
    const repository = new InMemoryRepository<ProcessInstance<{ steps: number }>, string>();
    const manager = new ProcessManager<{ steps: number }>({
      name: 'Steps',
      repository,
      commandBus,
      initialState: () => ({ steps: 0 }),
    })
      .startsOn(Step, async (event, process) => {
        await process.send(Do({ n: event.payload.n }), { compensation: Undo({ n: event.payload.n }) });
        process.setState({ steps: process.state.steps + 1 });
      })
      .on(Fail, (_event, process) => process.compensate('step 3 failed'));
    const stream = new TestStream('conv-1');
    for (const n of [1, 2]) await manager.handle(stream.next(Step({ n })));
    await manager.handle(stream.next(Fail({})));
    expect(sent).toEqual(['do 1', 'do 2', 'undo 2', 'undo 1']);
    expect((await repository.getById('conv-1')).props).toMatchObject({
      status: 'compensated',
      reason: 'step 3 failed',
      state: { steps: 2 },
    });
    // A compensated run ignores later events.
    await manager.handle(stream.next(Step({ n: 9 })));
    expect(sent).toHaveLength(4);
  });

  it('saves nothing when a handler throws, and the event bus reports the error', async () => {
    const Started = defineEvent('Started', z.object({}));
    const repository = new InMemoryRepository<ProcessInstance<object>, string>();
    const Boom = defineCommand('Boom', z.object({}));
    const commandBus = new CommandBus().register(Boom, () => {
      throw new InvariantViolationError('boom', 'Refused');
    });
    const manager = new ProcessManager<object>({ name: 'P', repository, commandBus, initialState: () => ({}) });
    manager.startsOn(Started, async (_event, process) => {
      await process.send(Boom({}), { compensation: Boom({}) });
    });
    const failures: SubscriberFailure[] = [];
    const eventBus = new EventBus({ onError: (failure) => void failures.push(failure) });
    manager.subscribe(eventBus);
    await eventBus.publish(new TestStream('conv-9').next(Started({})));
    expect(failures.map((f) => [f.subscriber, (f.error as Error).message])).toEqual([['P.Started', 'Refused']]);
    expect(await repository.count()).toBe(0);
  });

  it('ignores events of runs that never started, refuses events without a correlation id and duplicate routes', async () => {
    const Started = defineEvent('Started', z.object({}));
    const Later = defineEvent('Later', z.object({}));
    const repository = new InMemoryRepository<ProcessInstance<object>, string>();
    const manager = new ProcessManager<object>({
      name: 'P',
      repository,
      commandBus: new CommandBus(),
      initialState: () => ({}),
    })
      .startsOn(Started, () => undefined)
      .on(Later, () => undefined);
    await manager.handle(new TestStream('nobody').next(Later({})));
    await manager.handle(new TestStream('x').next(defineEvent('Unrelated', z.object({}))({})));
    expect(await repository.count()).toBe(0);
    const anonymous = new TestStream('').next(Started({}));
    const error = await caught(() => manager.handle(anonymous));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field: 'metadata.correlationId', rule: 'required' });
    expect(() => manager.on(Later, () => undefined)).toThrow(ValidationError);
    // Two process managers must not share a repository.
    await manager.handle(new TestStream('shared').next(Started({})));
    const other = new ProcessManager<object>({
      name: 'Q',
      repository,
      commandBus: new CommandBus(),
      initialState: () => ({}),
    }).startsOn(Started, () => undefined);
    const foreign = await caught(() => other.handle(new TestStream('shared').next(Started({}))));
    expect(foreign).toMatchObject({ rule: 'foreign_process', field: 'repository' });
    const stop = manager.subscribe(new EventBus());
    stop();
  });
});

/** Makes events of one conversation as a repository would store them. */
class TestStream {
  private version = 0;
  constructor(private readonly correlationId: string) {}
  next(draft: { type: string; schemaVersion: number; payload: unknown }): DomainEvent {
    this.version++;
    return Object.freeze({
      ...draft,
      id: `${this.correlationId}-event-${this.version}`,
      aggregateId: 'agg',
      aggregateVersion: this.version,
      occurredAt: new Date(0).toISOString(),
      metadata: this.correlationId === '' ? {} : { correlationId: this.correlationId },
    });
  }
}
