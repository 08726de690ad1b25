import { partitionOf } from '../core/partitionOf.js';
import { clearTimer, setTimer } from './timers.js';

/**
 * How a broker adapter tells who is alive and who holds which partition: a lease per partition,
 * held by at most one consumer of the group at a time. @internal
 */
export interface PartitionLeases {
  /** Announces this consumer as alive and counts the live consumers of the group, itself included. */
  members(): Promise<number>;
  /** Takes the lease of a free partition: `true` when this consumer holds it now. */
  acquire(partition: number): Promise<boolean>;
  /** Extends the leases this consumer holds; resolves with those it lost meanwhile. */
  renew(held: readonly number[]): Promise<readonly number[]>;
  /** Gives a lease back (after its partition stopped being consumed). */
  release(partition: number): Promise<void>;
}

/** The reading of one partition, as the balancer starts and stops it. @internal */
export interface PartitionReader {
  start(): Promise<void>;
  /** Stops reading, waiting for the messages in hand (their acks included). */
  stop(): Promise<void>;
}

/**
 * Shares `partitions` partitions among the live consumers of a group: every `intervalMs` each
 * consumer renews its leases, counts the live consumers, gives back what it holds beyond its fair
 * share (`ceil(partitions / consumers)`: stopping the partition before releasing its lease, so the
 * next holder starts where it stopped) and takes free leases up to that share, starting from a
 * partition that depends on its name so that consumers starting together try different ones.
 * A consumer that dies stops renewing: its leases lapse (or vanish with its connection) and the
 * others take them on their next round. @internal
 */
export class PartitionBalancer {
  /** The partitions held, with their readers. */
  private readonly held = new Map<number, PartitionReader>();
  private readonly first: number;
  private timer: unknown;
  private round: Promise<void> | undefined;
  private running = false;

  constructor(
    private readonly partitions: number,
    name: string,
    private readonly leases: PartitionLeases,
    /** Makes the reader of a partition whose lease this consumer just took. */
    private readonly reader: (partition: number) => PartitionReader | Promise<PartitionReader>,
    private readonly intervalMs: number,
    private readonly onError: (error: unknown) => void,
  ) {
    this.first = partitionOf(name, partitions);
  }

  /** The partitions this consumer holds now, in ascending order. */
  owned(): readonly number[] {
    return [...this.held.keys()].sort((a, b) => a - b);
  }

  /** Runs a first round now (so `start` fails when the broker cannot be reached), then one every `intervalMs`. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.rebalance();
    } catch (error) {
      this.running = false;
      throw error;
    }
    this.schedule();
  }

  /** Stops balancing, stops every partition held and releases its lease. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer !== undefined) clearTimer(this.timer);
    this.timer = undefined;
    await this.round;
    for (const partition of this.owned()) await this.giveBack(partition);
  }

  /**
   * Forgets every partition without releasing its lease (they vanished with the connection, say):
   * each is revoked, and the next round takes leases again.
   */
  async drop(): Promise<void> {
    for (const partition of this.owned()) await this.revoke(partition);
  }

  private schedule(): void {
    if (!this.running) return;
    this.timer = setTimer(() => {
      this.timer = undefined;
      this.round = this.rebalance()
        .catch((error: unknown) => this.onError(error))
        .finally(() => {
          this.round = undefined;
          this.schedule();
        });
    }, this.intervalMs);
  }

  private async rebalance(): Promise<void> {
    for (const partition of await this.leases.renew(this.owned())) await this.revoke(partition);
    const share = Math.ceil(this.partitions / Math.max(1, await this.leases.members()));
    for (const partition of this.owned().slice(share)) await this.giveBack(partition);
    for (let i = 0; i < this.partitions && this.held.size < share && this.running; i++) {
      const partition = (this.first + i) % this.partitions;
      if (this.held.has(partition) || !(await this.leases.acquire(partition))) continue;
      try {
        const reader = await this.reader(partition);
        this.held.set(partition, reader);
        await reader.start();
      } catch (error) {
        await this.giveBack(partition);
        throw error;
      }
    }
  }

  private async revoke(partition: number): Promise<void> {
    const reader = this.held.get(partition);
    this.held.delete(partition);
    try {
      await reader?.stop();
    } catch (error) {
      this.onError(error);
    }
  }

  private async giveBack(partition: number): Promise<void> {
    await this.revoke(partition);
    try {
      await this.leases.release(partition);
    } catch (error) {
      this.onError(error);
    }
  }
}
