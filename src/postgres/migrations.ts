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
];
