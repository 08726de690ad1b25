import { afterAll, beforeAll, describe } from 'vitest';
import { encodeMessage } from '../../src/cqrs/messageEnvelope.js';
import type { ClosableSqlClient } from '../../src/postgres/index.js';
import { pgliteMemory } from './fixtures.js';
import { shreddingSuite } from './shreddingSuite.js';

describe('on PGlite in memory', () => {
  let client: ClosableSqlClient;
  beforeAll(async () => {
    client = await pgliteMemory.open();
  }, 60_000);
  afterAll(async () => {
    await client.close();
  });
  // An in-process broker that keeps what it receives as the wire envelope a broker would carry.
  const sent: string[] = [];
  shreddingSuite(
    () => client,
    () => ({
      publisher: { publish: async (event) => void sent.push(encodeMessage(event)) },
      messages: async () => sent,
    }),
  );
});
