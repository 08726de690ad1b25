/**
 * Keeps, per subscriber name, the global position of the last event it handled. A durable
 * implementation should save the checkpoint in the same transaction as the read model.
 *
 * @example
 * ```ts
 * const from = (await checkpoints.load('account-balances')) ?? 0n;
 * ```
 */
export interface CheckpointStore {
  /** The last position handled by `name`, or `undefined` when it never ran. */
  load(name: string): Promise<bigint | undefined>;
  /** Records that `name` handled everything up to and including `position`. */
  save(name: string, position: bigint): Promise<void>;
}
