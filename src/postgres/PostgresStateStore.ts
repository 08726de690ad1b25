import type { AggregateChange, AggregateStore, AnyAggregate } from '../core/AggregateStore.js';
import { ConcurrencyError } from '../core/ConcurrencyError.js';
import { type Criteria, toPredicate } from '../core/Criteria.js';
import { compareValues } from '../core/compareValues.js';
import { NotFoundError } from '../core/NotFoundError.js';
import type { Page } from '../core/Page.js';
import { readField } from '../core/readField.js';
import type { SnapshotMapping } from '../core/SnapshotMapping.js';
import { decodeSnapshot, encodeSnapshot } from '../core/snapshotCodec.js';
import type { StateStoredDefinition } from '../core/stateStored.js';
import { ValidationError } from '../core/ValidationError.js';
import type { SpecNode } from '../specification/SpecNode.js';
import { checkJsonb } from './checkJsonb.js';
import { orderBySql, type SortKey } from './orderBySql.js';
import type { SqlClient } from './SqlClient.js';
import { qualifiedName, quoteIdentifier, sqlIdentifier } from './sqlIdentifier.js';
import { type SqlFragment, toSql } from './toSql.js';

interface StoredRow {
  readonly id: string;
  readonly version: number | string;
  readonly data: unknown;
}

const SCAN_BATCH = 500;
/** The statements of loads and saves run again and again: prepared where the adapter can. */
const PREPARED = { prepare: true } as const;

/**
 * The Postgres store's state-stored aggregates: each aggregate is one row holding its validated
 * JSON document (`data JSONB`) and its `version`.
 *
 * A write checks the version in the same statement (`UPDATE … WHERE version = $n`, or
 * `INSERT … ON CONFLICT DO NOTHING` for a new aggregate): a stale aggregate gets a
 * {@link "tactical-ddd".ConcurrencyError | ConcurrencyError} and nothing is written.
 *
 * `findAll`/`count` with a specification (anything with its AST as `node`) run it as SQL
 * ({@link toSql}): its field paths read the stored document (so keep the snapshot shaped like the
 * props), `id` the id column, and `columns` any generated columns; a specification with a
 * `predicate` leaf is an {@link UntranslatableSpecificationError}. A plain predicate function is
 * evaluated in process over the rows, read in id order in batches. @internal
 */
export class PostgresStateStore<TAggregate extends AnyAggregate> implements AggregateStore<TAggregate, SqlClient> {
  readonly name: string;
  private readonly client: SqlClient;
  private readonly mapping: SnapshotMapping<TAggregate, unknown>;
  private readonly table: string;
  /** Fields kept in columns (quoted), `id` included. */
  private readonly columns: ReadonlyMap<string, string>;
  private readonly columnNames: Readonly<Record<string, string>>;

  /**
   * @param client - The database.
   * @param schema - A validated schema name.
   * @param definition - The aggregate kind, with its mapping.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} when `table` or a mapped column is not a plain SQL identifier.
   */
  constructor(client: SqlClient, schema: string, definition: StateStoredDefinition<TAggregate, unknown>) {
    this.client = client;
    this.name = definition.name;
    if (definition.mapping === undefined) {
      throw ValidationError.of(
        'postgresStore',
        `aggregates.${definition.name}`,
        'mapping_required',
        `${definition.name} needs a mapping (stateStored(name, mapping)) to be stored as a document`,
      );
    }
    this.mapping = definition.mapping;
    const { table, columns: mapped = {} } = definition.options;
    const columns = new Map<string, string>();
    for (const [field, column] of Object.entries(mapped)) {
      columns.set(field, quoteIdentifier(sqlIdentifier(column, 'StateStoredOptions', `columns.${field}`)));
    }
    columns.set('id', '"id"');
    this.columns = columns;
    this.columnNames = { ...mapped, id: 'id' };
    this.table = qualifiedName(schema, sqlIdentifier(table ?? 'ddd_aggregates', 'StateStoredOptions', 'table'));
  }

  async load(id: string, tx?: SqlClient): Promise<TAggregate | undefined> {
    const { rows } = await (tx ?? this.client).query<StoredRow>(
      `SELECT id, version, data FROM ${this.table} WHERE aggregate_type = $1 AND id = $2`,
      [this.name, id],
      PREPARED,
    );
    const row = rows[0];
    return row === undefined ? undefined : this.decode(row);
  }

  fingerprint(aggregate: TAggregate): string {
    return JSON.stringify(this.mapping.toSnapshot(aggregate));
  }

