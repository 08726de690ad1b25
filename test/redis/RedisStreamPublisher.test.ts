import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { RedisStreamPublisher } from '../../src/redis/index.js';
import { shipped } from '../support/brokers.js';

/** A client double: loads the script, and forgets it once (as after a Redis restart). */
function forgetfulRedis() {
  const calls: string[] = [];
  let loads = 0;
  let forgotten = false;
  const call = async (command: string, ...args: unknown[]) => {
    calls.push(command);
    if (command === 'SCRIPT') return `sha-${++loads}`;
    if (command === 'EVALSHA' && args[0] === 'sha-1' && calls.filter((c) => c === 'EVALSHA').length === 2) {
      forgotten = true;
    }
    if (command === 'EVALSHA' && forgotten && args[0] === 'sha-1') throw new Error('NOSCRIPT No matching script');
    return '1-0';
  };
  const pipeline = () => {
    const queued: unknown[][] = [];
    const chain = {
      call: (...args: unknown[]) => {
        queued.push(args);
        return chain;
      },
      exec: async () =>
        Promise.all(
          queued.map(async ([command, ...args]) => {
            try {
              return [null, await call(command as string, ...args)];
            } catch (error) {
              return [error, null];
            }
          }),
        ),
    };
    return chain;
  };
  return { redis: { call, pipeline } as unknown as Redis, calls };
}

describe('RedisStreamPublisher script cache', () => {
  it('loads its script once, and again when Redis lost it, without appending twice', async () => {
    const { redis, calls } = forgetfulRedis();
    const publisher = new RedisStreamPublisher({ redis, stream: 'orders' });
    await publisher.publish(shipped('a'));
    await publisher.publish(shipped('b')); // Redis forgets the script here
    await publisher.publishBatch([shipped('c'), shipped('d')]);
    expect(calls).toEqual(['SCRIPT', 'EVALSHA', 'EVALSHA', 'SCRIPT', 'EVALSHA', 'EVALSHA', 'EVALSHA']);
  });
});
