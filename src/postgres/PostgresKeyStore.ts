import { checkSubjectId } from '../event-sourcing/checkSubjectId.js';
import type { KeyStore } from '../event-sourcing/KeyStore.js';
import { SubjectForgottenError } from '../event-sourcing/SubjectForgottenError.js';
import type { SqlClient } from './SqlClient.js';
import { qualifiedName, sqlIdentifier } from './sqlIdentifier.js';

/**
 * The options of a {@link PostgresKeyStore}.
 *
 * @example
 * ```ts
 * const options: PostgresKeyStoreOptions = { client: keysClient, schema: 'keys' };
 * ```
 */
export interface PostgresKeyStoreOptions {
  /**
   * The database holding `ddd_subject_keys`. Keep it apart from the events where you can (another
   * database, backed up on its own schedule): a backup that holds both the events and the keys
   * can bring a forgotten subject's data back.
   */
  readonly client: SqlClient;
  /** The schema {@link migrate} created the tables in; default `'public'`. */
  readonly schema?: string;
  /**
   * Runs its statements in the transaction of the event store using it (default `true`): the
   * keys then live in the events' database, and a key made for a commit that rolls back goes
   * with it; PGlite, with its one connection, needs it. Set `false` when `client` is another
   * database.
   */
  readonly joinTransactions?: boolean;
}

const PREPARED = { prepare: true } as const;

/**
 * A {@link "tactical-ddd/event-sourcing".KeyStore | KeyStore} in PostgreSQL (`ddd_subject_keys`): one random 256-bit key per
 * data subject, made once even when sessions race to make it (the losers read the winner's key),
 * and a forgotten subject's row kept with its key set to `NULL`, so that no new key is ever made
 * for it. Keys are made with WebCrypto's random source.
 *
 * PostgreSQL keeps the old row version (with the key) until `VACUUM` reclaims it, and in its
 * write-ahead log and backups: run `VACUUM ddd_subject_keys` after forgetting, and let backups
 * age out, before telling a subject its data is unreadable.
 *
 * @example
 * ```ts
 * const keys = new PostgresKeyStore({ client });
 * const shredder = new CryptoShredder({ registry: customerEvents, keys });
 * await shredder.forget(customerId);
 * ```
 */
export class PostgresKeyStore implements KeyStore {
  private readonly options: PostgresKeyStoreOptions;
  private readonly client: SqlClient;
  private readonly table: string;

  /**
   * @param options - The client and the schema.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} when `schema` is not a plain SQL identifier.
   */
  constructor(options: PostgresKeyStoreOptions) {
    this.options = options;
    this.client = options.client;
    this.table = qualifiedName(
      sqlIdentifier(options.schema ?? 'public', 'PostgresKeyStoreOptions', 'schema'),
      'ddd_subject_keys',
    );
  }

  /**
   * Returns the subject's key, making it on first use (one statement when it exists).
   *
   * @param subjectId - The data subject's id.
   * @returns Its 32-byte key.
   * @throws {@link "tactical-ddd/event-sourcing".SubjectForgottenError | SubjectForgottenError} when the subject was forgotten.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} when `subjectId` is not a valid subject id.
   */
  async keyFor(subjectId: string): Promise<Uint8Array> {
    checkSubjectId('PostgresKeyStore', subjectId);
    const found = await this.read(subjectId);
    if (found !== undefined) return this.usable(subjectId, found);
    const made = globalThis.crypto.getRandomValues(new Uint8Array(32));
    const { rows } = await this.client.query<{ key: string }>(
      `INSERT INTO ${this.table} (subject_id, key) VALUES ($1, decode($2, 'base64'))
       ON CONFLICT (subject_id) DO NOTHING RETURNING encode(key, 'base64') AS key`,
      [subjectId, toBase64(made)],
    );
    if (rows.length > 0) return made;
    // Another session made it first: its row is committed now, and this statement sees it.
    const winner = await this.read(subjectId);
    if (winner === undefined) throw new Error(`the key of ${subjectId} vanished while it was made`);
    return this.usable(subjectId, winner);
  }

  /**
   * @param subjectIds - The subjects' ids.
   * @returns The keys of those that have one (forgotten and unknown subjects are left out).
   */
  async findKeys(subjectIds: readonly string[]): Promise<ReadonlyMap<string, Uint8Array>> {
    const found = new Map<string, Uint8Array>();
    if (subjectIds.length === 0) return found;
    const { rows } = await this.client.query<{ subject_id: string; key: string }>(
      `SELECT subject_id, encode(key, 'base64') AS key FROM ${this.table}
       WHERE subject_id = ANY ($1::text[]) AND key IS NOT NULL`,
      [subjectIds],
      PREPARED,
    );
    for (const row of rows) found.set(row.subject_id, fromBase64(row.key));
    return found;
  }

  /**
   * Deletes the subject's key and remembers the subject as forgotten; idempotent.
   *
   * @param subjectId - The data subject's id.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} when `subjectId` is not a valid subject id.
   */
  async forget(subjectId: string): Promise<void> {
    checkSubjectId('PostgresKeyStore', subjectId);
    await this.client.query(
      `INSERT INTO ${this.table} AS k (subject_id, key, forgotten_at) VALUES ($1, NULL, now())
       ON CONFLICT (subject_id) DO UPDATE SET key = NULL, forgotten_at = COALESCE(k.forgotten_at, now())`,
      [subjectId],
    );
  }

  /**
   * This key store working through `tx` (a client bound to the event store's transaction), or
   * itself with `joinTransactions: false`.
   *
   * @param tx - The client bound to the transaction.
   * @returns The bound key store.
   */
  through(tx: unknown): PostgresKeyStore {
    if (this.options.joinTransactions === false) return this;
    return new PostgresKeyStore({ ...this.options, client: tx as SqlClient });
  }

  /** The subject's stored key: base64 text, `null` once forgotten, `undefined` when it has no row. */
  private async read(subjectId: string): Promise<string | null | undefined> {
    const { rows } = await this.client.query<{ key: string | null }>(
      `SELECT encode(key, 'base64') AS key FROM ${this.table} WHERE subject_id = $1`,
      [subjectId],
      PREPARED,
    );
    return rows[0]?.key;
  }

  private usable(subjectId: string, key: string | null): Uint8Array {
    if (key === null) throw new SubjectForgottenError(subjectId);
    return fromBase64(key);
  }
}

const toBase64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
const fromBase64 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'base64'));
