import * as z from 'zod';

/**
 * Where an order stands: pending → confirmed → shipped → delivered, or cancelled (while pending or
 * confirmed: until it ships).
 */
export const OrderStatus = z.enum(['pending', 'confirmed', 'shipped', 'delivered', 'cancelled']);
export type OrderStatus = z.infer<typeof OrderStatus>;

/** The statuses an order can be cancelled from. The seed's "pending or paid": confirmed plays "paid" here. */
export const cancellableStatuses: readonly OrderStatus[] = ['pending', 'confirmed'];
