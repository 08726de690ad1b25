import type { AggregateRoot } from './AggregateRoot.js';
import { ConcurrencyError } from './ConcurrencyError.js';
import { type Criteria, toPredicate } from './Criteria.js';
import { cloneDeep } from './cloneDeep.js';
import type { DomainEvent } from './DomainEvent.js';
import { NotFoundError } from './NotFoundError.js';
import type { Page } from './Page.js';
import type { Repository } from './Repository.js';
import { ValidationError } from './ValidationError.js';

/** The options of an {@link "tactical-ddd".InMemoryRepository | InMemoryRepository}. */
export interface InMemoryRepositoryOptions<TAggregate> {
  /** What the aggregates are called in errors (`'Order'`); default `'Aggregate'`. */
  readonly name?: string;
  /**
   * Receives the events of each save or delete before it is stored; if it throws, nothing is
   * stored and the events stay on the aggregate.
   */
  readonly publish?: (events: readonly DomainEvent[]) => void | Promise<void>;
  /**
   * Copies an aggregate. The default copies own fields deeply and keeps prototypes; give your own
   * when your aggregates hold `#private` fields.
   */
  readonly clone?: (aggregate: TAggregate) => TAggregate;
}

/**
 * A {@link "tactical-ddd".Repository | Repository} kept in memory: the embedded default for tests and prototypes. It stores
 * copies, never the caller's objects, checks versions on save and delete, and serialises writes so
 * that concurrent saves behave as they would against a database.
 *
 * @example
 * ```ts
 * const orders = new InMemoryRepository<Order, OrderId>({ name: 'Order' });
 * await orders.save(order);
 * const again = await orders.getById(order.id); // a copy: changing it does not change the stored one
 * ```
 */
export class InMemoryRepository<
  TAggregate extends AggregateRoot<TId, object, DomainEvent>,
  TId extends string = TAggregate['id'],
> implements Repository<TAggregate, TId>
{
  private readonly records = new Map<string, TAggregate>();
  private readonly name: string;
  private readonly publish: ((events: readonly DomainEvent[]) => void | Promise<void>) | undefined;
  private readonly clone: (aggregate: TAggregate) => TAggregate;
  private writes: Promise<unknown> = Promise.resolve();

  /** @param options - A name for errors, an event sink and a copy function. */
  constructor(options: InMemoryRepositoryOptions<TAggregate> = {}) {
    this.name = options.name ?? 'Aggregate';
    this.publish = options.publish;
    this.clone = options.clone ?? ((aggregate) => cloneDeep(aggregate));
  }

  async findById(id: TId): Promise<TAggregate | undefined> {
    const stored = this.records.get(id);
    return stored === undefined ? undefined : this.clone(stored);
  }

  async getById(id: TId): Promise<TAggregate> {
    const found = await this.findById(id);
    if (found === undefined) throw new NotFoundError(this.name, id);
    return found;
  }

  save(aggregate: TAggregate): Promise<void> {
    return this.serialised(async () => {
      this.checkVersion(aggregate);
      const events = aggregate.pendingEvents;
      const version = events.length > 0 ? aggregate.version : aggregate.persistedVersion + 1;
      const copy = this.clone(aggregate);
      copy.pullEvents();
      copy.markPersisted(version);
      if (this.publish !== undefined && events.length > 0) await this.publish(events);
      this.records.set(aggregate.id, copy);
      aggregate.pullEvents();
      aggregate.markPersisted(version);
    });
  }

  delete(aggregate: TAggregate): Promise<void> {
    return this.serialised(async () => {
      this.checkVersion(aggregate);
      if (!this.records.has(aggregate.id)) throw new NotFoundError(this.name, aggregate.id);
      const events = aggregate.pendingEvents;
      if (this.publish !== undefined && events.length > 0) await this.publish(events);
      this.records.delete(aggregate.id);
      aggregate.pullEvents();
    });
  }

  async findAll(criteria?: Criteria<TAggregate>, page: Page = {}): Promise<readonly TAggregate[]> {
    const { offset, limit } = checkPage(page);
    const matches = toPredicate(criteria);
    const found: TAggregate[] = [];
    let skipped = 0;
    for (const id of [...this.records.keys()].sort()) {
      if (found.length >= limit) break;
      const stored = this.records.get(id) as TAggregate;
      if (!matches(stored)) continue;
      if (skipped < offset) skipped++;
      else found.push(this.clone(stored));
    }
    return found;
  }

  async count(criteria?: Criteria<TAggregate>): Promise<number> {
    const matches = toPredicate(criteria);
    let total = 0;
    for (const stored of this.records.values()) if (matches(stored)) total++;
    return total;
  }

  private checkVersion(aggregate: TAggregate): void {
    const actual = this.records.get(aggregate.id)?.version ?? 0;
    if (actual !== aggregate.persistedVersion)
      throw new ConcurrencyError(aggregate.id, aggregate.persistedVersion, actual);
  }

  private serialised(write: () => Promise<void>): Promise<void> {
    const result = this.writes.then(write);
    this.writes = result.catch(() => undefined);
    return result;
  }
}

function checkPage(page: Page): { offset: number; limit: number } {
  const offset = page.offset ?? 0;
  const limit = page.limit ?? Number.POSITIVE_INFINITY;
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw ValidationError.of('Page', 'offset', 'invalid_offset', 'offset must be a non-negative integer');
  }
  if (limit !== Number.POSITIVE_INFINITY && (!Number.isSafeInteger(limit) || limit < 0)) {
    throw ValidationError.of('Page', 'limit', 'invalid_limit', 'limit must be a non-negative integer');
  }
  return { offset, limit };
}
