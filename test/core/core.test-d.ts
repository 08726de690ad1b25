import { describe, expectTypeOf, it } from 'vitest';
import * as z from 'zod';
import {
  AggregateRoot,
  type DeepReadonly,
  type DomainEvent,
  defineEvent,
  defineId,
  defineValueObject,
  type EventOf,
  type Id,
  type IdOf,
  inMemoryStore,
  type PropsOf,
  type Repository,
  stateStored,
} from '../../src/index.js';
import { ItemAdded, Order, OrderConfirmed, type OrderEvent, OrderId } from './fixtures.js';

const CustomerId = defineId('Customer');
type CustomerId = IdOf<typeof CustomerId>;

describe('branded ids', () => {
  it('keeps two kinds of id apart', () => {
    const orderId: OrderId = OrderId.create();
    const customerId: CustomerId = CustomerId.create();
    expectTypeOf(orderId).toEqualTypeOf<Id<'Order'>>();
    expectTypeOf<OrderId>().not.toEqualTypeOf<CustomerId>();
    // @ts-expect-error a CustomerId is not an OrderId
    const wrong: OrderId = customerId;
    // @ts-expect-error a plain string is not an OrderId
    const plain: OrderId = 'f81d4fae-7dec-11d0-a765-00a0c91e6bf6';
    expectTypeOf(OrderId.parse('x')).toEqualTypeOf<OrderId>();
    expectTypeOf(customerId).toExtend<string>();
    void wrong;
    void plain;
  });
});

describe('aggregates', () => {
  it('types pullEvents() as the aggregate’s own event union', () => {
    const order = Order.create();
    expectTypeOf(order.pullEvents()).toEqualTypeOf<readonly OrderEvent[]>();
    const [first] = order.pullEvents();
    if (first?.type === 'ItemAdded') expectTypeOf(first.payload).toEqualTypeOf<{ sku: string; quantity: number }>();
    if (first?.type === 'OrderConfirmed') expectTypeOf(first.payload).toEqualTypeOf<{ items: number }>();
  });

  it('raises only drafts of its own events', () => {
    const Unrelated = defineEvent('Unrelated', z.object({ x: z.string() }));
    class Narrow extends AggregateRoot<OrderId, { n: number }, EventOf<typeof ItemAdded>> {
      ok(): void {
        this.raise(ItemAdded({ sku: 'a', quantity: 1 }));
      }
      wrong(): void {
        // @ts-expect-error OrderConfirmed is not one of this aggregate's events
        this.raise(OrderConfirmed({ items: 1 }));
        // @ts-expect-error nor is an unrelated event
        this.raise(Unrelated({ x: 'y' }));
      }
    }
    expectTypeOf<Narrow['pullEvents']>().returns.toEqualTypeOf<readonly EventOf<typeof ItemAdded>[]>();
  });

  it('keeps props read-only to the outside', () => {
    const order = Order.create();
    expectTypeOf(order.props.items).toEqualTypeOf<readonly { readonly sku: string; readonly quantity: number }[]>();
    // @ts-expect-error props are read-only
    order.props.status = 'confirmed';
    // @ts-expect-error state is protected
    order.state;
  });

  it('types a repository by aggregate and id', () => {
    const orders: Repository<Order, OrderId> = inMemoryStore({
      aggregates: { orders: stateStored<Order>('Order') },
    }).orders;
    expectTypeOf(orders.getById).parameter(0).toEqualTypeOf<OrderId>();
    expectTypeOf(orders.findById).returns.resolves.toEqualTypeOf<Order | undefined>();
    // @ts-expect-error a CustomerId cannot load an Order
    void orders.findById(CustomerId.create());
  });
});

describe('events', () => {
  it('infers payloads from schemas and the envelope from the creator', () => {
    const Shipped = defineEvent('Shipped', z.object({ carrier: z.string(), at: z.iso.datetime() }));
    type Shipped = EventOf<typeof Shipped>;
    expectTypeOf<Shipped>().toEqualTypeOf<DomainEvent<'Shipped', { carrier: string; at: string }>>();
    expectTypeOf(Shipped.parse({})).toEqualTypeOf<Shipped>();
    expectTypeOf(Shipped({ carrier: 'x', at: 'y' }).type).toEqualTypeOf<'Shipped'>();
    // @ts-expect-error the payload needs a carrier
    Shipped({ at: 'y' });
    const unknownValue: unknown = {};
    if (Shipped.is(unknownValue)) expectTypeOf(unknownValue.payload.carrier).toBeString();
  });
});

describe('defineValueObject', () => {
  const schema = z.object({ street: z.string(), lines: z.array(z.string()), zip: z.string().optional() });
  class Address extends defineValueObject('Address', schema) {
    get first(): string | undefined {
      return this.props.lines[0];
    }
  }

  it('infers props from the schema', () => {
    const address = Address.create({ street: 'a', lines: [] });
    expectTypeOf(address).toEqualTypeOf<Address>();
    expectTypeOf(address.props).toEqualTypeOf<
      DeepReadonly<{ street: string; lines: string[]; zip?: string | undefined }>
    >();
    expectTypeOf<PropsOf<typeof Address>>().toEqualTypeOf<typeof address.props>();
    const result = Address.safeCreate({});
    if (result.success) expectTypeOf(result.data).toEqualTypeOf<Address>();
    // @ts-expect-error street must be a string
    Address.create({ street: 1, lines: [] });
    // @ts-expect-error props are read-only
    address.props.street = 'b';
  });

  it('keeps branded ids (and other primitives) as they are in read-only props', () => {
    type Props = DeepReadonly<{ id: OrderId; ids: OrderId[]; nested: { owner: OrderId }; n: number }>;
    expectTypeOf<Props['id']>().toEqualTypeOf<OrderId>();
    expectTypeOf<Props['ids']>().toEqualTypeOf<readonly OrderId[]>();
    expectTypeOf<Props['nested']['owner']>().toEqualTypeOf<OrderId>();
    expectTypeOf<Props['n']>().toEqualTypeOf<number>();
  });

  it('cannot be constructed with new', () => {
    // @ts-expect-error construction goes through create
    new Address({ street: 'a', lines: [] });
  });
});
