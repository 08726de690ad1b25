import { checkSubjectId } from './checkSubjectId.js';
import type { KeyStore } from './KeyStore.js';
import { SubjectForgottenError } from './SubjectForgottenError.js';
import { web } from './webCrypto.js';

/**
 * A {@link KeyStore} in memory, for tests and prototypes: keys are random 32-byte values made with
 * WebCrypto, and a forgotten subject is remembered as forgotten (its key bytes overwritten).
 *
 * @example
 * ```ts
 * const shredder = new CryptoShredder({ registry: accountEvents, keys: new InMemoryKeyStore() });
 * ```
 */
export class InMemoryKeyStore implements KeyStore {
  /** A key, or `null` once its subject was forgotten. */
  private readonly keys = new Map<string, Uint8Array | null>();

  /**
   * Returns the subject's key, making it on first use.
   *
   * @param subjectId - The data subject's id.
   * @returns A copy of its 32-byte key.
   * @throws {@link SubjectForgottenError} when the subject was forgotten.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} when `subjectId` is not a valid subject id.
   */
  async keyFor(subjectId: string): Promise<Uint8Array> {
    checkSubjectId('InMemoryKeyStore', subjectId);
    let key = this.keys.get(subjectId);
    if (key === null) throw new SubjectForgottenError(subjectId);
    if (key === undefined) {
      key = web.crypto.getRandomValues(new Uint8Array(32));
      this.keys.set(subjectId, key);
    }
    return key.slice();
  }

  /**
   * @param subjectIds - The subjects' ids.
   * @returns The keys of those that have one.
   */
  async findKeys(subjectIds: readonly string[]): Promise<ReadonlyMap<string, Uint8Array>> {
    const found = new Map<string, Uint8Array>();
    for (const subjectId of subjectIds) {
      const key = this.keys.get(subjectId);
      if (key !== undefined && key !== null) found.set(subjectId, key.slice());
    }
    return found;
  }

  /**
   * @param subjectId - The data subject's id.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} when `subjectId` is not a valid subject id.
   */
  async forget(subjectId: string): Promise<void> {
    checkSubjectId('InMemoryKeyStore', subjectId);
    this.keys.get(subjectId)?.fill(0);
    this.keys.set(subjectId, null);
  }
}
