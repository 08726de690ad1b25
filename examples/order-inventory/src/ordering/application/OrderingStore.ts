import type { StateStoredDefinition, Store } from 'tactical-ddd';
import type { Order } from '../domain/Order.js';

/**
 * The port Ordering's handlers write through: a store whose sessions hold `orders` (any store of
 * the app fits, in memory or in SQL: it has more aggregate kinds than Ordering needs).
 */
export type OrderingStore = Store<{ readonly orders: StateStoredDefinition<Order> }, unknown>;
