import type { AggregateRoot } from '../core/AggregateRoot.js';
import { ConcurrencyError } from '../core/ConcurrencyError.js';
import { type Criteria, toPredicate } from '../core/Criteria.js';
import { compareValues } from '../core/compareValues.js';
import type { DomainEvent } from '../core/DomainEvent.js';
import { NotFoundError } from '../core/NotFoundError.js';
import { newEventId } from '../core/newEventId.js';
import type { Outbox } from '../core/Outbox.js';
import type { Page } from '../core/Page.js';
import { readField } from '../core/readField.js';
import { stampEvent } from '../core/stampEvent.js';
import type { Transaction } from '../core/Transaction.js';
import type { TransactionalRepository } from '../core/TransactionalRepository.js';
import { ValidationError } from '../core/ValidationError.js';
import type { SpecNode } from '../specification/SpecNode.js';
import { checkJsonb } from './checkJsonb.js';
import { orderBySql, type SortKey } from './orderBySql.js';
import { PostgresTransaction } from './PostgresTransaction.js';
import type { SnapshotMapping } from './SnapshotMapping.js';
import type { SqlClient } from './SqlClient.js';
import { qualifiedName, quoteIdentifier, sqlIdentifier } from './sqlIdentifier.js';
import { type SqlFragment, toSql } from './toSql.js';

/**
 * The options of a {@link PostgresRepository}.
 *
 * @example
 * ```ts
 * const options: PostgresRepositoryOptions<Order, OrderSnapshot> = { client, name: 'Order', mapping: orderMapping, outbox };
 * ```
 */
export interface PostgresRepositoryOptions<TAggregate, TSnapshot> {
  /** The database (or a client bound to a transaction). */
  readonly client: SqlClient;
  /** The aggregate type (`'Order'`): the `aggregate_type` of its rows, and the name used in errors. */
  readonly name: string;
  /** How the aggregate becomes a validated JSON document and back. */
  readonly mapping: SnapshotMapping<TAggregate, TSnapshot>;
  /** The schema {@link migrate} created the tables in; default `'public'`. */
  readonly schema?: string;
  /**
   * The table (default `'ddd_aggregates'`). Your own table needs the columns of `ddd_aggregates`
   * (`aggregate_type`, `id`, `version`, `data`, `updated_at`), for instance
   * `CREATE TABLE orders (LIKE ddd_aggregates INCLUDING ALL)`, plus any generated columns you index.
   */
  readonly table?: string;
  /**
   * Specification fields kept in columns of your own table (generated columns you can index), by
   * field path: `{ status: 'status' }`. `id` is always the id column; other paths read the document.
   */
  readonly columns?: Readonly<Record<string, string>>;
  /**
   * Receives the events of each save or delete inside the same transaction as the write (write
   * them to an outbox with `tx`); if it throws, the write is rolled back and the events stay on
   * the aggregate.
   */
  readonly publish?: (events: readonly DomainEvent[], tx: SqlClient) => Promise<void>;
  /**
   * The outbox that receives the events of each save or delete in the same database transaction
   * as the state (a {@link PostgresOutbox} on the same database).
   */
  readonly outbox?: Outbox;
}

interface BoundOptions<TAggregate, TSnapshot> extends PostgresRepositoryOptions<TAggregate, TSnapshot> {
  readonly transaction?: PostgresTransaction;
}

interface StoredRow {
  readonly id: string;
  readonly version: number | string;
  readonly data: unknown;
}

const SCAN_BATCH = 500;
/** The statements of loads and saves run again and again: prepared where the adapter can. */
const PREPARED = { prepare: true } as const;

