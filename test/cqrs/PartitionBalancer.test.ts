import { describe, expect, it } from 'vitest';
import { PartitionBalancer, type PartitionLeases } from '../../src/cqrs/PartitionBalancer.js';
import { waitFor } from '../support/brokers.js';

/** Leases in memory, shared by the balancers of a test: a holder per partition, and the live members. */
class Leases {
  readonly holders = new Map<number, string>();
  readonly members = new Set<string>();

  for(name: string): PartitionLeases {
    return {
      members: async () => {
        this.members.add(name);
        return this.members.size;
      },
      acquire: async (partition) => {
        const holder = this.holders.get(partition);
        if (holder !== undefined && holder !== name) return false;
        this.holders.set(partition, name);
        return true;
      },
      renew: async (held) => held.filter((partition) => this.holders.get(partition) !== name),
      release: async (partition) => {
        if (this.holders.get(partition) === name) this.holders.delete(partition);
      },
    };
  }

  /** What a crash looks like from outside: the member and its leases lapse. */
  expire(name: string): void {
    this.members.delete(name);
    for (const [partition, holder] of this.holders) if (holder === name) this.holders.delete(partition);
  }
}

function balancer(leases: Leases, name: string, partitions = 12, onError: (error: unknown) => void = () => {}) {
  const reading = new Set<number>();
  const log: string[] = [];
  const b = new PartitionBalancer(
    partitions,
    name,
    leases.for(name),
    (partition) => ({
      start: async () => {
        expect(reading.has(partition)).toBe(false);
        reading.add(partition);
        log.push(`+${partition}`);
      },
      stop: async () => {
        reading.delete(partition);
        log.push(`-${partition}`);
      },
    }),
    5,
    onError,
  );
  return { b, reading, log };
}

const sorted = (...lists: (readonly number[])[]) => lists.flat().sort((a, b) => a - b);
const all = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('PartitionBalancer', () => {
  it('shares the partitions evenly among the consumers as they join, one holder each', async () => {
    const leases = new Leases();
    const first = balancer(leases, 'a');
    await first.b.start();
    expect(first.b.owned()).toEqual(all(12)); // alone: it takes them all
    const second = balancer(leases, 'b');
    const third = balancer(leases, 'c');
    await second.b.start();
    await third.b.start();
    const consumers = [first, second, third];
    await waitFor(() => consumers.every(({ b }) => b.owned().length === 4));
    expect(sorted(...consumers.map(({ b }) => b.owned()))).toEqual(all(12));
    // What each one reads is what it holds.
    for (const { b, reading } of consumers) expect([...reading].sort((x, y) => x - y)).toEqual(b.owned());
    for (const { b } of consumers) await b.stop();
    expect(leases.holders.size).toBe(0);
  });

  it('hands a stopped consumer’s partitions to the others, revoked before released', async () => {
    const leases = new Leases();
    const [a, b] = [balancer(leases, 'a', 6), balancer(leases, 'b', 6)];
    await a.b.start();
    await b.b.start();
    await waitFor(() => a.b.owned().length === 3 && b.b.owned().length === 3);
    const held = a.b.owned();
    await a.b.stop();
    leases.members.delete('a');
    expect(a.reading.size).toBe(0);
    await waitFor(() => b.b.owned().length === 6);
    expect(held.every((partition) => b.b.owned().includes(partition))).toBe(true);
    await b.b.stop();
  });

  it('revokes, without releasing, the leases it lost, and the survivors take them', async () => {
    const leases = new Leases();
    const [a, b] = [balancer(leases, 'a', 4), balancer(leases, 'b', 4)];
    await a.b.start();
    await b.b.start();
    await waitFor(() => a.b.owned().length === 2 && b.b.owned().length === 2);
    leases.expire('a');
    leases.holders.set(a.b.owned()[0] as number, 'b-took-it');
    await waitFor(() => a.reading.size <= 1 && b.b.owned().length >= 2);
    // 'a' lost a lease: it stopped reading that partition at once.
    expect(a.log.some((entry) => entry.startsWith('-'))).toBe(true);
    await a.b.stop();
    await b.b.stop();
  });

  it('releases the lease of a partition it could not start, and reports the error', async () => {
    const leases = new Leases();
    const errors: unknown[] = [];
    const b = new PartitionBalancer(
      2,
      'a',
      leases.for('a'),
      () => ({
        start: async () => {
          throw new Error('channel refused');
        },
        stop: async () => {},
      }),
      5,
      (error) => errors.push(error),
    );
    await expect(b.start()).rejects.toThrow('channel refused');
    expect(leases.holders.size).toBe(0);
    expect(b.owned()).toEqual([]);
  });
});
