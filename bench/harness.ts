/**
 * The benchmark harness: a workload is a named set of contenders doing the same job, one of them
 * the hand-written `baseline`. Each contender's function performs `opsPerCall` operations per call
 * (a loop over prepared inputs), so the timer's own cost does not flatten the ratios.
 */
export interface Contender {
  readonly name: string;
  /** One call: synchronous, or a promise for I/O workloads (a database round trip). */
  readonly fn: () => void | Promise<void>;
  /** Prepares the next call, outside the timed window (refills a table the call empties). */
  readonly beforeEach?: () => Promise<void>;
}

export interface Workload {
  /** A stable name, such as `core/value-object.create`. */
  readonly name: string;
  /** How many operations one call of each contender performs. */
  readonly opsPerCall: number;
  /** The hand-written code every ratio is relative to. */
  readonly baseline: Contender;
  readonly contenders: readonly Contender[];
  /** Minimum ratio to the baseline that a contender must reach, by contender name. */
  readonly targets?: Readonly<Record<string, number>>;
  /**
   * Minimum ratio to another contender (a peer library) that a contender must reach: by contender
   * name, then by peer name. `{ Money: { 'currency.js': 1 } }` means at least as fast as currency.js.
   */
  readonly peerTargets?: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** The fewest calls to measure per contender (tinybench's default: 64); lower it for slow calls. */
  readonly iterations?: number;
  /** Prepares what the contenders need (a database, its data) before they are measured. */
  readonly setup?: () => Promise<void>;
  /** Releases what `setup` took, after measuring (also when measuring failed). */
  readonly teardown?: () => Promise<void>;
}

export const defineWorkload = (workload: Workload): Workload => workload;

/**
 * A figure that is not a speed, such as the memory a store holds per event: `measure` returns it
 * (smaller is better) and `max` is its target, checked by `--check` like the ratios.
 */
export interface Measurement {
  /** A stable name, such as `event-sourcing/memory per stored event`. */
  readonly name: string;
  /** What the figure counts, such as `B/event`. */
  readonly unit: string;
  /** The figures, by contender; each is measured once. */
  readonly contenders: readonly { readonly name: string; readonly measure: () => Promise<number> }[];
  /** The largest figure a contender may report, by contender name. */
  readonly max?: Readonly<Record<string, number>>;
}

export const defineMeasurement = (measurement: Measurement): Measurement => measurement;

/** A place to put results so the engine cannot drop the work that made them. */
export const sink: { value: unknown } = { value: undefined };
