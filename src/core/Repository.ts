import type { AggregateRoot } from './AggregateRoot.js';
import type { Criteria } from './Criteria.js';
import type { DomainEvent } from './DomainEvent.js';
import type { Page } from './Page.js';

/**
 * A collection-like port for loading and saving aggregates. Implementations check versions on
 * save (optimistic concurrency) and hand the aggregate's pulled events on in the same unit of
 * work, so state and events commit together or not at all.
 *
 * @typeParam TAggregate - The aggregate type.
 * @typeParam TId - Its id type.
 *
 * @example
 * ```ts
 * async function confirm(orders: Repository<Order, OrderId>, id: OrderId): Promise<void> {
 *   const order = await orders.getById(id); // NotFoundError if missing
 *   order.confirm();
 *   await orders.save(order); // ConcurrencyError if someone saved it meanwhile
 * }
 * ```
 */
export interface Repository<
  TAggregate extends AggregateRoot<TId, object, DomainEvent>,
  TId extends string = TAggregate['id'],
> {
  /** Loads an aggregate, or `undefined` when there is none with this id. */
  findById(id: TId): Promise<TAggregate | undefined>;
  /**
   * Loads an aggregate.
   *
   * @throws {@link "tactical-ddd".NotFoundError | NotFoundError} when there is none with this id.
   */
  getById(id: TId): Promise<TAggregate>;
  /**
   * Saves the aggregate if the stored version is still the one it was loaded at, then marks it
   * persisted at its new version.
   *
   * @throws {@link "tactical-ddd".ConcurrencyError | ConcurrencyError} when the stored version moved on; nothing is written.
   */
  save(aggregate: TAggregate): Promise<void>;
  /**
   * Deletes the aggregate if the stored version is still the one it was loaded at.
   *
   * @throws {@link "tactical-ddd".ConcurrencyError | ConcurrencyError} when the stored version moved on; nothing is deleted.
   */
  delete(aggregate: TAggregate): Promise<void>;
  /** Loads the aggregates that meet `criteria` (all when omitted), sorted by `page.orderBy` then id, paged. */
  findAll(criteria?: Criteria<TAggregate>, page?: Page): Promise<readonly TAggregate[]>;
  /** Counts the aggregates that meet `criteria` (all when omitted). */
  count(criteria?: Criteria<TAggregate>): Promise<number>;
}
