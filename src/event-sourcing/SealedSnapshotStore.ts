import { ValidationError } from '../core/ValidationError.js';
import type { CryptoShredder } from './CryptoShredder.js';
import type { SnapshotStore, StoredSnapshot } from './SnapshotStore.js';

/**
 * The options of a {@link SealedSnapshotStore}.
 *
 * @example
 * ```ts
 * const options: SealedSnapshotStoreOptions = {
 *   store: new InMemorySnapshotStore(),
 *   shredder,
 *   subject: (snapshot) => (snapshot.state as { customerId: string }).customerId,
 * };
 * ```
 */
export interface SealedSnapshotStoreOptions {
  /** Where the sealed snapshots are kept. */
  readonly store: SnapshotStore;
  /** The shredder whose key store holds the subjects' keys. */
  readonly shredder: CryptoShredder;
  /** The data subject whose personal data a snapshot holds; `undefined` keeps it in clear. */
  subject(snapshot: StoredSnapshot): string | undefined;
}

/**
 * A {@link SnapshotStore} that seals each snapshot's whole state with its data subject's key
 * before it reaches the store below, and opens it on load. Once the subject is forgotten its
 * snapshots load as missing, so the aggregate is replayed from its events (whose personal fields
 * then read as `null`): an aggregate state holding personal data never outlives the key.
 *
 * @example
 * ```ts
 * const snapshots = new SealedSnapshotStore({
 *   store: new PostgresSnapshotStore({ client }),
 *   shredder,
 *   subject: (snapshot) => (snapshot.state as { customerId: string }).customerId,
 * });
 * const customers = eventSourced({ name: 'Customer', create: Customer.empty, snapshots: { store: snapshots, every: 50 } });
 * ```
 */
export class SealedSnapshotStore implements SnapshotStore {
  private readonly options: SealedSnapshotStoreOptions;

  /**
   * @param options - The store below, the shredder and the subject of a snapshot.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} when one of them is missing.
   */
  constructor(options: SealedSnapshotStoreOptions) {
    if (typeof options?.store?.load !== 'function' || typeof options.subject !== 'function') {
      throw ValidationError.of(
        'SealedSnapshotStore',
        'store',
        'required',
        'a SealedSnapshotStore needs a store and subject',
      );
    }
    this.options = options;
  }

  /**
   * Loads and opens the latest snapshot of a stream.
   *
   * @param streamId - The stream.
   * @returns The snapshot, or `undefined` when there is none or its subject was forgotten.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} when the sealed state is malformed or tampered with.
   */
  async load(streamId: string): Promise<StoredSnapshot | undefined> {
    const stored = await this.options.store.load(streamId);
    if (stored === undefined) return undefined;
    const opened = await this.options.shredder.openValue(stored.state, contextOf(stored));
    return opened === undefined ? undefined : { ...stored, state: opened.value };
  }

  /**
   * Seals the snapshot's state with its subject's key and saves it.
   *
   * @param snapshot - The snapshot.
   * @throws {@link SubjectForgottenError} when its subject was forgotten (nothing is saved).
   */
  async save(snapshot: StoredSnapshot): Promise<void> {
    const subject = this.options.subject(snapshot);
    if (subject === undefined) return this.options.store.save(snapshot);
    const state = await this.options.shredder.sealValue(subject, snapshot.state, contextOf(snapshot));
    return this.options.store.save({ ...snapshot, state });
  }
}

/** A sealed state opens only as the snapshot of the same stream, version and shape. */
const contextOf = (snapshot: StoredSnapshot): string =>
  `snapshot/${snapshot.streamId}/${snapshot.version}/${snapshot.schemaVersion}`;
