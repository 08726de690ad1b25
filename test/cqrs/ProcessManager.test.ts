import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  CommandBus,
  defineCommand,
  EventBus,
  type MessageContext,
  OutboxRelay,
  ProcessManager,
  processInstanceMapping,
  retryOnConcurrency,
  type SubscriberFailure,
} from '../../src/cqrs/index.js';
import {
  AggregateRoot,
  ConcurrencyError,
  type DomainEvent,
  defineEvent,
  defineId,
  type EventOf,
  type IdOf,
  InMemoryOutbox,
  InvariantViolationError,
  inMemoryStore,
  type OutboxMessage,
  stateStored,
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

const FulfilmentState = z.object({
  orderId: z.string().optional(),
  step: z.enum(['started', 'reserving', 'reserved']),
});

/** What a message is, for assertions: its kind and type. */
const typeOf = (message: OutboxMessage): string =>
  message.kind === 'event' ? message.event.type : `${message.command.type}!`;
const eventOf = (message: OutboxMessage | undefined): DomainEvent => {
  if (message?.kind !== 'event') throw new Error('not an event');
  return message.event;
};

/** The durable parts survive a "restart"; buses, relay and process manager are rebuilt. */
function durable() {
  const outbox = new InMemoryOutbox();
  return inMemoryStore({
    outbox,
    aggregates: {
      orders: stateStored<Order>('Order'),
      stock: stateStored<Stock>('Stock'),
      processes: stateStored('OrderFulfilment', processInstanceMapping(FulfilmentState)),
    },
  });
}

function boot(store: ReturnType<typeof durable>) {
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
      store.transaction(async (s) => (await s.orders.get(command.payload.orderId)).confirm(), context),
    )
    .register(ReserveStock, (command, context) =>
      store.transaction(async (s) => {
        (await s.stock.get(command.payload.sku)).reserve(command.payload.orderId, command.payload.quantity);
      }, context),
    )
    .register(CancelOrder, (command, context) =>
      store.transaction(
        async (s) => (await s.orders.get(command.payload.orderId)).cancel(command.payload.reason),
        context,
      ),
    );
  const eventBus = new EventBus({ onError: (failure) => void failures.push(failure) });
  const fulfilment = new ProcessManager({
    name: 'OrderFulfilment',
    store,
    instances: (s) => s.processes,
    initialState: (): FulfilmentState => ({ step: 'started' }),
  })
    .startsOn(OrderConfirmed, (event, process) => {
      process.setState({ orderId: event.aggregateId, step: 'reserving' });
      process.send(
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
  const relay = new OutboxRelay({
    outbox: store.outbox as InMemoryOutbox,
    publisher: eventBus,
    commands: (command) => commandBus.dispatch(command),
  });
  return { commandBus, eventBus, relay, fulfilment, contexts, failures };
}

async function placeOrder(store: ReturnType<typeof durable>, available: number): Promise<Order> {
  const order = Order.place('SKU-1', 3);
  await store.orders.save(order);
  await store.stock.save(Stock.of('SKU-1', available));
  return order;
}

describe('ProcessManager (order confirmed → reserve stock → on failure cancel the order)', () => {
  it('cancels the order when the reservation fails, across a restart, with one correlation id throughout', async () => {
    const store = durable();
    const outbox = store.outbox as InMemoryOutbox;
    const order = await placeOrder(store, 1);
    const first = boot(store);
    const confirm = ConfirmOrder({ orderId: order.id }, { metadata: { correlationId: 'req-1' } });
    await first.commandBus.dispatch(confirm);
    // Publish OrderConfirmed only: the process starts, and its ReserveStock waits in the outbox.
    await outbox.publishPending(async (m) => first.eventBus.publish(eventOf(m)), { limit: 1 });
    const running = await store.processes.getById('req-1');
    expect(running.props).toMatchObject({ status: 'running', state: { step: 'reserving', orderId: order.id } });
    expect(running.props.compensations.map((c) => c.type)).toEqual(['CancelOrder']);
    expect(outbox.pending.map(typeOf)).toEqual(['ReserveStock!']);

    // Restart: new buses, relay and process manager over the same stores.
    const second = boot(store);
    expect(await second.relay.drain()).toBe(4);
    expect((await store.orders.getById(order.id)).status).toBe('cancelled');
    const ended = await store.processes.getById('req-1');
    expect(ended.props).toMatchObject({ status: 'compensated', reason: 'only 1 left', compensations: [] });
    expect(second.failures).toEqual([]);

    // Correlation and causation across command → event → command → event → command → event.
    expect(outbox.messages.map(typeOf)).toEqual([
      'OrderConfirmed',
      'ReserveStock!',
      'StockReservationFailed',
      'CancelOrder!',
      'OrderCancelled',
    ]);
    const [confirmed, failed, cancelled] = outbox.messages.filter((m) => m.kind === 'event').map(eventOf) as [
      DomainEvent,
      DomainEvent,
      DomainEvent,
    ];
    expect(
      outbox.messages.every((m) => (m.kind === 'event' ? m.event : m.command).metadata.correlationId === 'req-1'),
    ).toBe(true);
    expect(confirmed.metadata.causationId).toBe(confirm.id);
    expect(second.contexts.ReserveStock).toMatchObject({ correlationId: 'req-1', causationId: confirmed.id });
    expect(failed.metadata.causationId).toBe(second.contexts.ReserveStock?.messageId);
    expect(second.contexts.CancelOrder).toMatchObject({ correlationId: 'req-1', causationId: failed.id });
    expect(cancelled.metadata.causationId).toBe(second.contexts.CancelOrder?.messageId);
  });

  it('completes when the stock is reserved, and ignores later and redelivered events', async () => {
    const store = durable();
    const outbox = store.outbox as InMemoryOutbox;
    const order = await placeOrder(store, 5);
    const app = boot(store);
    await app.commandBus.dispatch(ConfirmOrder({ orderId: order.id }, { metadata: { correlationId: 'req-2' } }));
    await app.relay.drain();
    const done = await store.processes.getById('req-2');
    expect(done.props).toMatchObject({ status: 'completed', state: { step: 'reserved' } });
    expect((await store.orders.getById(order.id)).status).toBe('confirmed');
    // At-least-once delivery: the same events again change nothing and send nothing.
    const version = done.version;
    const sent = outbox.messages.length;
    for (const message of outbox.messages) if (message.kind === 'event') await app.fulfilment.handle(message.event);
    expect((await store.processes.getById('req-2')).version).toBe(version);
    expect(outbox.messages).toHaveLength(sent);
  });

  it('handles a redelivered event of a running process once, even when both deliveries race', async () => {
    const store = durable();
    const outbox = store.outbox as InMemoryOutbox;
    const order = await placeOrder(store, 0);
    const app = boot(store);
    await app.commandBus.dispatch(ConfirmOrder({ orderId: order.id }, { metadata: { correlationId: 'req-3' } }));
    const confirmed = eventOf(outbox.messages[0]);
    await Promise.all([app.fulfilment.handle(confirmed), app.fulfilment.handle(confirmed)]);
    expect(outbox.messages.filter((m) => typeOf(m) === 'ReserveStock!')).toHaveLength(1);
    // Two managers (two processes) racing to start one run: one commits, the other's session writes
    // nothing (ConcurrencyError, so its delivery is retried) and its retry is a no-op.
    const other = Order.place('SKU-1', 3);
    await store.orders.save(other);
    await app.commandBus.dispatch(ConfirmOrder({ orderId: other.id }, { metadata: { correlationId: 'req-4' } }));
    const otherConfirmed = eventOf(outbox.messages.at(-1));
    const rival = boot(store);
    const raced = await Promise.allSettled([
      app.fulfilment.handle(otherConfirmed),
      rival.fulfilment.handle(otherConfirmed),
    ]);
    const lost = raced.filter((outcome) => outcome.status === 'rejected');
    expect(lost.length).toBeLessThanOrEqual(1);
    for (const outcome of lost) expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrencyError);
    await rival.fulfilment.handle(otherConfirmed);
    const reserves = outbox.messages.filter(
      (m) => m.kind === 'command' && m.command.metadata.correlationId === 'req-4',
    );
    expect(reserves.map(typeOf)).toEqual(['ReserveStock!']);
  });

  it('sends compensations newest first through the outbox and records the reason', async () => {
    const sent: string[] = [];
    const Step = defineEvent('Step', z.object({ n: z.int() }));
    const Fail = defineEvent('Fail', z.object({}));
    const Do = defineCommand('Do', z.object({ n: z.int() }));
    const Undo = defineCommand('Undo', z.object({ n: z.int() }));
    const commandBus = new CommandBus()
      .register(Do, (command) => void sent.push(`do ${command.payload.n}`))
      .register(Undo, (command) => void sent.push(`undo ${command.payload.n}`));
    const store = inMemoryStore({
      aggregates: { runs: stateStored('Steps', processInstanceMapping(z.object({ steps: z.int() }))) },
    });
    const relay = new OutboxRelay({
      outbox: store.outbox as InMemoryOutbox,
      publisher: new EventBus(),
      commands: (command) => commandBus.dispatch(command),
    });
    const manager = new ProcessManager({
      name: 'Steps',
      store,
      instances: (s) => s.runs,
      initialState: () => ({ steps: 0 }),
    })
      .startsOn(Step, (event, process) => {
        process.send(Do({ n: event.payload.n }), { compensation: Undo({ n: event.payload.n }) });
        process.setState({ steps: process.state.steps + 1 });
      })
      .on(Fail, (_event, process) => process.compensate('step 3 failed'));
    const stream = new TestStream('conv-1');
    for (const n of [1, 2]) await manager.handle(stream.next(Step({ n })));
    await manager.handle(stream.next(Fail({})));
    // Nothing is sent before the relay delivers the committed commands.
    expect(sent).toEqual([]);
    await relay.drain();
    expect(sent).toEqual(['do 1', 'do 2', 'undo 2', 'undo 1']);
    expect((await store.runs.getById('conv-1')).props).toMatchObject({
      status: 'compensated',
      reason: 'step 3 failed',
      state: { steps: 2 },
    });
    // A compensated run ignores later events.
    await manager.handle(stream.next(Step({ n: 9 })));
    await relay.drain();
    expect(sent).toHaveLength(4);
  });

  it('commits nothing (state, commands, events, other aggregates) when a handler throws; the bus reports it', async () => {
    const Started = defineEvent('Started', z.object({}));
    const Noted = defineEvent('Noted', z.object({}));
    const Boom = defineCommand('Boom', z.object({}));
    const store = inMemoryStore({
      aggregates: {
        runs: stateStored('P', processInstanceMapping(z.object({}))),
        orders: stateStored<Order>('Order'),
      },
    });
    const order = Order.place('SKU-1', 1);
    await store.orders.save(order);
    const manager = new ProcessManager({ name: 'P', store, instances: (s) => s.runs, initialState: () => ({}) });
    manager.startsOn(Started, async (_event, process) => {
      process.send(Boom({}), { compensation: Boom({}) });
      process.publish(new TestStream('conv-9').next(Noted({})));
      (await process.session.orders.get(order.id)).confirm();
      throw new InvariantViolationError('boom', 'Refused');
    });
    const failures: SubscriberFailure[] = [];
    const eventBus = new EventBus({ onError: (failure) => void failures.push(failure) });
    manager.subscribe(eventBus);
    await eventBus.publish(new TestStream('conv-9').next(Started({})));
    expect(failures.map((f) => [f.subscriber, (f.error as Error).message])).toEqual([['P.Started', 'Refused']]);
    expect(await store.runs.count()).toBe(0);
    expect((store.outbox as InMemoryOutbox).messages).toEqual([]);
    expect((await store.orders.getById(order.id)).status).toBe('pending');
  });

  it('changes other aggregates through its session in the same commit as its state and commands', async () => {
    const Started = defineEvent('Started', z.object({ orderId: z.string() }));
    const Ship = defineCommand('Ship', z.object({ orderId: z.string() }));
    const store = inMemoryStore({
      aggregates: { runs: stateStored('P', processInstanceMapping(z.object({}))), orders: stateStored<Order>('Order') },
    });
    const order = Order.place('SKU-1', 1);
    await store.orders.save(order);
    const manager = new ProcessManager({ name: 'P', store, instances: (s) => s.runs, initialState: () => ({}) });
    manager.startsOn(Started, async (event, process) => {
      (await process.session.orders.get(OrderId.parse(event.payload.orderId))).confirm();
      process.send(Ship({ orderId: event.payload.orderId }));
      process.complete();
    });
    const started = new TestStream('conv-5').next(Started({ orderId: order.id }));
    await manager.handle(started);
    expect((await store.orders.getById(order.id)).status).toBe('confirmed');
    expect((await store.runs.getById('conv-5')).props.status).toBe('completed');
    const messages = (store.outbox as InMemoryOutbox).messages;
    expect(messages.map(typeOf)).toEqual(['OrderConfirmed', 'Ship!']);
    // Every message carries the run's correlation id and the handled event as causation.
    for (const message of messages) {
      const { metadata } = message.kind === 'event' ? message.event : message.command;
      expect(metadata).toMatchObject({ correlationId: 'conv-5', causationId: started.id });
    }
  });

  it('ignores events of runs that never started, refuses events without a correlation id and foreign runs', async () => {
    const Started = defineEvent('Started', z.object({}));
    const Later = defineEvent('Later', z.object({}));
    const store = inMemoryStore({ aggregates: { runs: stateStored('P', processInstanceMapping(z.object({}))) } });
    const manager = new ProcessManager({ name: 'P', store, instances: (s) => s.runs, initialState: () => ({}) })
      .startsOn(Started, () => undefined)
      .on(Later, () => undefined);
    await manager.handle(new TestStream('nobody').next(Later({})));
    await manager.handle(new TestStream('x').next(defineEvent('Unrelated', z.object({}))({})));
    expect(await store.runs.count()).toBe(0);
    const anonymous = new TestStream('').next(Started({}));
    const error = await caught(() => manager.handle(anonymous));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field: 'metadata.correlationId', rule: 'required' });
    expect(() => manager.on(Later, () => undefined)).toThrow(ValidationError);
    // Two process managers must not share an aggregate kind.
    await manager.handle(new TestStream('shared').next(Started({})));
    const other = new ProcessManager({
      name: 'Q',
      store,
      instances: (s) => s.runs,
      initialState: () => ({}),
    }).startsOn(Started, () => undefined);
    const foreign = await caught(() => other.handle(new TestStream('shared').next(Started({}))));
    expect(foreign).toMatchObject({ rule: 'foreign_process', field: 'instances' });
    const stop = manager.subscribe(new EventBus());
    stop();
    // Bad options are named errors.
    expect(() => new ProcessManager({ name: '', store, instances: (s) => s.runs, initialState: () => ({}) })).toThrow(
      ValidationError,
    );
    expect(
      () =>
        new ProcessManager({
          name: 'R',
          store: {} as typeof store,
          instances: (s) => s.runs,
          initialState: () => ({}),
        }),
    ).toThrow(ValidationError);
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