  async write(client: SqlClient, aggregate: TAggregate, change: AggregateChange): Promise<void> {
    const expected = change.expectedVersion;
    if (change.kind === 'delete') {
      const { rows } = await client.query(
        `DELETE FROM ${this.table} WHERE aggregate_type = $1 AND id = $2 AND version = $3 RETURNING version`,
        [this.name, aggregate.id, expected],
      );
      if (rows.length > 0) return;
      const actual = await this.versionOf(client, aggregate.id);
      if (actual === 0 && expected === 0) throw new NotFoundError(this.name, aggregate.id);
      throw new ConcurrencyError(aggregate.id, expected, actual);
    }
    const data = checkJsonb(encodeSnapshot(this.name, this.mapping, aggregate), `${this.name} snapshot`, '');
    const { rows } =
      expected === 0
        ? await client.query(
            `INSERT INTO ${this.table} (aggregate_type, id, version, data) VALUES ($1, $2, $3, $4::jsonb)
             ON CONFLICT (aggregate_type, id) DO NOTHING RETURNING version`,
            [this.name, aggregate.id, change.nextVersion, data],
            PREPARED,
          )
        : await client.query(
            `UPDATE ${this.table} SET version = $3, data = $4::jsonb, updated_at = now()
             WHERE aggregate_type = $1 AND id = $2 AND version = $5 RETURNING version`,
            [this.name, aggregate.id, change.nextVersion, data, expected],
            PREPARED,
          );
    if (rows.length === 0)
      throw new ConcurrencyError(aggregate.id, expected, await this.versionOf(client, aggregate.id));
  }

  async findAll(
    criteria: Criteria<TAggregate> | undefined,
    page: Page,
    tx?: SqlClient,
  ): Promise<readonly TAggregate[]> {
    const client = tx ?? this.client;
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
      const { rows } = await client.query<StoredRow>(
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
      for await (const aggregate of this.scan(client)) if (matches(aggregate)) found.push(aggregate);
      found.sort(byKeys(keys));
      return found.slice(offset, offset + limit);
    }
    let skipped = 0;
    for await (const aggregate of this.scan(client)) {
      if (!matches(aggregate)) continue;
      if (skipped < offset) skipped++;
      else found.push(aggregate);
      if (found.length >= limit) break;
    }
    return found;
  }

  async count(criteria: Criteria<TAggregate> | undefined, tx?: SqlClient): Promise<number> {
    const client = tx ?? this.client;
    const where = this.where(criteria, 2);
    if (where !== undefined) {
      const { rows } = await client.query<{ n: number | string }>(
        `SELECT count(*) AS n FROM ${this.table} WHERE aggregate_type = $1 AND ${where.text}`,
        [this.name, ...where.params],
      );
      return Number(rows[0]?.n ?? 0);
    }
    const matches = toPredicate(criteria as Criteria<TAggregate>);
    let total = 0;
    for await (const aggregate of this.scan(client)) if (matches(aggregate)) total++;
    return total;
  }

  /** The SQL condition for no criteria or a specification; `undefined` for an in-process predicate. */
  private where(criteria: Criteria<TAggregate> | undefined, firstParameter = 4): SqlFragment | undefined {
    if (criteria === undefined) return { text: 'TRUE', params: [] };
    if (typeof criteria !== 'object' || !('node' in criteria)) return undefined;
    return toSql(criteria as { readonly node: SpecNode }, {
      columns: this.columnNames,
      firstParameter,
    });
  }

  /** Reads every aggregate of this type in id order, a batch at a time (keyset paging). */
  private async *scan(client: SqlClient): AsyncGenerator<TAggregate> {
    let after: string | null = null;
    for (;;) {
      const { rows }: { rows: readonly StoredRow[] } = await client.query<StoredRow>(
        `SELECT id, version, data FROM ${this.table}
         WHERE aggregate_type = $1 AND ($2::text IS NULL OR id > $2::text) ORDER BY id LIMIT $3`,
        [this.name, after, SCAN_BATCH],
      );
      for (const row of rows) yield this.decode(row);
      if (rows.length < SCAN_BATCH) return;
      after = (rows[rows.length - 1] as StoredRow).id;
    }
  }

  private async versionOf(client: SqlClient, id: string): Promise<number> {
    const { rows } = await client.query<{ version: number | string }>(
      `SELECT version FROM ${this.table} WHERE aggregate_type = $1 AND id = $2`,
      [this.name, id],
    );
    return rows[0] === undefined ? 0 : Number(rows[0].version);
  }

  private decode(row: StoredRow): TAggregate {
    return decodeSnapshot(this.name, this.mapping, row.data, row.id, Number(row.version));
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
function byKeys(keys: readonly SortKey[]): (a: AnyAggregate, b: AnyAggregate) => number {
  const paths = keys.map((key) => ({ path: key.field.split('.'), sign: key.direction === 'desc' ? -1 : 1 }));
  return (a, b) => {
    for (const { path, sign } of paths) {
      const order = compareValues(readField(a, path), readField(b, path));
      if (order !== 0) return sign * order;
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
}
