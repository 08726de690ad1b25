import { describe, expect, it } from 'vitest';
import type { AggregateRoot } from '../core/AggregateRoot.js';
import { ConcurrencyError } from '../core/ConcurrencyError.js';
import type { DomainEvent } from '../core/DomainEvent.js';
import { NotFoundError } from '../core/NotFoundError.js';
import type { Page } from '../core/Page.js';
import type { Repository } from '../core/Repository.js';
import { ValidationError } from '../core/ValidationError.js';
import { rejection } from './rejection.js';

/** The part of a repository every aggregate store shares: load by id, save with a version check. */
export type LoadSaveRepository<TAggregate extends AggregateRoot<string, object, DomainEvent>> = Pick<
  Repository<TAggregate, TAggregate['id']>,
  'findById' | 'getById' | 'save'
>;

/**
 * How {@link repositoryConformance} makes repositories and aggregates, and changes and reads them.
 *
 * @example
 * ```ts
 * const fixture: RepositoryConformanceFixture<Account> = {
 *   makeRepository: () => inMemoryStore({ aggregates: { accounts: stateStored('Account', accountMapping) } }).accounts,
 *   newAggregate: () => Account.open(AccountId.create(), 'Ada'),
 *   change: (account) => account.deposit(100),
 *   stateOf: (account) => account.props,
 *   unknownId: () => AccountId.create(),
 * };
 * ```
 */
export interface RepositoryConformanceFixture<TAggregate extends AggregateRoot<string, object, DomainEvent>> {
  /** The name of the `describe` block (default `'Repository conformance'`). */
  readonly name?: string;
  /** Makes a fresh, empty repository (called once per test). */
  readonly makeRepository: () => LoadSaveRepository<TAggregate> | Promise<LoadSaveRepository<TAggregate>>;
  /** Makes a new aggregate with a fresh id, never saved, with at least one change to save. */
  readonly newAggregate: () => TAggregate;
  /** Runs a command that changes the aggregate (and raises events, if it does). */
  readonly change: (aggregate: TAggregate) => void;
  /** What must survive a save and a load: the aggregate's state as plain data. */
  readonly stateOf: (aggregate: TAggregate) => unknown;
  /** An id that no saved aggregate has. */
  readonly unknownId: () => TAggregate['id'];
}

/**
 * Registers a vitest suite that checks a repository (a store's repository of a state-stored,
 * event-sourced or your own aggregate kind) against the load/save contract: `findById`/`getById`, round trips, optimistic
 * concurrency on stale and concurrent saves (nothing written, events kept), and isolation between
 * loaded copies. Call it at the top level of a test file.
 *
 * @param fixture - How to make repositories and aggregates, change them and read their state.
 *
 * @example
 * ```ts
 * repositoryConformance({
 *   makeRepository: () =>
 *     inMemoryStore({ eventStore: new InMemoryEventStore(), aggregates: { accounts: eventSourced({ name: 'Account', create: (id: AccountId) => new Account(id) }) } }).accounts,
 *   newAggregate: () => Account.open(AccountId.create(), 'Ada'),
 *   change: (account) => account.deposit(100),
 *   stateOf: (account) => account.props,
 *   unknownId: () => AccountId.create(),
 * });
 * ```
 */
