import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { redisUrl, uniqueName } from './brokers.js';

/**
 * Opens a Redis client for the file's tests and names one stream of their own; afterwards deletes
 * that stream and its dead-letter stream and closes the client.
 */
export function useRedisStream(prefix: string): { readonly redis: Redis; readonly stream: string } {
  const context = { redis: undefined as unknown as Redis, stream: uniqueName(prefix) };
  beforeAll(() => {
    context.redis = new Redis(redisUrl);
  });
  afterAll(async () => {
    await context.redis.del(context.stream, `${context.stream}:dead-letter`);
    context.redis.disconnect();
  });
  return context;
}
