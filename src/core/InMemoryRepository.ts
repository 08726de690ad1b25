import type { AggregateRoot } from './AggregateRoot.js';
import { ConcurrencyError } from './ConcurrencyError.js';
import { type Criteria, toPredicate } from './Criteria.js';
import { checkOrderByKeys } from './checkOrderByKeys.js';
import { cloneDeep } from './cloneDeep.js';
import { compareValues } from './compareValues.js';
import type { DomainEvent } from './DomainEvent.js';
import { InMemoryTransaction } from './InMemoryTransaction.js';
import { NotFoundError } from './NotFoundError.js';
import { newEventId } from './newEventId.js';
import type { Outbox } from './Outbox.js';
import type { Page } from './Page.js';
import type { Repository } from './Repository.js';
import { readField } from './readField.js';
import { stampEvent } from './stampEvent.js';
import type { Transaction, TransactionParticipant } from './Transaction.js';
import type { TransactionalRepository } from './TransactionalRepository.js';
import { ValidationError } from './ValidationError.js';

/** The options of an {@link "tactical-ddd".InMemoryRepository | InMemoryRepository}. */
export interface InMemoryRepositoryOptions<TAggregate> {
  /** What the aggregates are called in errors (`'Order'`); default `'Aggregate'`. */
  readonly name?: string;
  /**
   * The outbox that receives the events of each save or delete, in the same transaction as the
   * state: both are applied together, or neither is.
   */
  readonly outbox?: Outbox;
  /**
   * Receives the events of each save or delete before it is stored; if it throws, nothing is
   * stored and the events stay on the aggregate. Inside a unit of work it runs at commit, before
   * anything is applied. It is not transactional (what it did stays done if a later step fails):
   * prefer `outbox`.
   */
  readonly publish?: (events: readonly DomainEvent[]) => void | Promise<void>;
  /**
   * Copies an aggregate. The default copies own fields deeply and keeps prototypes; give your own
   * when your aggregates hold `#private` fields.
   */
  readonly clone?: (aggregate: TAggregate) => TAggregate;
}

/** A staged write: the version committed when it was first staged, and the new record (none for a delete). */
interface Write<TAggregate> {
  readonly base: number;
  readonly record: TAggregate | undefined;
}

