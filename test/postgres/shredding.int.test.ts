import { afterAll, beforeAll, describe } from 'vitest';
import type { ClosableSqlClient } from '../../src/postgres/index.js';
import { RedisStreamPublisher } from '../../src/redis/RedisStreamPublisher.js';
import { redisAvailable } from '../support/brokers.js';
import { useRedisStream } from '../support/redisStream.js';
import { pgServer, serverAvailable } from './fixtures.js';
import { shreddingSuite } from './shreddingSuite.js';

const available = (await serverAvailable()) && (await redisAvailable());

describe.runIf(available)('on a PostgreSQL server, relaying to Redis Streams', () => {
  let client: ClosableSqlClient;
  beforeAll(async () => {
    client = await pgServer.open();
  });
  afterAll(async () => {
    await client.close();
  });
  const redis = useRedisStream('shredding');
  shreddingSuite(
    () => client,
    () => ({
      publisher: new RedisStreamPublisher({ redis: redis.redis, stream: redis.stream }),
      // Every field of every entry, as Redis holds it.
      messages: async () => (await redis.redis.xrange(redis.stream, '-', '+')).flatMap(([, fields]) => fields),
    }),
  );
});
