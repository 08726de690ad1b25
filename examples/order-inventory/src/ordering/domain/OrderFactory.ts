import { type Factory, NotFoundError } from 'tactical-ddd';
import type { Address } from 'tactical-ddd/address';
import type { CurrencyCode } from 'tactical-ddd/money';
import type { CustomerId, ProductId } from './ids.js';
import { Order } from './Order.js';
import type { ProductCatalog } from './ProductCatalog.js';

/** What a customer's cart holds when they check out. */
export interface Cart {
  readonly customerId: CustomerId;
  readonly currency: CurrencyCode;
  readonly shippingAddress: Address;
  readonly items: readonly { readonly productId: ProductId; readonly quantity: number }[];
}

/**
 * Places an order from a cart: the one place that knows how to turn a cart into a priced,
 * pending order (looking each product up in the catalog). A named factory keeps that out of
 * `Order` and out of the command handler.
 */
export class OrderFactory implements Factory<Cart, Promise<Order>> {
  constructor(private readonly catalog: ProductCatalog) {}

  /** @throws NotFoundError when a product of the cart is not in the catalog. */
  async createFromCart(cart: Cart): Promise<Order> {
    const order = Order.place(cart);
    for (const item of cart.items) {
      const entry = await this.catalog.find(item.productId);
      if (entry === undefined) throw new NotFoundError('Product', item.productId);
      order.addItem({
        productId: entry.productId,
        productName: entry.name,
        unitPrice: entry.unitPrice,
        quantity: item.quantity,
      });
    }
    return order;
  }

  create(cart: Cart): Promise<Order> {
    return this.createFromCart(cart);
  }
}