/**
 * A {@link "tactical-ddd".Repository | Repository} for state-stored aggregates in PostgreSQL or PGlite: each aggregate is one
 * row holding its validated JSON document (`data JSONB`) and its `version`.
 *
 * A save checks the version in the same statement that writes (`UPDATE … WHERE version = $n`, or
 * `INSERT … ON CONFLICT DO NOTHING` for a new aggregate): a stale aggregate gets a
 * {@link "tactical-ddd".ConcurrencyError | ConcurrencyError} and nothing is written. A save without new events still moves the
 * version on by one, as {@link "tactical-ddd".InMemoryRepository | InMemoryRepository} does. `withTransaction(tx)` binds it to a
 * {@link PostgresUnitOfWork} (several saves, the outbox and any SQL of the transaction commit
 * together, and stored events carry the unit of work's metadata); `withClient(tx)` binds it to a
 * plain {@link SqlClient} transaction. With an `outbox`, the events of each save go to it in the
 * same database transaction as the state.
 *
 * `findAll`/`count` with a specification (anything with its AST as `node`) run it as SQL
 * ({@link toSql}): its field paths read the stored document (so keep the snapshot shaped like the
 * props), `id` the id column, and `columns` any generated columns; a specification with a
 * `predicate` leaf is an {@link UntranslatableSpecificationError}. A plain predicate function is
 * evaluated in process over the rows, read in id order in batches.
 *
 * After a save inside a transaction that later rolls back, the aggregate still reports the new
 * version: load it again before retrying.
 *
 * @typeParam TAggregate - The aggregate type.
 * @typeParam TSnapshot - Its stored document.
 * @typeParam TId - Its id type.
 *
 * @example
 * ```ts
 * const orders = new PostgresRepository({ client, name: 'Order', mapping: orderMapping });
 * const order = await orders.getById(orderId);
 * order.confirm();
 * await orders.save(order); // ConcurrencyError if someone saved it meanwhile
 *
 * await client.transaction(async (tx) => {
 *   await orders.withClient(tx).save(first);
 *   await orders.withClient(tx).save(second); // if this conflicts, `first` is rolled back too
 * });
 * ```
 */
export class PostgresRepository<
  TAggregate extends AggregateRoot<TId, object, DomainEvent>,
  TSnapshot,
  TId extends string = TAggregate['id'],
