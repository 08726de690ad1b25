import { type Specification, spec } from 'tactical-ddd/specification';
import type { Order } from './Order.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The seed's rule: an order is overdue when it is still pending more than `days` days after it
 * was placed. Built from field comparisons only (no predicate), so the same specification runs in
 * memory (`isSatisfiedBy`, `explain`) and as SQL in a PostgreSQL store's `findAll`.
 */
export function orderIsOverdue(now: Date, days = 7): Specification<Order> {
  const cutoff = new Date(now.getTime() - days * DAY_MS);
  return spec.eq<Order>('status', 'pending').and(spec.lt<Order>('placedAt', cutoff));
}
