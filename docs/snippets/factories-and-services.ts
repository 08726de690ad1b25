// #region service
import { AggregateRoot, defineId, type IdOf, type Repository } from 'tactical-ddd';
import { Money } from 'tactical-ddd/money';

export const ProductId = defineId('Product');
export type ProductId = IdOf<typeof ProductId>;
export const CustomerId = defineId('Customer');
export type CustomerId = IdOf<typeof CustomerId>;

export class Product extends AggregateRoot<ProductId, { name: string; price: Money<'USD'> }> {
  static list(name: string, price: Money<'USD'>): Product {
    return new Product(ProductId.create(), { name, price });
  }
  get price(): Money<'USD'> {
    return this.state.price;
  }
}

export class Customer extends AggregateRoot<CustomerId, { tier: 'standard' | 'gold' }> {
  static register(tier: 'standard' | 'gold'): Customer {
    return new Customer(CustomerId.create(), { tier });
  }
  get tier(): 'standard' | 'gold' {
    return this.state.tier;
  }
}

export interface Line {
  readonly productId: ProductId;
  readonly quantity: number;
}

export interface Quote {
  readonly lines: readonly (Line & { readonly unitPrice: Money<'USD'> })[];
  readonly discount: Money<'USD'>;
  readonly total: Money<'USD'>;
}

/**
 * A domain service: pricing needs the catalog (Product aggregates) and the customer (another
 * aggregate), so it belongs to none of them. It reads and decides; it changes and saves nothing.
 */
export class PricingService {
  constructor(private readonly products: Repository<Product, ProductId>) {}

  async quote(customer: Customer, lines: readonly Line[]): Promise<Quote> {
    const priced = await Promise.all(
      lines.map(async (line) => ({ ...line, unitPrice: (await this.products.getById(line.productId)).price })),
    );
    const subtotal = Money.sum(
      priced.map((line) => line.unitPrice.multiply(line.quantity)),
      'USD',
    );
    const discount = customer.tier === 'gold' ? subtotal.multiply('0.10') : Money.zero('USD');
    return { lines: priced, discount, total: subtotal.subtract(discount) };
  }
}

// #endregion service

// #region factory
import { defineEvent, type EventOf, type Factory, InvariantViolationError } from 'tactical-ddd';
import * as z from 'zod';

export const OrderId = defineId('Order');
export type OrderId = IdOf<typeof OrderId>;
export const OrderPlaced = defineEvent('OrderPlaced', z.object({ customerId: CustomerId.schema, total: Money.schema }));

export class Order extends AggregateRoot<
  OrderId,
  { customerId: CustomerId; quote: Quote },
  EventOf<typeof OrderPlaced>
> {
  static place(customerId: CustomerId, quote: Quote): Order {
    if (quote.lines.length === 0) throw new InvariantViolationError('order.not_empty', 'An order needs a line');
    const order = new Order(OrderId.create(), { customerId, quote });
    order.raise(OrderPlaced({ customerId, total: quote.total.toJSON() }));
    return order;
  }
  get total(): Money<'USD'> {
    return this.state.quote.total;
  }
}

export interface PlaceOrder {
  readonly customerId: CustomerId;
  readonly lines: readonly Line[];
}

/** A factory: placing an order takes a lookup and a price, so creation gets a named home. */
export function orderFactory(
  customers: Repository<Customer, CustomerId>,
  pricing: PricingService,
): Factory<PlaceOrder, Order> {
  return {
    async create({ customerId, lines }) {
      const customer = await customers.getById(customerId); // NotFoundError names the id
      return Order.place(customerId, await pricing.quote(customer, lines));
    },
  };
}
// #endregion factory
