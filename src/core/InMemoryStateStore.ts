import type { AggregateChange, AggregateStore, AnyAggregate } from './AggregateStore.js';
import { ConcurrencyError } from './ConcurrencyError.js';
import { type Criteria, toPredicate } from './Criteria.js';
import { cloneDeep } from './cloneDeep.js';
import type { MemoryTransaction } from './MemoryTransaction.js';
import { NotFoundError } from './NotFoundError.js';
import type { Page } from './Page.js';
import type { SnapshotMapping } from './SnapshotMapping.js';
import { selectPage } from './selectPage.js';
import { decodeSnapshot, encodeSnapshot } from './snapshotCodec.js';
import type { StateStoredDefinition } from './stateStored.js';

/** A stored aggregate: its version, its document (with a mapping), and a copy used to match queries. */
interface Row<TAggregate> {
  readonly version: number;
  readonly document: string | undefined;
  readonly view: TAggregate;
}

/**
 * The in-memory store's state-stored aggregates: one row per aggregate holding its validated
 * document (with a mapping, as a database would) or a deep copy (without one). @internal
 */
export class InMemoryStateStore<TAggregate extends AnyAggregate>
  implements AggregateStore<TAggregate, MemoryTransaction>
{
  readonly name: string;
  private readonly rows = new Map<string, Row<TAggregate>>();
  private readonly mapping: SnapshotMapping<TAggregate, unknown> | undefined;
  /**
   * The stored copy each aggregate was just made from (without a mapping): its props are the
   * aggregate's state at load, and never change, so they serve as the load's fingerprint without
   * another copy. Taken once, by the session's first `fingerprint` call right after the load.
   */
  private readonly origins = new WeakMap<TAggregate, TAggregate>();

  constructor(definition: StateStoredDefinition<TAggregate, unknown>) {
    this.name = definition.name;
    this.mapping = definition.mapping;
  }

  async load(id: string): Promise<TAggregate | undefined> {
    const row = this.rows.get(id);
    return row === undefined ? undefined : this.materialise(id, row);
  }

  async write(tx: MemoryTransaction, aggregate: TAggregate, change: AggregateChange): Promise<void> {
    const id = aggregate.id;
    const row = change.kind === 'delete' ? undefined : this.rowOf(aggregate, change.nextVersion);
    const check = (): void => {
      const actual = this.rows.get(id)?.version ?? 0;
      if (change.kind === 'delete' && actual === 0 && change.expectedVersion === 0)
        throw new NotFoundError(this.name, id);
      if (actual !== change.expectedVersion) throw new ConcurrencyError(id, change.expectedVersion, actual);
    };
    check();
    tx.stage({
      check,
      apply: () => {
        if (row === undefined) this.rows.delete(id);
        else this.rows.set(id, row);
      },
    });
  }

  fingerprint(aggregate: TAggregate): unknown {
    if (this.mapping !== undefined) return JSON.stringify(this.mapping.toSnapshot(aggregate));
    const origin = this.origins.get(aggregate);
    if (origin === undefined) return cloneDeep(aggregate.props);
    this.origins.delete(aggregate);
    return origin.props;
  }

  async findAll(criteria: Criteria<TAggregate> | undefined, page: Page): Promise<readonly TAggregate[]> {
    const views = new Map<TAggregate, string>();
    for (const [id, row] of this.rows) views.set(row.view, id);
    return selectPage(views.keys(), criteria, page).map((view) => {
      const id = views.get(view) as string;
      return this.materialise(id, this.rows.get(id) as Row<TAggregate>);
    });
  }

  async count(criteria: Criteria<TAggregate> | undefined): Promise<number> {
    if (criteria === undefined) return this.rows.size;
    const matches = toPredicate(criteria);
    let total = 0;
    for (const row of this.rows.values()) if (matches(row.view)) total++;
    return total;
  }

  private rowOf(aggregate: TAggregate, version: number): Row<TAggregate> {
    if (this.mapping === undefined) {
      const view = cloneDeep(aggregate);
      view.pullEvents();
      view.markPersisted(version);
      return { version, document: undefined, view };
    }
    const document = encodeSnapshot(this.name, this.mapping, aggregate);
    return {
      version,
      document,
      view: decodeSnapshot(this.name, this.mapping, JSON.parse(document), aggregate.id, version),
    };
  }

  private materialise(id: string, row: Row<TAggregate>): TAggregate {
    if (row.document === undefined) {
      const aggregate = cloneDeep(row.view);
      this.origins.set(aggregate, row.view);
      return aggregate;
    }
    return decodeSnapshot(
      this.name,
      this.mapping as SnapshotMapping<TAggregate, unknown>,
      JSON.parse(row.document),
      id,
      row.version,
    );
  }
}