> implements TransactionalRepository<TAggregate, TId>
{
  private readonly options: BoundOptions<TAggregate, TSnapshot>;
  private readonly client: SqlClient;
  private readonly name: string;
  private readonly table: string;
  /** Fields kept in columns (quoted), `id` included. */
  private readonly columns: ReadonlyMap<string, string>;

  /**
   * @param options - The client, the aggregate's name, its mapping and where its rows live.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} when `schema`, `table` or a mapped column is not a plain SQL identifier.
   */
  constructor(options: PostgresRepositoryOptions<TAggregate, TSnapshot>) {
    this.options = options;
    this.client = options.client;
    this.name = options.name;
    const columns = new Map<string, string>();
    for (const [field, column] of Object.entries(options.columns ?? {})) {
      columns.set(field, quoteIdentifier(sqlIdentifier(column, 'PostgresRepositoryOptions', `columns.${field}`)));
    }
    columns.set('id', '"id"');
    this.columns = columns;
    this.table = qualifiedName(
      sqlIdentifier(options.schema ?? 'public', 'PostgresRepositoryOptions', 'schema'),
      sqlIdentifier(options.table ?? 'ddd_aggregates', 'PostgresRepositoryOptions', 'table'),
    );
  }

  /**
   * Returns this repository working through `client`, typically a client bound to a transaction.
   *
   * @param client - The client to use.
   * @returns A repository with the same options on `client`.
   */
  withClient(client: SqlClient): PostgresRepository<TAggregate, TSnapshot, TId> {
    const { transaction: _, ...options } = this.options;
    return new PostgresRepository<TAggregate, TSnapshot, TId>({ ...options, client });
  }

  /**
   * Returns this repository bound to a {@link PostgresUnitOfWork}'s transaction: its reads see the
   * transaction's writes, its writes commit with it, and the events it stores carry the
   * transaction's metadata and go to the outbox in the same transaction.
   *
   * @param tx - A {@link PostgresTransaction}.
   * @returns The repository bound to `tx`.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} when `tx` is not a {@link PostgresTransaction}.
   */
  withTransaction(tx: Transaction): PostgresRepository<TAggregate, TSnapshot, TId> {
    if (!(tx instanceof PostgresTransaction)) {
      throw ValidationError.of(
        'PostgresRepository',
        'tx',
        'foreign_transaction',
        'A PostgresRepository joins only the transactions of a PostgresUnitOfWork (a PostgresTransaction)',
      );
    }
    const options: BoundOptions<TAggregate, TSnapshot> = { ...this.options, client: tx.client, transaction: tx };
    return new PostgresRepository<TAggregate, TSnapshot, TId>(options);
  }

  async findById(id: TId): Promise<TAggregate | undefined> {
    const { rows } = await this.client.query<StoredRow>(
      `SELECT id, version, data FROM ${this.table} WHERE aggregate_type = $1 AND id = $2`,
      [this.name, id],
      PREPARED,
    );
    const row = rows[0];
    return row === undefined ? undefined : this.decode(row);
  }

  async getById(id: TId): Promise<TAggregate> {
    const found = await this.findById(id);
    if (found === undefined) throw new NotFoundError(this.name, id);
    return found;
  }

  async save(aggregate: TAggregate): Promise<void> {
    const data = this.encode(aggregate);
    const events = this.eventsOf(aggregate);
    const expected = aggregate.persistedVersion;
    const next = events.length > 0 ? aggregate.version : expected + 1;
    await this.write(events, async (client) => {
      const { rows } =
        expected === 0
          ? await client.query(
              `INSERT INTO ${this.table} (aggregate_type, id, version, data) VALUES ($1, $2, $3, $4::jsonb)
               ON CONFLICT (aggregate_type, id) DO NOTHING RETURNING version`,
              [this.name, aggregate.id, next, data],
              PREPARED,
            )
          : await client.query(
              `UPDATE ${this.table} SET version = $3, data = $4::jsonb, updated_at = now()
               WHERE aggregate_type = $1 AND id = $2 AND version = $5 RETURNING version`,
              [this.name, aggregate.id, next, data, expected],
              PREPARED,
            );
      if (rows.length === 0)
        throw new ConcurrencyError(aggregate.id, expected, await this.versionOf(client, aggregate.id));
    });
    aggregate.pullEvents();
    aggregate.markPersisted(next);
  }

  async delete(aggregate: TAggregate): Promise<void> {
    const events = this.eventsOf(aggregate);
    const expected = aggregate.persistedVersion;
    await this.write(events, async (client) => {
      const { rows } = await client.query(
        `DELETE FROM ${this.table} WHERE aggregate_type = $1 AND id = $2 AND version = $3 RETURNING version`,
        [this.name, aggregate.id, expected],
      );
      if (rows.length > 0) return;
      const actual = await this.versionOf(client, aggregate.id);
      if (actual === 0 && expected === 0) throw new NotFoundError(this.name, aggregate.id);
      throw new ConcurrencyError(aggregate.id, expected, actual);
    });
    aggregate.pullEvents();
  }

  async findAll(criteria?: Criteria<TAggregate>, page: Page = {}): Promise<readonly TAggregate[]> {
    const { offset, limit } = checkPage(page);
    const where = this.where(criteria);
    const params: unknown[] = [this.name, limit === Number.POSITIVE_INFINITY ? null : limit, offset];
    if (where !== undefined) params.push(...where.params);
    const bind = (value: unknown, type: string): string => {
      params.push(value);
      return `$${params.length}::${type}`;
    };
    // Checked even when there is nothing to return, so that a bad page is always an error.
    const order = orderBySql(page.orderBy ?? [], '"data"', this.columns, bind);
    if (limit === 0) return [];
    if (where !== undefined) {
      const { rows } = await this.client.query<StoredRow>(
        `SELECT id, version, data FROM ${this.table} WHERE aggregate_type = $1 AND ${where.text}
         ORDER BY ${[...order, 'id'].join(', ')} LIMIT $2 OFFSET $3`,
        params,
      );
      return rows.map((row) => this.decode(row));
    }
    const matches = toPredicate(criteria as Criteria<TAggregate>);
    const found: TAggregate[] = [];
    const keys = page.orderBy ?? [];
    if (keys.length > 0) {
      // Sorted in process, as the in-memory repository sorts: every match is needed first.
      for await (const aggregate of this.scan()) if (matches(aggregate)) found.push(aggregate);
      found.sort(byKeys(keys));
      return found.slice(offset, offset + limit);
    }
    let skipped = 0;
    for await (const aggregate of this.scan()) {
      if (!matches(aggregate)) continue;
      if (skipped < offset) skipped++;
      else found.push(aggregate);
      if (found.length >= limit) break;
    }
    return found;
  }

  async count(criteria?: Criteria<TAggregate>): Promise<number> {
    const where = this.where(criteria, 2);
    if (where !== undefined) {
      const { rows } = await this.client.query<{ n: number | string }>(
        `SELECT count(*) AS n FROM ${this.table} WHERE aggregate_type = $1 AND ${where.text}`,
        [this.name, ...where.params],
      );
      return Number(rows[0]?.n ?? 0);
    }
    const matches = toPredicate(criteria as Criteria<TAggregate>);
    let total = 0;
    for await (const aggregate of this.scan()) if (matches(aggregate)) total++;
    return total;
  }

  /** The SQL condition for no criteria or a specification; `undefined` for an in-process predicate. */
  private where(criteria: Criteria<TAggregate> | undefined, firstParameter = 4): SqlFragment | undefined {
    if (criteria === undefined) return { text: 'TRUE', params: [] };
    if (typeof criteria !== 'object' || !('node' in criteria)) return undefined;
    return toSql(criteria as { readonly node: SpecNode }, {
      columns: { ...this.options.columns, id: 'id' },
      firstParameter,
    });
  }

  /** Reads every aggregate of this type in id order, a batch at a time (keyset paging). */
  private async *scan(): AsyncGenerator<TAggregate> {
    let after: string | null = null;
    for (;;) {
      const { rows }: { rows: readonly StoredRow[] } = await this.client.query<StoredRow>(
        `SELECT id, version, data FROM ${this.table}
         WHERE aggregate_type = $1 AND ($2::text IS NULL OR id > $2::text) ORDER BY id LIMIT $3`,
        [this.name, after, SCAN_BATCH],
      );
      for (const row of rows) yield this.decode(row);
      if (rows.length < SCAN_BATCH) return;
      after = (rows[rows.length - 1] as StoredRow).id;
    }
  }

  /** The aggregate's pending events, stamped with the metadata of the unit of work, if any. */
  private eventsOf(aggregate: TAggregate): readonly DomainEvent[] {
    const tx = this.options.transaction;
    const events = aggregate.pendingEvents;
    return tx === undefined ? events : events.map((event) => stampEvent(event, tx.metadata));
  }

  /** Runs a checked write, and hands the events on in the same transaction when there is a sink. */
  private async write(events: readonly DomainEvent[], statement: (client: SqlClient) => Promise<void>): Promise<void> {
    const { publish, outbox, transaction } = this.options;
    if ((publish === undefined && outbox === undefined) || events.length === 0) return statement(this.client);
    const run = async (tx: PostgresTransaction): Promise<void> => {
      await statement(tx.client);
      await outbox?.add(events, tx);
      await publish?.(events, tx.client);
    };
    if (transaction !== undefined) return run(transaction);
    let own: PostgresTransaction | undefined;
    try {
      await this.client.transaction(async (sql) => {
        own = new PostgresTransaction(newEventId(), {}, sql);
        await run(own);
        await own.beforeCommit();
      });
    } catch (error) {
      own?.rollback();
      throw error;
    }
    own?.afterCommit();
  }

  private async versionOf(client: SqlClient, id: string): Promise<number> {
    const { rows } = await client.query<{ version: number | string }>(
      `SELECT version FROM ${this.table} WHERE aggregate_type = $1 AND id = $2`,
      [this.name, id],
    );
    return rows[0] === undefined ? 0 : Number(rows[0].version);
  }

  private encode(aggregate: TAggregate): string {
    const snapshot = this.options.mapping.toSnapshot(aggregate);
    const checked = this.options.mapping.schema.safeParse(snapshot);
    if (!checked.success) throw ValidationError.fromZod(`${this.name} snapshot`, checked.error);
    return checkJsonb(JSON.stringify(snapshot), `${this.name} snapshot`, '');
  }

  private decode(row: StoredRow): TAggregate {
    const checked = this.options.mapping.schema.safeParse(row.data);
    if (!checked.success) throw ValidationError.fromZod(`${this.name} snapshot`, checked.error);
    const version = Number(row.version);
    const aggregate = this.options.mapping.fromSnapshot(checked.data, { id: row.id, version });
    if (aggregate.id !== row.id) {
      throw ValidationError.of(
        `${this.name} snapshot`,
        'id',
        'id_mismatch',
        `fromSnapshot returned an aggregate with id ${aggregate.id} for the row with id ${row.id}`,
      );
    }
    aggregate.markPersisted(version);
    return aggregate;
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

/** Orders aggregates by the sort keys, then by id, as the in-memory repository does. */
function byKeys(
  keys: readonly SortKey[],
): (a: AggregateRoot<string, object>, b: AggregateRoot<string, object>) => number {
  const paths = keys.map((key) => ({ path: key.field.split('.'), sign: key.direction === 'desc' ? -1 : 1 }));
  return (a, b) => {
    for (const { path, sign } of paths) {
      const order = compareValues(readField(a, path), readField(b, path));
      if (order !== 0) return sign * order;
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
}
