import type { AggregateRoot } from './AggregateRoot.js';
import { ConcurrencyError } from './ConcurrencyError.js';
import { type Criteria, toPredicate } from './Criteria.js';
import { cloneDeep } from './cloneDeep.js';
import { compareValues } from './compareValues.js';
import type { DomainEvent } from './DomainEvent.js';
import { NotFoundError } from './NotFoundError.js';
import type { Page } from './Page.js';
import type { Repository } from './Repository.js';
import { readField } from './readField.js';
import { ValidationError } from './ValidationError.js';

/** The options of an {@link InMemoryRepository}. */
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
 * A {@link Repository} kept in memory: the embedded default for tests and prototypes. It stores
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
    const { offset, limit, orderBy } = checkPage(page);
    const matches = toPredicate(criteria);
    const found: TAggregate[] = [];
    if (orderBy.length > 0) {
      for (const stored of this.records.values()) if (matches(stored)) found.push(stored);
      found.sort(byKeys(orderBy));
      return found.slice(offset, offset + limit).map((stored) => this.clone(stored));
    }
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

interface SortKey {
  readonly path: readonly string[];
  readonly sign: 1 | -1;
}

function checkPage(page: Page): { offset: number; limit: number; orderBy: readonly SortKey[] } {
  const offset = page.offset ?? 0;
  const limit = page.limit ?? Number.POSITIVE_INFINITY;
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw ValidationError.of('Page', 'offset', 'invalid_offset', 'offset must be a non-negative integer');
  }
  if (limit !== Number.POSITIVE_INFINITY && (!Number.isSafeInteger(limit) || limit < 0)) {
    throw ValidationError.of('Page', 'limit', 'invalid_limit', 'limit must be a non-negative integer');
  }
  return { offset, limit, orderBy: checkOrderBy(page.orderBy) };
}

const FORBIDDEN_SEGMENTS = /*@__PURE__*/ new Set(['', '__proto__', 'constructor', 'prototype']);

function checkOrderBy(orderBy: Page['orderBy']): readonly SortKey[] {
  if (orderBy === undefined) return [];
  if (!Array.isArray(orderBy)) {
    throw ValidationError.of('Page', 'orderBy', 'invalid_type', 'orderBy must be an array of { field, direction }');
  }
  return orderBy.map((key: unknown, index) => {
    const { field, direction } = (typeof key === 'object' && key !== null ? key : {}) as Record<string, unknown>;
    if (typeof field !== 'string' || field.split('.').some((segment) => FORBIDDEN_SEGMENTS.has(segment))) {
      throw ValidationError.of(
        'Page',
        `orderBy.${index}.field`,
        'invalid_field',
        'field must be a dotted path without empty, __proto__, constructor or prototype segments',
      );
    }
    if (direction !== undefined && direction !== 'asc' && direction !== 'desc') {
      throw ValidationError.of(
        'Page',
        `orderBy.${index}.direction`,
        'invalid_direction',
        "direction must be 'asc' or 'desc'",
      );
    }
    return { path: field.split('.'), sign: direction === 'desc' ? -1 : 1 };
  });
}

/** Compares aggregates by the sort keys, then by id (which is unique, so the order is total). */
function byKeys(
  keys: readonly SortKey[],
): (a: AggregateRoot<string, object>, b: AggregateRoot<string, object>) => number {
  return (a, b) => {
    for (const { path, sign } of keys) {
      const order = compareValues(readField(a, path), readField(b, path));
      if (order !== 0) return sign * order;
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
}
