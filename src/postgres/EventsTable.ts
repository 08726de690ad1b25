import type { DomainEvent, EventMetadata } from '../core/DomainEvent.js';
import { checkExpectedVersion } from '../event-sourcing/checkExpectedVersion.js';
import { StreamDeletedError } from '../event-sourcing/StreamDeletedError.js';
import { tombstoneOf } from '../event-sourcing/streamTombstone.js';
import { checkJsonb } from './checkJsonb.js';
import { decodePosition, encodePosition } from './eventPosition.js';
import type { SqlClient } from './SqlClient.js';
import { qualifiedName } from './sqlIdentifier.js';
import { isAutocommit, isConcurrentTransaction } from './transactionClient.js';

/** What an append expects to find (the event store's `ExpectedVersion`). @internal */
export type ExpectedStreamVersion = number | 'any' | 'no_stream' | 'stream_exists';

type AppendMode = 'no_stream' | 'exact' | 'stream_exists' | 'any';

/** An event as stored: the envelope plus its stream, version and global position. @internal */
export type StoredEvent = DomainEvent & {
  readonly streamId: string;
  readonly version: number;
  readonly globalPosition: bigint;
};

/** What one append statement did. @internal */
export type AppendOutcome =
  | { readonly kind: 'appended'; readonly version: number; readonly lastPosition: bigint }
  /** Nothing written: the expected version did not match, or some event ids are already stored. */
  | { readonly kind: 'rejected' };

/** A row of a read: one stored event as JSON text ({@link PackedEvent}). */
interface EventRow {
  readonly event: string;
}

/** A stored event as the JSON array of a read, positions as text (a `bigint` does not survive JSON). */
type PackedEvent = [
  positionText: string,
  txText: string,
  streamId: string,
  version: number,
  id: string,
  type: string,
  schemaVersion: number,
  aggregateId: string,
  aggregateVersion: number,
  occurredAt: string,
  payload: unknown,
  metadata: EventMetadata,
];

/** The hot statements are prepared once per connection where the adapter can. */
const PREPARED = { prepare: true } as const;

/**
 * Reads return each event as one text column holding a JSON array ({@link PackedEvent}): PGlite
 * decodes every column of every row in JavaScript (a copy and a text decode per field), so one
 * column and one `JSON.parse` read a row in about a third of the time that twelve columns take,
 * and on a server the row costs about what its twelve columns cost.
 */
const PACKED = `json_build_array(global_position::text, tx_id::text, stream_id, version, event_id, event_type,
  schema_version, aggregate_id, aggregate_version, occurred_at, payload, metadata)::text AS event`;

const RECORDSET = `jsonb_to_recordset($2::jsonb) AS e(n bigint, id text, type text, schema_version int,
  aggregate_id text, aggregate_version bigint, occurred_at text, payload jsonb, metadata jsonb)`;

/**
 * The SQL of the event store over `ddd_streams` and `ddd_events`: one statement per append, and
 * reads that never pass an event committed late. Validation, idempotency rules and upcasting live
 * in the store above it. @internal
 */
export class EventsTable {
  private readonly streams: string;
  private readonly events: string;
  private readonly snapshots: string;
  /** The append statements: [batch, single] × [probing the ids first, leaving it to the unique index]. */
  private readonly appendSql: Readonly<
    Record<'batch' | 'single', Record<'probe' | 'index', Record<AppendMode, string>>>
  >;
  private readonly readAllSql: string;
  private readonly pageSql: string;
  private readonly findByIdsSql: string;

