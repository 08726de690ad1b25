import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { clearTimer, now, setTimer } from '../cqrs/timers.js';

/**
 * The members of one consumer group that are alive, learned from heartbeats on a core NATS
 * subject, and the partitions each owns: the members sorted by name, partition `p` owned by member
 * `p mod n`. Every member computes the same split from the same view; while views differ (a member
 * joined or died a moment ago) two members may both pull a partition, which JetStream keeps safe:
 * each partition's durable consumer has one message in hand at most (`max_ack_pending: 1`).
 * @internal
 */
export class PartitionMembers {
  private readonly lastSeen = new Map<string, number>();
  private subscription: Subscription | undefined;
  private timer: unknown;

  constructor(
    private readonly connection: NatsConnection,
    private readonly subject: string,
    readonly me: string,
    private readonly heartbeatMs: number,
    private readonly timeoutMs: number,
    private readonly onChange: () => void,
  ) {}

  /** Joins: listens to the others, announces itself, and keeps sending heartbeats. */
  async start(): Promise<void> {
    this.lastSeen.set(this.me, now());
    this.subscription = this.connection.subscribe(this.subject, {
      callback: (error, message) => {
        if (error === null) this.receive(message.string());
      },
    });
    this.announce(false);
    await this.connection.flush();
    this.tick();
  }

  /** Leaves: the others take over this member's partitions at once. */
  stop(): void {
    if (this.timer !== undefined) clearTimer(this.timer);
    this.timer = undefined;
    if (!this.connection.isClosed()) this.announce(true);
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    this.lastSeen.clear();
  }

  /** The partitions of `partitions` this member owns in its current view. */
  owned(partitions: number): number[] {
    const members = [...this.lastSeen.keys()].sort();
    const index = members.indexOf(this.me);
    if (index < 0) return [];
    const mine: number[] = [];
    for (let p = index; p < partitions; p += members.length) mine.push(p);
    return mine;
  }

  private tick(): void {
    this.announce(false);
    this.lastSeen.set(this.me, now());
    let changed = false;
    for (const [member, seen] of this.lastSeen) {
      if (member !== this.me && now() - seen > this.timeoutMs) changed = this.lastSeen.delete(member) || changed;
    }
    if (changed) this.onChange();
    this.timer = setTimer(() => this.tick(), this.heartbeatMs);
  }

  private announce(leaving: boolean): void {
    try {
      this.connection.publish(this.subject, JSON.stringify({ member: this.me, ...(leaving ? { leaving } : {}) }));
    } catch {
      // Closed or reconnecting: the next heartbeat tries again.
    }
  }

  private receive(text: string): void {
    let heartbeat: unknown;
    try {
      heartbeat = text.length <= 1024 ? JSON.parse(text) : undefined;
    } catch {
      return; // not one of ours
    }
    if (typeof heartbeat !== 'object' || heartbeat === null) return;
    const { member, leaving } = heartbeat as { member?: unknown; leaving?: unknown };
    if (typeof member !== 'string' || member.length === 0 || member.length > 256 || member === this.me) return;
    if (leaving === true) {
      if (this.lastSeen.delete(member)) this.onChange();
      return;
    }
    const known = this.lastSeen.has(member);
    this.lastSeen.set(member, now());
    if (!known) {
      this.announce(false); // the newcomer learns of this member now rather than a heartbeat later
      this.onChange();
    }
  }
}
