/** One step of the library's database schema. @internal */
export interface Migration {
  /** Its number: applied in increasing order, each once per schema. */
  readonly version: number;
  readonly name: string;
  /** Its statements, given the quoted, schema-qualified name of a table. */
  readonly statements: (table: (name: string) => string) => readonly string[];
}

/**
 * The library's schema, in order. Never edit a released step: add a new one. @internal
 */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'state-stored aggregates',
    statements: (table) => [
      `CREATE TABLE ${table('ddd_aggregates')} (
        aggregate_type TEXT COLLATE "C" NOT NULL,
        id             TEXT COLLATE "C" NOT NULL,
        version        BIGINT NOT NULL CHECK (version >= 1),
        data           JSONB NOT NULL,
        updated_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
        PRIMARY KEY (aggregate_type, id)
      )`,
    ],
  },
  {
    version: 2,
    name: 'event store',
    statements: (table) => [
      `CREATE TABLE ${table('ddd_streams')} (
        stream_id  TEXT COLLATE "C" PRIMARY KEY,
        version    BIGINT NOT NULL CHECK (version >= 0),
        updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
      )`,
      // tx_id: the writing transaction, so that readers never pass an event that commits late.
      // No foreign key to ddd_streams: events are only written by the statement that bumps their
      // stream row, and a per-row trigger would cost more than the append itself on PGlite.
      // occurred_at is TEXT: the event's ISO string comes back exactly as it was appended.
      `CREATE TABLE ${table('ddd_events')} (
        global_position   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        tx_id             XID8 NOT NULL DEFAULT pg_current_xact_id(),
        stream_id         TEXT COLLATE "C" NOT NULL,
        version           BIGINT NOT NULL CHECK (version >= 1),
        event_id          TEXT COLLATE "C" NOT NULL,
        event_type        TEXT NOT NULL,
        schema_version    INT NOT NULL,
        aggregate_id      TEXT NOT NULL,
        aggregate_version BIGINT NOT NULL,
        occurred_at       TEXT NOT NULL,
        payload           JSONB NOT NULL,
        metadata          JSONB NOT NULL,
        recorded_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
        CONSTRAINT ddd_events_stream_version_uq UNIQUE (stream_id, version),
        CONSTRAINT ddd_events_event_id_uq UNIQUE (event_id)
      )`,
      `CREATE INDEX ddd_events_tx_pos_idx ON ${table('ddd_events')} (tx_id, global_position)`,
      // A subscriber's checkpoint: an event store position (a bigint that can exceed 64 bits).
      `CREATE TABLE ${table('ddd_checkpoints')} (
        name       TEXT COLLATE "C" PRIMARY KEY,
        position   NUMERIC(40, 0) NOT NULL CHECK (position >= 0),
        updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
      )`,
    ],
  },
  {
    version: 3,
    name: 'outbox and inbox',
    statements: (table) => [
      // payload holds the whole event envelope; message_id is the event id (consumers dedupe on it).
      `CREATE TABLE ${table('ddd_outbox')} (
        id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        message_id    TEXT COLLATE "C" NOT NULL,
        topic         TEXT NOT NULL,
        partition_key TEXT NOT NULL,
        payload       JSONB NOT NULL,
        enqueued_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
        attempts      INT NOT NULL DEFAULT 0,
        available_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
        published_at  TIMESTAMPTZ,
        last_error    TEXT,
        CONSTRAINT ddd_outbox_message_id_uq UNIQUE (message_id)
      )`,
      `CREATE INDEX ddd_outbox_pending_idx ON ${table('ddd_outbox')} (id) WHERE published_at IS NULL`,
      `CREATE TABLE ${table('ddd_inbox')} (
        consumer    TEXT COLLATE "C" NOT NULL,
        message_id  TEXT COLLATE "C" NOT NULL,
        received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, message_id)
      )`,
    ],
  },
  {
    version: 4,
    name: 'outbox leases',
    statements: (table) => [
      // A relay leases the rows it publishes (until leased_until, under lease_token) in a short
      // statement, publishes outside any transaction, then marks them; a crashed relay's lease expires.
      `ALTER TABLE ${table('ddd_outbox')} ADD COLUMN leased_until TIMESTAMPTZ, ADD COLUMN lease_token TEXT`,
    ],
  },
  {
    version: 5,
    name: 'snapshots',
    statements: (table) => [
      // The newest snapshot of each stream; data holds the state only. A cache: losing a row
      // costs a longer replay, so there is no foreign key to ddd_streams.
      `CREATE TABLE ${table('ddd_snapshots')} (
        stream_id      TEXT COLLATE "C" PRIMARY KEY,
        version        BIGINT NOT NULL CHECK (version >= 1),
        schema_version INT NOT NULL CHECK (schema_version >= 1),
        data           JSONB NOT NULL,
        updated_at     TIMESTAMPTZ NOT NULL DEFAULT now()
      )`,
    ],
  },
  {
    version: 6,
    name: 'outbox per-aggregate claims',
    statements: (table) => [
      // A claim in per-aggregate order looks for an earlier unpublished row of the same aggregate.
      `CREATE INDEX ddd_outbox_pending_key_idx ON ${table('ddd_outbox')} (partition_key, id) WHERE published_at IS NULL`,
    ],
  },
  {
    version: 7,
    name: 'outbox scheduled messages',
    statements: (table) => [
      // A scheduled message waits (waiting = true) until due_at, out of the claims' indexes, then
      // a claim takes it into the commit order: waiting = false and a new id. due_at stays, to tell.
      `ALTER TABLE ${table('ddd_outbox')} ADD COLUMN due_at TIMESTAMPTZ, ADD COLUMN waiting BOOLEAN NOT NULL DEFAULT false`,
      `CREATE INDEX ddd_outbox_waiting_idx ON ${table('ddd_outbox')} (due_at, id) WHERE waiting`,
      `DROP INDEX ${table('ddd_outbox_pending_idx')}`,
      `CREATE INDEX ddd_outbox_pending_idx ON ${table('ddd_outbox')} (id) WHERE published_at IS NULL AND NOT waiting`,
      `DROP INDEX ${table('ddd_outbox_pending_key_idx')}`,
      `CREATE INDEX ddd_outbox_pending_key_idx ON ${table('ddd_outbox')} (partition_key, id) WHERE published_at IS NULL AND NOT waiting`,
    ],
  },
  {
    version: 8,
    name: 'crypto-shredding keys and stream deletion',
    statements: (table) => [
      // One AES-256 key per data subject; forgetting a subject sets key to NULL and keeps the row,
      // so that no new key is ever made for it. The old row version stays on disk until VACUUM.
      `CREATE TABLE ${table('ddd_subject_keys')} (
        subject_id   TEXT COLLATE "C" PRIMARY KEY,
        key          BYTEA CHECK (key IS NULL OR octet_length(key) = 32),
        created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
        forgotten_at TIMESTAMPTZ,
        CHECK ((key IS NULL) = (forgotten_at IS NOT NULL))
      )`,
      // A deleted stream refuses appends: 'soft' keeps its events, 'hard' removed them.
      `ALTER TABLE ${table('ddd_streams')} ADD COLUMN deleted TEXT CHECK (deleted IN ('soft', 'hard'))`,
    ],
  },
];