  /** @param schema - A validated schema name. */
  constructor(schema: string) {
    this.streams = qualifiedName(schema, 'ddd_streams');
    this.events = qualifiedName(schema, 'ddd_events');
    this.snapshots = qualifiedName(schema, 'ddd_snapshots');
    // The stream row is bumped only when none of the batch's ids is stored yet, so a retry or a
    // reused id writes nothing and the caller sorts it out (in a transaction it raises nothing
    // either; outside one, the unique index refuses it and the statement fails as a whole). The ids are
    // probed one by one through the unique index: `event_id = ANY ($4)`, or a join, can be planned
    // as a scan of the whole table, whose cost grows with every event stored; a LIMIT 1 lateral
    // subquery cannot be flattened into one. A batch comes as
    // one JSON array ($2) with its ids ($4); a single event comes as plain parameters, which
    // spares the JSON record set and the id array (a third of a single append's time on PGlite).
    const bumps = (count: string, fresh: string, expected: string) => ({
      no_stream: `INSERT INTO ${this.streams} (stream_id, version) SELECT $1::text, ${count} WHERE ${fresh}
        ON CONFLICT (stream_id) DO NOTHING RETURNING 0::bigint AS base`,
      exact: `UPDATE ${this.streams} SET version = version + ${count}, updated_at = now()
        WHERE stream_id = $1::text AND version = ${expected} AND deleted IS NULL AND ${fresh}
        RETURNING version - ${count} AS base`,
      stream_exists: `UPDATE ${this.streams} SET version = version + ${count}, updated_at = now()
        WHERE stream_id = $1::text AND deleted IS NULL AND ${fresh} RETURNING version - ${count} AS base`,
      any: `INSERT INTO ${this.streams} AS s (stream_id, version) SELECT $1::text, ${count} WHERE ${fresh}
        ON CONFLICT (stream_id) DO UPDATE SET version = s.version + EXCLUDED.version, updated_at = now()
        WHERE s.deleted IS NULL
        RETURNING s.version - ${count} AS base`,
    });
    // A single event's insert returns one row: the last row of a batch is picked by version.
    const statement = (bumpSql: string, rows: string, last: string) => `WITH bump AS (${bumpSql}),
      ins AS (
        INSERT INTO ${this.events} (stream_id, version, event_id, event_type, schema_version, aggregate_id,
          aggregate_version, occurred_at, payload, metadata)
        ${rows}
        RETURNING version, global_position, tx_id
      )
      SELECT version, global_position::text AS position_text, tx_id::text AS tx_text
      FROM ins${last}`;
    const batchRows = `SELECT $1::text, bump.base + e.n, e.id, e.type, e.schema_version, e.aggregate_id,
          e.aggregate_version, e.occurred_at, e.payload, e.metadata
        FROM bump, ${RECORDSET}
        ORDER BY e.n`;
    const singleRows = `SELECT $1::text, bump.base + 1, $2::text, $3::text, $4::int, $5::text, $6::bigint, $7::text,
          $8::jsonb, $9::jsonb
        FROM bump`;
    // Outside a transaction, the probe can be left to the unique index on event_id: a stored id
    // fails the statement, which then writes nothing (a fifth of a single append's time on PGlite).
    // In a transaction, that failure would abort the caller's transaction: the ids are probed.
    const batchProbe = `NOT EXISTS (SELECT 1 FROM unnest($4::text[]) AS x(id),
        LATERAL (SELECT 1 FROM ${this.events} WHERE event_id = x.id LIMIT 1) AS hit)`;
    const singleProbe = `NOT EXISTS (SELECT 1 FROM ${this.events} WHERE event_id = $2::text)`;
    const modes = ['no_stream', 'exact', 'stream_exists', 'any'] as const;
    const all = (bump: Record<AppendMode, string>, rows: string, last: string) =>
      Object.fromEntries(modes.map((mode) => [mode, statement(bump[mode], rows, last)])) as Record<AppendMode, string>;
    const lastOfBatch = ' ORDER BY version DESC LIMIT 1';
    this.appendSql = {
      batch: {
        probe: all(bumps('$3::bigint', batchProbe, '$5::bigint'), batchRows, lastOfBatch),
        // No id array ($4): the expected version moves up to $4.
        index: all(bumps('$3::bigint', 'TRUE', '$4::bigint'), batchRows, lastOfBatch),
      },
      single: {
        probe: all(bumps('1::bigint', singleProbe, '$10::bigint'), singleRows, ''),
        index: all(bumps('1::bigint', 'TRUE', '$10::bigint'), singleRows, ''),
      },
    };
    // One lookup in the unique index per id (LIMIT 1 keeps the planner from turning the lateral
    // subquery into a join that scans the table, as it does with `= ANY`).
    this.findByIdsSql = `SELECT found.event FROM unnest($1::text[]) AS wanted(id),
      LATERAL (SELECT ${PACKED}, global_position AS pos_order FROM ${this.events}
        WHERE event_id = wanted.id LIMIT 1) AS found
      ORDER BY found.pos_order`;
    // pg_current_snapshot() is stable: every use in the statement sees the same snapshot. Written
    // inline (not in a CTE), and with ORDER BY … LIMIT, so that the planner reads the index in order
    // and stops early instead of scanning the table. `held` is only looked for when the page is short.
    const xmin = 'pg_snapshot_xmin(pg_current_snapshot())';
    this.pageSql = `SELECT ${PACKED} FROM ${this.events}
      WHERE (tx_id, global_position) > ($1::xid8, $2::bigint) AND tx_id < ${xmin}
      ORDER BY tx_id, global_position LIMIT $3`;
    this.readAllSql = `WITH page AS (
        SELECT ${PACKED}, tx_id AS tx_order, global_position AS pos_order FROM ${this.events}
        WHERE (tx_id, global_position) > ($1::xid8, $2::bigint) AND tx_id < ${xmin}
        ORDER BY tx_id, global_position LIMIT $3
      ),
      held AS (
        SELECT CASE WHEN (SELECT count(*) FROM page) >= $3 THEN false ELSE (
          SELECT tx_id FROM ${this.events}
          WHERE (tx_id, global_position) > ($1::xid8, $2::bigint) AND tx_id >= ${xmin}
            AND tx_id IS DISTINCT FROM pg_current_xact_id_if_assigned()
          ORDER BY tx_id, global_position LIMIT 1
        ) IS NOT NULL
          -- Held back by the reader's own transaction: waiting cannot help until it ends.
          AND pg_current_xact_id_if_assigned() IS DISTINCT FROM ${xmin} END AS held
      )
      SELECT held.held, page.event FROM held LEFT JOIN page ON true ORDER BY page.tx_order, page.pos_order`;
  }

