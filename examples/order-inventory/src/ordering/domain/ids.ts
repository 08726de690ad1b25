import { defineId, type IdOf } from 'tactical-ddd';

/** An order, in the Ordering context. */
export const OrderId = defineId('Order');
export type OrderId = IdOf<typeof OrderId>;

/** One line of an order. */
export const OrderItemId = defineId('OrderItem');
export type OrderItemId = IdOf<typeof OrderItemId>;

/** The customer who places orders (owned by a customer context we do not model here). */
export const CustomerId = defineId('Customer');
export type CustomerId = IdOf<typeof CustomerId>;

/**
 * A product as Ordering knows it: something to put on an order line. Inventory has its own
 * `ProductId`; the brands differ on purpose, so only the anti-corruption translator converts one
 * into the other.
 */
export const ProductId = defineId('Ordering.Product');
export type ProductId = IdOf<typeof ProductId>;
