import type { ClosableSqlClient } from 'tactical-ddd/postgres';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { appendAndFollow, openDatabase, sellTwoSeats, soldOut } from './postgres.js';

let client: ClosableSqlClient;
beforeAll(async () => {
  client = await openDatabase();
}, 60_000);
afterAll(async () => {
  await client.close();
});

it('saves state and events together, and relays the events', async () => {
  expect(await sellTwoSeats(client)).toEqual(['A1 (req-7)', 'A2 (req-7)']);
});

it('finds aggregates with a specification run as SQL', async () => {
  expect(await soldOut(client)).toEqual(['concert-1']);
});

it('appends to and reads from the event store', async () => {
  expect(await appendAndFollow(client)).toEqual([1, 2]);
});