  /**
   * Appends a non-empty batch in one statement if the stream matches `expected` and none of the
   * ids is stored; otherwise writes nothing and says so. Safe inside a caller's transaction: a
   * rejection raises no SQL error, even when a concurrent writer of the same ids wins the race.
   */
  async append(
    client: SqlClient,
    streamId: string,
    events: readonly DomainEvent[],
    expected: ExpectedStreamVersion,
  ): Promise<AppendOutcome> {
    const mode: AppendMode = expected === 0 ? 'no_stream' : typeof expected === 'number' ? 'exact' : expected;
    let sql: string;
    let params: unknown[];
    const first = events[0] as DomainEvent;
    const check = isAutocommit(client) ? 'index' : 'probe';
    if (events.length === 1) {
      sql = this.appendSql.single[check][mode];
      params = [
        streamId,
        first.id,
        first.type,
        first.schemaVersion,
        first.aggregateId,
        first.aggregateVersion,
        first.occurredAt,
        checkJsonb(JSON.stringify(first.payload), 'appendToStream', 'events.0.payload'),
        checkJsonb(JSON.stringify(first.metadata), 'appendToStream', 'events.0.metadata'),
      ];
      if (mode === 'exact') params.push(expected);
    } else {
      sql = this.appendSql.batch[check][mode];
      const json = checkJsonb(
        JSON.stringify(
          events.map((event, i) => ({
            n: i + 1,
            id: event.id,
            type: event.type,
            schema_version: event.schemaVersion,
            aggregate_id: event.aggregateId,
            aggregate_version: event.aggregateVersion,
            occurred_at: event.occurredAt,
            payload: event.payload,
            metadata: event.metadata,
          })),
        ),
        'appendToStream',
        'events',
      );
      params =
        check === 'probe'
          ? [streamId, json, events.length, events.map((event) => event.id)]
          : [streamId, json, events.length];
      if (mode === 'exact') params.push(expected);
    }
    type Row = { version: string | number; position_text: string; tx_text: string };
    // The ids are probed one by one, so a generic plan suits a batch of any length too.
    const run = (target: SqlClient) => target.query<Row>(sql, params, PREPARED);
    let rows: readonly Row[];
    try {
      // On a server, a concurrent writer of the same ids can commit between this statement's
      // snapshot and its insert: the insert then fails on the unique id. Inside a transaction the
      // statement runs under a savepoint, so that the failure leaves the transaction usable.
      ({ rows } = isConcurrentTransaction(client) ? await client.transaction(run) : await run(client));
    } catch (error) {
      if (isEventIdConflict(error)) return { kind: 'rejected' };
      throw error;
    }
    const last = rows[0];
    if (last === undefined) return { kind: 'rejected' };
    return {
      kind: 'appended',
      version: Number(last.version),
      lastPosition: encodePosition(last.tx_text, last.position_text),
    };
  }

