import type { ConfirmChannel } from 'amqplib';
import type { PartitionLeases } from '../cqrs/PartitionBalancer.js';
import type { AmqpLink } from './AmqpLink.js';

/**
 * Partition leases on RabbitMQ alone, with no plugin: the lease of partition `n` is the exclusive
 * queue `<queue>.lock.<n>`, which only one connection can declare and which vanishes with that
 * connection (so a consumer that dies frees its partitions at once); the live consumers are the
 * consumers of the queue `<queue>.members`, to which each consumer subscribes when it connects
 * (it receives nothing). @internal
 */
export class AmqpLeases implements PartitionLeases {
  constructor(
    private readonly link: AmqpLink,
    private readonly queue: string,
  ) {}

  /** The queue whose consumers are the group's live consumers. */
  get membersQueue(): string {
    return `${this.queue}.members`;
  }

  /** Declares the members queue and subscribes to it (on each new connection). */
  static async join(channel: ConfirmChannel, membersQueue: string): Promise<void> {
    await channel.assertQueue(membersQueue, MEMBERS);
    await channel.consume(membersQueue, () => undefined, { noAck: true });
  }

  async members(): Promise<number> {
    const channel = await this.link.channel();
    return (await channel.assertQueue(this.membersQueue, MEMBERS)).consumerCount;
  }

  async acquire(partition: number): Promise<boolean> {
    // A failed exclusive declare (RESOURCE_LOCKED: another connection holds it) closes its channel.
    const channel = await this.link.createChannel();
    try {
      await channel.assertQueue(this.lock(partition), { exclusive: true, durable: false, autoDelete: false });
    } catch (error) {
      if (isLocked(error)) return false;
      throw error;
    }
    await channel.close().catch(() => undefined);
    return true;
  }

  /** The locks live as long as the connection: nothing to renew, and none lost while it is up. */
  async renew(): Promise<readonly number[]> {
    return [];
  }

  async release(partition: number): Promise<void> {
    const channel = await this.link.channel();
    await channel.deleteQueue(this.lock(partition));
  }

  private lock(partition: number): string {
    return `${this.queue}.lock.${partition}`;
  }
}

/** The members queue: non-durable (it holds no messages), removed after an hour without consumers. */
const MEMBERS = { durable: false, arguments: { 'x-expires': 3_600_000 } } as const;

function isLocked(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 405;
}