/**
 * A {@link "tactical-ddd".Repository | Repository} kept in memory: the embedded default for tests and prototypes. It stores
 * copies, never the caller's objects, checks versions on save and delete, and serialises writes so
 * that concurrent saves behave as they would against a database.
 *
 * Inside a unit of work (`withTransaction(tx)`), saves and deletes are staged: reads through the
 * same view see them, nothing else does, and they are applied with their outbox events when the
 * transaction commits (after checking every version again), or dropped when it rolls back. Events
 * stored in a transaction carry its metadata (correlation and causation ids).
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
> implements TransactionalRepository<TAggregate, TId>
{
  private readonly records = new Map<string, TAggregate>();
  private readonly name: string;
  private readonly outbox: Outbox | undefined;
  private readonly publish: ((events: readonly DomainEvent[]) => void | Promise<void>) | undefined;
  private readonly clone: (aggregate: TAggregate) => TAggregate;
  private writes: Promise<unknown> = Promise.resolve();

  /** @param options - A name for errors, an outbox, an event sink and a copy function. */
  constructor(options: InMemoryRepositoryOptions<TAggregate> = {}) {
    this.name = options.name ?? 'Aggregate';
    this.outbox = options.outbox;
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
    return this.serialised(() => this.autoCommit((tx) => this.stageSave(tx, aggregate)));
  }

  delete(aggregate: TAggregate): Promise<void> {
    return this.serialised(() => this.autoCommit((tx) => this.stageDelete(tx, aggregate)));
  }

  async findAll(criteria?: Criteria<TAggregate>, page: Page = {}): Promise<readonly TAggregate[]> {
    return this.select(this.records, criteria, page);
  }

  async count(criteria?: Criteria<TAggregate>): Promise<number> {
    const matches = toPredicate(criteria);
    let total = 0;
    for (const stored of this.records.values()) if (matches(stored)) total++;
    return total;
  }

  /**
   * Returns this repository bound to a unit of work's transaction.
   *
   * @param tx - The open transaction.
   * @returns A view whose reads see the transaction's writes and whose writes apply on commit.
   *
   * @example
   * ```ts
   * await unitOfWork.run(async (tx) => {
   *   const repo = orders.withTransaction(tx);
   *   const order = await repo.getById(orderId);
   *   order.confirm();
   *   await repo.save(order);
   * });
   * ```
   */
  withTransaction(tx: Transaction): Repository<TAggregate, TId> {
    const view = (): Map<string, TAggregate> => {
      const staged = this.stagingOf(tx).writes;
      if (staged.size === 0) return this.records;
      const merged = new Map(this.records);
      for (const [id, write] of staged) {
        if (write.record === undefined) merged.delete(id);
        else merged.set(id, write.record);
      }
      return merged;
    };
    const findById = async (id: TId): Promise<TAggregate | undefined> => {
      const write = this.stagingOf(tx).writes.get(id);
      const stored = write === undefined ? this.records.get(id) : write.record;
      return stored === undefined ? undefined : this.clone(stored);
    };
    return {
      findById,
      getById: async (id) => {
        const found = await findById(id);
        if (found === undefined) throw new NotFoundError(this.name, id);
        return found;
      },
      save: async (aggregate) => (await this.stageSave(tx, aggregate))(),
      delete: async (aggregate) => (await this.stageDelete(tx, aggregate))(),
      findAll: async (criteria, page = {}) => this.select(view(), criteria, page),
      count: async (criteria) => {
        const matches = toPredicate(criteria);
        let total = 0;
        for (const stored of view().values()) if (matches(stored)) total++;
        return total;
      },
    };
  }

  private stagingOf(tx: Transaction): RepositoryStaging<TAggregate> {
    return tx.enlist(this, () => new RepositoryStaging(this.records, this.publish));
  }

  /** The version of `id` as `staging` sees it (staged writes first, then committed records). */
  private currentVersion(staging: RepositoryStaging<TAggregate>, id: string): number {
    const write = staging.writes.get(id);
    const record = write === undefined ? this.records.get(id) : write.record;
    return record?.version ?? 0;
  }

  /** Stages a save in `tx`; returns what to do to the caller's aggregate once it counts as saved. */
  private async stageSave(tx: Transaction, aggregate: TAggregate): Promise<() => void> {
    const staging = this.stagingOf(tx);
    this.checkVersion(staging, aggregate);
    const events = aggregate.pendingEvents.map((event) => stampEvent(event, tx.metadata));
    const version = events.length > 0 ? aggregate.version : aggregate.persistedVersion + 1;
    const copy = this.clone(aggregate);
    copy.pullEvents();
    copy.markPersisted(version);
    await this.stage(tx, staging, aggregate.id, copy, events);
    return () => {
      aggregate.pullEvents();
      aggregate.markPersisted(version);
    };
  }

  private async stageDelete(tx: Transaction, aggregate: TAggregate): Promise<() => void> {
    const staging = this.stagingOf(tx);
    this.checkVersion(staging, aggregate);
    if (!this.exists(staging, aggregate.id)) {
      throw new NotFoundError(this.name, aggregate.id);
    }
    const events = aggregate.pendingEvents.map((event) => stampEvent(event, tx.metadata));
    await this.stage(tx, staging, aggregate.id, undefined, events);
    return () => {
      aggregate.pullEvents();
    };
  }

  private exists(staging: RepositoryStaging<TAggregate>, id: string): boolean {
    const write = staging.writes.get(id);
    return write === undefined ? this.records.has(id) : write.record !== undefined;
  }

  private async stage(
    tx: Transaction,
    staging: RepositoryStaging<TAggregate>,
    id: string,
    record: TAggregate | undefined,
    events: readonly DomainEvent[],
  ): Promise<void> {
    const previous = staging.writes.get(id);
    staging.writes.set(id, { base: previous?.base ?? this.records.get(id)?.version ?? 0, record });
    if (events.length === 0) return;
    staging.published.push(events);
    if (this.outbox === undefined) return;
    try {
      await this.outbox.add(events, tx);
    } catch (error) {
      if (previous === undefined) staging.writes.delete(id);
      else staging.writes.set(id, previous);
      staging.published.pop();
      throw error;
    }
  }

  private checkVersion(staging: RepositoryStaging<TAggregate>, aggregate: TAggregate): void {
    const actual = this.currentVersion(staging, aggregate.id);
    if (actual !== aggregate.persistedVersion)
      throw new ConcurrencyError(aggregate.id, aggregate.persistedVersion, actual);
  }

  /** Runs a write outside a unit of work in a transaction of its own, then updates the aggregate. */
  private async autoCommit(stage: (tx: Transaction) => Promise<() => void>): Promise<void> {
    const tx = new InMemoryTransaction(newEventId(), {});
    let finish: () => void;
    try {
      finish = await stage(tx);
    } catch (error) {
      tx.rollback();
      throw error;
    }
    await tx.commit();
    finish();
  }

  private select(
    records: ReadonlyMap<string, TAggregate>,
    criteria: Criteria<TAggregate> | undefined,
    page: Page,
  ): readonly TAggregate[] {
    const { offset, limit, orderBy } = checkPage(page);
    const matches = toPredicate(criteria);
    const found: TAggregate[] = [];
    if (orderBy.length > 0) {
      for (const stored of records.values()) if (matches(stored)) found.push(stored);
      found.sort(byKeys(orderBy));
      return found.slice(offset, offset + limit).map((stored) => this.clone(stored));
    }
    let skipped = 0;
    for (const id of [...records.keys()].sort()) {
      if (found.length >= limit) break;
      const stored = records.get(id) as TAggregate;
      if (!matches(stored)) continue;
      if (skipped < offset) skipped++;
      else found.push(this.clone(stored));
    }
    return found;
  }

  private serialised(write: () => Promise<void>): Promise<void> {
    const result = this.writes.then(write);
    this.writes = result.catch(() => undefined);
    return result;
  }
}

/** A repository's writes staged in one transaction. */
class RepositoryStaging<TAggregate extends AggregateRoot<string, object, DomainEvent>>
  implements TransactionParticipant
{
  readonly writes = new Map<string, Write<TAggregate>>();
  readonly published: (readonly DomainEvent[])[] = [];

  constructor(
    private readonly records: Map<string, TAggregate>,
    private readonly publish: ((events: readonly DomainEvent[]) => void | Promise<void>) | undefined,
  ) {}

  check(): void {
    for (const [id, write] of this.writes) {
      const actual = this.records.get(id)?.version ?? 0;
      if (actual !== write.base) throw new ConcurrencyError(id, write.base, actual);
    }
  }

  async prepare(): Promise<void> {
    if (this.publish === undefined) return;
    for (const events of this.published) await this.publish(events);
  }

  apply(): void {
    for (const [id, write] of this.writes) {
      if (write.record === undefined) this.records.delete(id);
      else this.records.set(id, write.record);
    }
  }

  discard(): void {
    this.writes.clear();
    this.published.length = 0;
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
  checkOrderByKeys(orderBy);
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