  /**
   * The stream's version and the position of its last event (0 and 0n when it does not exist),
   * and how it was deleted, if it was.
   */
  async streamState(
    client: SqlClient,
    streamId: string,
    lock = false,
  ): Promise<{ version: number; lastPosition: bigint; deleted?: 'soft' | 'hard' }> {
    const { rows } = await client.query<{
      version: string | number;
      position_text: string | null;
      tx_text: string | null;
      deleted: 'soft' | 'hard' | null;
    }>(
      `SELECT s.version, e.global_position::text AS position_text, e.tx_id::text AS tx_text, s.deleted
       FROM ${this.streams} s
       LEFT JOIN ${this.events} e ON e.stream_id = s.stream_id AND e.version = s.version
       WHERE s.stream_id = $1${lock ? ' FOR UPDATE OF s' : ''}`,
      [streamId],
      PREPARED,
    );
    const row = rows[0];
    if (row === undefined) return { version: 0, lastPosition: 0n };
    const lastPosition =
      row.tx_text === null || row.position_text === null ? 0n : encodePosition(row.tx_text, row.position_text);
    const version = Number(row.version);
    return row.deleted === null ? { version, lastPosition } : { version, lastPosition, deleted: row.deleted };
  }

  /**
   * Deletes a stream in one transaction: locks its row, checks `expected`, removes its events
   * (`'hard'`) and its snapshot (either way: a deleted stream never loads), appends the tombstone
   * and marks the row. Deleting again is a no-op, except that a
   * soft delete can be made hard.
   */
  async deleteStream(
    client: SqlClient,
    streamId: string,
    mode: 'soft' | 'hard',
    expected: ExpectedStreamVersion,
  ): Promise<{ version: number; deleted: 'soft' | 'hard' | undefined }> {
    return client.transaction(async (tx) => {
      const state = await this.streamState(tx, streamId, true);
      if (state.deleted === 'hard' || (state.deleted === 'soft' && mode === 'soft')) {
        return { version: state.version, deleted: state.deleted };
      }
      if (state.deleted === undefined) checkExpectedVersion(streamId, expected, state.version);
      if (state.version === 0) return { version: 0, deleted: undefined };
      const [last] = await this.readStream(tx, streamId, { backwards: true, maxCount: 1 }, true);
      if (mode === 'hard') await tx.query(`DELETE FROM ${this.events} WHERE stream_id = $1`, [streamId]);
      await tx.query(`DELETE FROM ${this.snapshots} WHERE stream_id = $1`, [streamId]);
      await tx.query(`UPDATE ${this.streams} SET deleted = NULL WHERE stream_id = $1`, [streamId]);
      const next = state.version + 1;
      const outcome = await this.append(tx, streamId, [tombstoneOf(last, streamId, next, mode)], state.version);
      if (outcome.kind !== 'appended') throw new Error(`the tombstone of ${streamId} was not appended`);
      await tx.query(`UPDATE ${this.streams} SET deleted = $2 WHERE stream_id = $1`, [streamId, mode]);
      return { version: next, deleted: mode };
    });
  }

