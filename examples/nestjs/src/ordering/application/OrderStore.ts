import { inMemoryStore, stateStored } from 'tactical-ddd';
import type { Order } from '../domain/Order.js';

/**
 * The store of orders: in memory, with an outbox that the relay reads after each commit. For a
 * durable one, `postgresStore` (PGlite or PostgreSQL) takes the same `aggregates`.
 */
export const createOrderStore = () => inMemoryStore({ aggregates: { orders: stateStored<Order>('Order') } });
export type OrderStore = ReturnType<typeof createOrderStore>;
