import type { SnapshotMapping } from 'tactical-ddd';
import { Address } from 'tactical-ddd/address';
import { type CurrencyCode, Money } from 'tactical-ddd/money';
import * as z from 'zod';
import { CustomerId, OrderId, OrderItemId, ProductId } from '../domain/ids.js';
import { Order } from '../domain/Order.js';
import { OrderItem } from '../domain/OrderItem.js';
import { OrderStatus } from '../domain/OrderStatus.js';

const MoneyJson = z.object({ amount: z.string(), currency: z.string().length(3) });

/**
 * The stored document of an order. It mirrors the props (same field names), because
 * specifications run as SQL read their paths from it: `status` and `placedAt` for `orderIsOverdue`.
 */
const OrderDocument = z.strictObject({
  status: OrderStatus,
  customerId: CustomerId.schema,
  currency: z.string().length(3),
  shippingAddress: z.unknown(),
  items: z.array(
    z.strictObject({
      id: OrderItemId.schema,
      productId: ProductId.schema,
      productName: z.string(),
      unitPrice: MoneyJson,
      quantity: z.int().positive(),
    }),
  ),
  placedAt: z.iso.datetime(),
  cancelReason: z.string().nullable(),
});
type OrderDocument = z.infer<typeof OrderDocument>;

export const orderMapping: SnapshotMapping<Order, OrderDocument> = {
  schema: OrderDocument,
  toSnapshot: (order) => ({
    status: order.status,
    customerId: order.customerId,
    currency: order.currency,
    shippingAddress: order.props.shippingAddress?.toJSON(),
    items: order.items.map((item) => ({
      id: item.id,
      productId: item.productId,
      productName: item.props.productName,
      unitPrice: item.unitPrice.toJSON(),
      quantity: item.quantity,
    })),
    placedAt: (order.props.placedAt ?? new Date(0)).toISOString(),
    cancelReason: order.props.cancelReason,
  }),
  fromSnapshot: (document, { id }) =>
    Order.restore(OrderId.parse(id), {
      status: document.status,
      customerId: document.customerId,
      currency: document.currency as CurrencyCode,
      shippingAddress: Address.fromJSON(document.shippingAddress),
      items: document.items.map(({ id: itemId, unitPrice, ...item }) =>
        OrderItem.create(itemId, { ...item, unitPrice: Money.fromJSON(unitPrice) }),
      ),
      placedAt: new Date(document.placedAt),
      cancelReason: document.cancelReason,
    }),
};