  /** A stream's events from `fromVersion` (inclusive), forwards or backwards, at most `maxCount`. */
  /** @throws {@link StreamDeletedError} when the stream was deleted (unless `evenDeleted`). */
  async readStream(
    client: SqlClient,
    streamId: string,
    options: { readonly fromVersion?: number; readonly maxCount?: number; readonly backwards?: boolean },
    evenDeleted = false,
  ): Promise<StoredEvent[]> {
    const backwards = options.backwards === true;
    // One row at least, which says whether the stream was deleted.
    const { rows } = await client.query<{ readonly deleted: 'soft' | 'hard' | null; readonly event: string | null }>(
      `SELECT (SELECT deleted FROM ${this.streams} WHERE stream_id = $1) AS deleted, page.event
       FROM (SELECT 1) AS one LEFT JOIN (
         SELECT ${PACKED}, version AS v FROM ${this.events}
         WHERE stream_id = $1 AND ($2::bigint IS NULL OR version ${backwards ? '<=' : '>='} $2::bigint)
         ORDER BY version ${backwards ? 'DESC' : 'ASC'} LIMIT $3
       ) AS page ON true
       ORDER BY page.v ${backwards ? 'DESC' : 'ASC'}`,
      [streamId, options.fromVersion ?? null, options.maxCount ?? null],
      PREPARED,
    );
    const deleted = rows[0]?.deleted ?? null;
    if (deleted !== null && !evenDeleted) throw new StreamDeletedError(streamId, deleted);
    const events: StoredEvent[] = [];
    for (const { event } of rows) if (event !== null) events.push(toStoredEvent(event));
    return events;
  }

  /** The stored events with these ids, in global order. */
  async findByIds(client: SqlClient, ids: readonly string[]): Promise<StoredEvent[]> {
    const { rows } = await client.query<EventRow>(this.findByIdsSql, [ids]);
    return rows.map((row) => toStoredEvent(row.event));
  }

  /**
   * Events of every stream strictly after `after`, in (transaction, row) order, never past an
   * event that an older, still running transaction could precede: only transactions below the
   * snapshot's xmin are read. When newer committed events are held back that way, it waits up to
   * `waitMs` for the older transactions to end, then returns what is safe.
   */
  async readAll(
    client: SqlClient,
    after: bigint,
    maxCount: number | undefined,
    waitMs: number,
  ): Promise<StoredEvent[]> {
    const from = decodePosition(after);
    if (maxCount !== undefined) {
      // Catching up: a full page needs no look at held-back commits, and this plain query is
      // twice as fast as the one that also looks.
      const { rows } = await client.query<EventRow>(this.pageSql, [from.txId, from.position, maxCount], PREPARED);
      if (rows.length >= maxCount) return rows.map((row) => toStoredEvent(row.event));
    }
    let delay = 2;
    let waited = 0;
    for (;;) {
      // One statement, so one snapshot: the page and whether newer commits are held back agree.
      const { rows } = await client.query<{ readonly event: string | null; readonly held: boolean }>(
        this.readAllSql,
        [from.txId, from.position, maxCount ?? null],
        PREPARED,
      );
      const page: StoredEvent[] = [];
      for (const { event } of rows) if (event !== null) page.push(toStoredEvent(event));
      const held = rows[0]?.held === true;
      if (!held || (maxCount !== undefined && page.length >= maxCount) || waited >= waitMs) return page;
      const pause = Math.min(delay, waitMs - waited);
      await new Promise((resolve) => setTimeout(resolve, pause));
      waited += pause;
      delay = Math.min(delay * 2, 50);
    }
  }
}

/** A unique violation on the event id: another writer stored one of these ids meanwhile. */
function isEventIdConflict(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, constraint, message } = error as { code?: unknown; constraint?: unknown; message?: unknown };
  return (
    code === '23505' &&
    (constraint === 'ddd_events_event_id_uq' ||
      (typeof message === 'string' && message.includes('ddd_events_event_id_uq')))
  );
}

// Rows of one transaction share its id: its shifted value is computed once per run of rows.
let lastTx = '';
let lastTxHigh = 0n;

function toStoredEvent(text: string): StoredEvent {
  const packed = JSON.parse(text) as PackedEvent;
  const txText = packed[1];
  if (txText !== lastTx) {
    lastTx = txText;
    lastTxHigh = encodePosition(txText, 0);
  }
  return {
    id: packed[4],
    type: packed[5],
    schemaVersion: packed[6],
    aggregateId: packed[7],
    aggregateVersion: packed[8],
    occurredAt: packed[9],
    payload: packed[10],
    metadata: packed[11],
    streamId: packed[2],
    version: packed[3],
    globalPosition: lastTxHigh | BigInt(packed[0]),
  };
}
