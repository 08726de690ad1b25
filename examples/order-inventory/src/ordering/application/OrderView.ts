import type { MoneyJSON } from 'tactical-ddd/money';
import type { Order } from '../domain/Order.js';
import type { OrderPricingService } from '../domain/OrderPricingService.js';

/** An order as the API shows it, with its version (the `ETag`). */
export interface OrderView {
  readonly orderId: string;
  readonly version: number;
  readonly customerId: string;
  readonly status: string;
  readonly shippingAddress: unknown;
  readonly items: readonly {
    readonly itemId: string;
    readonly productId: string;
    readonly productName: string;
    readonly unitPrice: MoneyJSON;
    readonly quantity: number;
    readonly lineTotal: MoneyJSON;
  }[];
  readonly subtotal: MoneyJSON;
  readonly shipping: MoneyJSON;
  readonly total: MoneyJSON;
  readonly placedAt: string | null;
  readonly cancelReason: string | null;
}

export function toOrderView(order: Order, pricing: OrderPricingService): OrderView {
  const price = pricing.price(order);
  return {
    orderId: order.id,
    version: order.version,
    customerId: order.customerId,
    status: order.status,
    shippingAddress: order.props.shippingAddress?.toJSON() ?? null,
    items: order.items.map((item) => ({
      itemId: item.id,
      productId: item.productId,
      productName: item.props.productName,
      unitPrice: item.unitPrice.toJSON(),
      quantity: item.quantity,
      lineTotal: item.lineTotal.toJSON(),
    })),
    subtotal: price.subtotal.toJSON(),
    shipping: price.shipping.toJSON(),
    total: price.total.toJSON(),
    placedAt: order.props.placedAt?.toISOString() ?? null,
    cancelReason: order.props.cancelReason,
  };
}