export function repositoryConformance<TAggregate extends AggregateRoot<string, object, DomainEvent>>(
  fixture: RepositoryConformanceFixture<TAggregate>,
): void {
  const { makeRepository, newAggregate, change, stateOf, unknownId } = fixture;

  describe(fixture.name ?? 'Repository conformance', () => {
    it('finds nothing for an unknown id, and getById throws NotFoundError', async () => {
      const repository = await makeRepository();
      const id = unknownId();
      expect(await repository.findById(id)).toBeUndefined();
      const error = await rejection(repository.getById(id));
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error).toMatchObject({ id, code: 'core.not_found' });
    });

    it('saves a new aggregate and loads an equal one at the same version', async () => {
      const repository = await makeRepository();
      const aggregate = newAggregate();
      await repository.save(aggregate);
      expect(aggregate.pendingEvents).toEqual([]);
      expect(aggregate.persistedVersion).toBe(aggregate.version);
      expect(aggregate.version).toBeGreaterThan(0);
      const loaded = await repository.getById(aggregate.id);
      expect(loaded).not.toBe(aggregate);
      expect(loaded.id).toBe(aggregate.id);
      expect(loaded.version).toBe(aggregate.version);
      expect(loaded.persistedVersion).toBe(aggregate.version);
      expect(loaded.pendingEvents).toEqual([]);
      expect(stateOf(loaded)).toEqual(stateOf(aggregate));
      expect(await repository.findById(aggregate.id)).toBeDefined();
    });

    it('saves a change to a loaded aggregate and moves its version on', async () => {
      const repository = await makeRepository();
      const aggregate = newAggregate();
      await repository.save(aggregate);
      const loaded = await repository.getById(aggregate.id);
      change(loaded);
      await repository.save(loaded);
      expect(loaded.version).toBeGreaterThan(aggregate.version);
      const again = await repository.getById(aggregate.id);
      expect(again.version).toBe(loaded.version);
      expect(stateOf(again)).toEqual(stateOf(loaded));
    });

    it('rejects a stale save with ConcurrencyError, writes nothing and keeps its events', async () => {
      const repository = await makeRepository();
      const aggregate = newAggregate();
      await repository.save(aggregate);
      const first = await repository.getById(aggregate.id);
      const second = await repository.getById(aggregate.id);
      change(first);
      await repository.save(first);
      change(second);
      const pending = second.pendingEvents.length;
      const error = await rejection(repository.save(second));
      expect(error).toBeInstanceOf(ConcurrencyError);
      expect(error).toMatchObject({ expected: aggregate.version, actual: first.version });
      expect(second.pendingEvents).toHaveLength(pending);
      expect(second.persistedVersion).toBe(aggregate.version);
      const stored = await repository.getById(aggregate.id);
      expect(stored.version).toBe(first.version);
      expect(stateOf(stored)).toEqual(stateOf(first));
    });

    it('lets exactly one of several concurrent saves of the same version win', async () => {
      const repository = await makeRepository();
      const aggregate = newAggregate();
      await repository.save(aggregate);
      const copies = await Promise.all(Array.from({ length: 5 }, () => repository.getById(aggregate.id)));
      for (const copy of copies) change(copy);
      const results = await Promise.allSettled(copies.map((copy) => repository.save(copy)));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const result of results) {
        if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(ConcurrencyError);
      }
      const winner = copies[results.findIndex((r) => r.status === 'fulfilled')] as TAggregate;
      expect((await repository.getById(aggregate.id)).version).toBe(winner.version);
    });

    it('refuses, before any query, sort keys no store can take: more than 32, or U+0000 or a lone surrogate', async (context) => {
      const repository = (await makeRepository()) as Partial<Pick<Repository<TAggregate, TAggregate['id']>, 'findAll'>>;
      // Only for repositories that query (findAll); a load-and-save store has no sort keys.
      if (typeof repository.findAll !== 'function') return context.skip();
      const findAll = repository.findAll.bind(repository);
      // A store's repository of a kind that cannot be queried (an event-sourced one) says so.
      const queryable = await findAll().then(
        () => true,
        (error: unknown) => (error as { rule?: unknown }).rule !== 'not_queryable',
      );
      if (!queryable) return context.skip();
      const aggregate = newAggregate();
      await (repository as LoadSaveRepository<TAggregate>).save(aggregate);
      const keys = (count: number) => Array.from({ length: count }, () => ({ field: 'id' }));
      expect((await findAll(undefined, { orderBy: keys(32) })).map((found) => found.id)).toContain(aggregate.id);
      const refused: readonly (readonly [Page['orderBy'], string, string])[] = [
        [keys(33), 'orderBy', 'too_many_keys'],
        [[{ field: 'id' }, { field: 'name\u0000' }], 'orderBy.1.field', 'unsupported_character'],
        [[{ field: 'a.\uD800' }], 'orderBy.0.field', 'unsupported_character'],
      ];
      for (const [orderBy, field, rule] of refused) {
        const error = await rejection(findAll(undefined, { orderBy: orderBy as NonNullable<Page['orderBy']> }));
        expect(error).toBeInstanceOf(ValidationError);
        expect(error).toMatchObject({ field, rule });
      }
    });

    it('keeps loaded copies independent: an unsaved change is not visible to the next load', async () => {
      const repository = await makeRepository();
      const aggregate = newAggregate();
      await repository.save(aggregate);
      const saved = stateOf(await repository.getById(aggregate.id));
      const loaded = await repository.getById(aggregate.id);
      change(loaded);
      change(aggregate);
      const again = await repository.getById(aggregate.id);
      expect(stateOf(again)).toEqual(saved);
      expect(again.version).toBe(aggregate.persistedVersion);
    });
  });
}
