import { describe, expectTypeOf, it } from 'vitest';
import * as z from 'zod';
import {
  type Command,
  CommandBus,
  defineCommand,
  defineQuery,
  EventBus,
  type MessageContext,
  type ProcessInstance,
  ProcessManager,
  type Query,
  QueryBus,
  type ResultOf,
} from '../../src/cqrs/index.js';
import { type DomainEvent, defineEvent, type EventOf, inMemoryStore, stateStored } from '../../src/index.js';

const PlaceOrder = defineCommand('PlaceOrder', z.object({ sku: z.string(), quantity: z.int() }), z.uuid());
const Ping = defineCommand('Ping', z.object({ at: z.coerce.number() }));
const GetTotal = defineQuery('GetTotal', z.object({ orderId: z.string() }), z.object({ total: z.number() }));
const Untyped = defineQuery('Untyped', z.object({}));

describe('message types', () => {
  it('carries type, payload and result', () => {
    const command = PlaceOrder({ sku: 'a', quantity: 1 });
    expectTypeOf(command).toEqualTypeOf<Command<'PlaceOrder', { sku: string; quantity: number }, string>>();
    expectTypeOf<ResultOf<typeof command>>().toEqualTypeOf<string>();
    expectTypeOf<ResultOf<ReturnType<typeof Ping>>>().toEqualTypeOf<void>();
    expectTypeOf<ResultOf<ReturnType<typeof Untyped>>>().toEqualTypeOf<unknown>();
    // Input types for the creator, output types for the handler.
    expectTypeOf(Ping).parameter(0).toEqualTypeOf<{ at: unknown }>();
    expectTypeOf(Ping({ at: '1' }).payload).toEqualTypeOf<{ at: number }>();
    // @ts-expect-error quantity must be a number
    PlaceOrder({ sku: 'a', quantity: '1' });
  });
});

describe('CommandBus and QueryBus', () => {
  it('types handlers from the definition and dispatch results from the message', async () => {
    const commandBus = new CommandBus();
    commandBus.register(PlaceOrder, (command, context) => {
      expectTypeOf(command.payload).toEqualTypeOf<{ sku: string; quantity: number }>();
      expectTypeOf(context).toEqualTypeOf<MessageContext>();
      return 'id';
    });
    // @ts-expect-error the handler must return the command's result type
    commandBus.register(PlaceOrder, () => 42);
    // @ts-expect-error a void command's handler returns nothing
    commandBus.register(Ping, async () => 1);
    // @ts-expect-error a query does not go on the command bus
    commandBus.register(GetTotal, () => ({ total: 1 }));
    expectTypeOf(commandBus.dispatch(PlaceOrder({ sku: 'a', quantity: 1 }))).toEqualTypeOf<Promise<string>>();
    expectTypeOf(commandBus.dispatch(Ping({ at: 1 }))).toEqualTypeOf<Promise<void>>();

    const queryBus = new QueryBus();
    queryBus.register(GetTotal, { handle: async (query) => ({ total: query.payload.orderId.length }) });
    expectTypeOf(queryBus.dispatch(GetTotal({ orderId: 'x' }))).toEqualTypeOf<Promise<{ total: number }>>();
    // @ts-expect-error a command is not a query
    void queryBus.dispatch(Ping({ at: 1 }));
    // Plain data (a request body) is accepted and validated at run time; its result is unknown.
    expectTypeOf(commandBus.dispatch({ type: 'PlaceOrder', payload: { sku: 'a' } })).toEqualTypeOf<Promise<unknown>>();
    expectTypeOf(queryBus.dispatch({ type: 'GetTotal', payload: {}, id: 'q-1' })).toEqualTypeOf<Promise<unknown>>();
    const query: Query<'GetTotal', { orderId: string }, { total: number }> = GetTotal({ orderId: 'x' });
    expectTypeOf(query).toEqualTypeOf<ReturnType<typeof GetTotal>>();
  });
});

describe('EventBus and ProcessManager', () => {
  const Confirmed = defineEvent('Confirmed', z.object({ by: z.string() }));
  const Cancelled = defineEvent('Cancelled', z.object({ reason: z.string() }));
  type OrderEvent = EventOf<typeof Confirmed> | EventOf<typeof Cancelled>;

  it('narrows subscribers by creator or by type name', () => {
    const bus = new EventBus<OrderEvent>();
    bus.subscribe(Confirmed, (event) => {
      expectTypeOf(event.payload).toEqualTypeOf<{ by: string }>();
    });
    bus.subscribe('Cancelled', (event) => {
      expectTypeOf(event.payload).toEqualTypeOf<{ reason: string }>();
    });
    // @ts-expect-error not an event of this bus
    bus.subscribe('Shipped', () => undefined);
    const any = new EventBus();
    any.subscribe('Whatever', (event) => {
      expectTypeOf(event).toEqualTypeOf<DomainEvent<'Whatever'>>();
    });
  });

  it('types process handlers and accepts an EventBus as event source', () => {
    const store = inMemoryStore({
      aggregates: { runs: stateStored<ProcessInstance<{ count: number }>>('Counting') },
    });
    const manager = new ProcessManager({
      name: 'Counting',
      store,
      instances: (s) => s.runs,
      initialState: () => ({ count: 0 }),
    }).startsOn(Confirmed, async (event, process) => {
      expectTypeOf(event.payload.by).toBeString();
      expectTypeOf(process.state.count).toBeNumber();
      expectTypeOf(process.send(PlaceOrder({ sku: 'a', quantity: 1 }))).toBeVoid();
      // The session is the store's: its repositories are typed.
      expectTypeOf(process.session.runs.get).returns.resolves.toEqualTypeOf<ProcessInstance<{ count: number }>>();
      // @ts-expect-error the state is read-only; use setState
      process.state.count = 1;
    });
    manager.subscribe(new EventBus<OrderEvent>());
  });
});
