/**
 * Where the keys of data subjects live, one 256-bit key per subject: the port a
 * {@link CryptoShredder} encrypts personal fields with. `InMemoryKeyStore` and the PostgreSQL
 * adapter's `PostgresKeyStore` implement it; a key management service (KMS) can too.
 *
 * Rules: `keyFor` makes a subject's key once, and every caller, even racing ones, gets that same
 * key; `forget` deletes it for good and is idempotent; a forgotten subject gets no new key.
 *
 * @example
 * ```ts
 * const keys: KeyStore = new InMemoryKeyStore();
 * const key = await keys.keyFor('0192f7c4-7e3a-7b1e-9a57-3c1d2e4f5a6b'); // 32 bytes
 * ```
 */
export interface KeyStore {
  /**
   * Returns the subject's key (32 bytes), making and keeping it on first use.
   *
   * @param subjectId - The data subject's id.
   * @returns The key.
   * @throws {@link SubjectForgottenError} when the subject was forgotten.
   */
  keyFor(subjectId: string): Promise<Uint8Array>;
  /**
   * Returns the keys of the subjects that have one; forgotten and unknown subjects are left out.
   *
   * @param subjectIds - The subjects' ids.
   * @returns Their keys, by subject id.
   */
  findKeys(subjectIds: readonly string[]): Promise<ReadonlyMap<string, Uint8Array>>;
  /**
   * Deletes the subject's key for good, so that what it sealed can never be read again;
   * forgetting a subject again, or one that never had a key, does nothing more.
   *
   * @param subjectId - The data subject's id.
   */
  forget(subjectId: string): Promise<void>;
  /**
   * The same key store working in a transaction of the event store that uses it (optional): an
   * event store bound to a transaction (`withClient(tx)`) binds its key store too, which
   * single-connection databases (PGlite) need.
   *
   * @param tx - The event store's transaction (a `SqlClient` bound to it, for PostgreSQL).
   * @returns The key store working through `tx`, or this one when it stays apart.
   */
  through?(tx: unknown): KeyStore;
}
