/**
 * One step of an in-memory commit: `check` verifies (synchronously) that a staged write still
 * applies, `apply` makes it visible. When a session commits, every step's `check` runs, then every
 * `apply`, in one synchronous run: so either all writes of the session apply or none does.
 *
 * @example
 * ```ts
 * const step: MemoryCommitStep = { check: () => assertVersion(row, 3), apply: () => rows.set(id, row) };
 * ```
 */
export interface MemoryCommitStep {
  /** Throws (a `ConcurrencyError`, say) to roll the whole session back. */
  check?(): void;
  /** Applies the write. It must not throw. */
  apply(): void;
}

/**
 * The transaction an in-memory store hands to the aggregate stores and participants of a
 * session at commit: they stage their writes with `stage`, and the store applies them all at once.
 * Commits of one store run one at a time, so a check and its apply see the same data.
 *
 * @example
 * ```ts
 * const audit: SessionParticipant<MemoryTransaction> = {
 *   flush: async (tx) => tx.stage({ apply: () => log.push('order confirmed') }),
 * };
 * ```
 */
export interface MemoryTransaction {
  /** The session's id, for logs. */
  readonly id: string;
  /** Stages a write, applied when every participant staged its own and every check passed. */
  stage(step: MemoryCommitStep): void;
}

/**
 * Runs `work` in a new in-memory transaction: every step it stages is checked, then applied, once
 * it resolves; nothing is applied when it throws or a check fails. The transaction's id is made
 * by `makeId` when first read. @internal
 */
export async function runMemoryTransaction<TResult>(
  makeId: () => string,
  work: (tx: MemoryTransaction) => Promise<TResult>,
): Promise<TResult> {
  const tx = new StagedTransaction(makeId);
  const result = await work(tx);
  const { steps } = tx;
  for (const step of steps) step.check?.();
  for (const step of steps) step.apply();
  return result;
}

/** A {@link MemoryTransaction} that collects its steps, and makes its id when first read. */
class StagedTransaction implements MemoryTransaction {
  readonly steps: MemoryCommitStep[] = [];
  private madeId: string | undefined;

  constructor(private readonly makeId: () => string) {}

  get id(): string {
    this.madeId ??= this.makeId();
    return this.madeId;
  }

  stage(step: MemoryCommitStep): void {
    this.steps.push(step);
  }
}
