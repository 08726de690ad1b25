import type { ClosableSqlClient } from 'tactical-ddd/postgres';
import { afterAll, expect, it } from 'vitest';
import { openDatabase, sellTwoSeats } from './postgres.js';

let client: ClosableSqlClient | undefined;
afterAll(async () => {
  await client?.close();
});

it('saves state and events together, and relays the events', async () => {
  client = await openDatabase();
  expect(await sellTwoSeats(client)).toEqual(['A1 (req-7)', 'A2 (req-7)']);
}, 60_000);
