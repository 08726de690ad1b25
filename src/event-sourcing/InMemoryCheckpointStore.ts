import type { CheckpointStore } from './CheckpointStore.js';

/**
 * A {@link CheckpointStore} in memory.
 *
 * @example
 * ```ts
 * const checkpoints = new InMemoryCheckpointStore();
 * await checkpoints.save('account-balances', 42n);
 * await checkpoints.load('account-balances'); // 42n
 * ```
 */
export class InMemoryCheckpointStore implements CheckpointStore {
  private readonly positions = new Map<string, bigint>();

  async load(name: string): Promise<bigint | undefined> {
    return this.positions.get(name);
  }

  async save(name: string, position: bigint): Promise<void> {
    this.positions.set(name, position);
  }
}
