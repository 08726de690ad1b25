import type { Redis } from 'ioredis';
import type { PartitionLeases } from '../cqrs/PartitionBalancer.js';

/** Heartbeats a member (`ARGV[1]`) for `ARGV[2]` ms in the sorted set `KEYS[1]`, drops the lapsed, counts the rest. */
const MEMBERS = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 2)
return redis.call('ZCARD', KEYS[1])
`;

/** Takes the lease `KEYS[1]` for `ARGV[1]` (or keeps it when it holds it) for `ARGV[2]` ms: 1 when held. */
const ACQUIRE = `
local owner = redis.call('GET', KEYS[1])
if owner and owner ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', tonumber(ARGV[2]))
return 1
`;

/** Extends each lease in `KEYS` that `ARGV[1]` holds by `ARGV[2]` ms; returns the indexes (1-based) of those it lost. */
const RENEW = `
local lost = {}
for i, key in ipairs(KEYS) do
  if redis.call('GET', key) == ARGV[1] then redis.call('PEXPIRE', key, tonumber(ARGV[2])) else lost[#lost + 1] = i end
end
return lost
`;

/** Deletes the lease `KEYS[1]` if `ARGV[1]` holds it. */
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 0
`;

/**
 * Partition leases in Redis: a key per partition (`<prefix>:lease:<n>`, holding the consumer's
 * name, expiring after `leaseMs` unless renewed) and a sorted set of live consumers
 * (`<prefix>:members`, each scored with when its heartbeat lapses, by Redis's clock). When Redis
 * cannot be reached for half a lease, every lease counts as lost, so a consumer cut off from Redis
 * stops before another one can take its partitions. @internal
 */
export class RedisLeases implements PartitionLeases {
  private renewedAt = Date.now();

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly name: string,
    private readonly leaseMs: number,
  ) {}

  async members(): Promise<number> {
    return Number(await this.redis.call('EVAL', MEMBERS, 1, `${this.prefix}:members`, this.name, this.leaseMs));
  }

  async acquire(partition: number): Promise<boolean> {
    return Number(await this.redis.call('EVAL', ACQUIRE, 1, this.lease(partition), this.name, this.leaseMs)) === 1;
  }

  async renew(held: readonly number[]): Promise<readonly number[]> {
    if (held.length === 0) {
      this.renewedAt = Date.now();
      return [];
    }
    const asked = Date.now();
    try {
      const keys = held.map((partition) => this.lease(partition));
      const lost = (await this.redis.call('EVAL', RENEW, keys.length, ...keys, this.name, this.leaseMs)) as number[];
      this.renewedAt = asked;
      return lost.map((index) => held[index - 1] as number);
    } catch (error) {
      if (Date.now() - this.renewedAt >= this.leaseMs / 2) return held;
      throw error;
    }
  }

  async release(partition: number): Promise<void> {
    await this.redis.call('EVAL', RELEASE, 1, this.lease(partition), this.name);
  }

  /** Leaves the group's members (on stop). */
  async leave(): Promise<void> {
    await this.redis.call('ZREM', `${this.prefix}:members`, this.name);
  }

  private lease(partition: number): string {
    return `${this.prefix}:lease:${partition}`;
  }
}
