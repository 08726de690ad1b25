import { CommandBus } from 'tactical-ddd/cqrs';
import type { ClosableSqlClient } from 'tactical-ddd/postgres';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  AssignSeat,
  appendAndFollow,
  keepNewestSnapshot,
  openDatabase,
  seatingProcess,
  sellTwoSeats,
  soldOut,
} from './postgres.js';

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

it('keeps the newest snapshot of a stream', async () => {
  expect(await keepNewestSnapshot(client)).toBe(200);
});

it('keeps process runs in the store, across restarts', async () => {
  const seated: string[] = [];
  const commandBus = new CommandBus().register(AssignSeat, ({ payload }) => void seated.push(payload.seat));
  const sold = {
    id: crypto.randomUUID(),
    type: 'TicketSold',
    schemaVersion: 1,
    aggregateId: 'concert-9',
    aggregateVersion: 1,
    occurredAt: new Date().toISOString(),
    payload: { seat: 'B7' },
    metadata: { correlationId: 'run-1' },
  };
  await seatingProcess(client, commandBus).process.handle(sold);
  const restarted = seatingProcess(client, commandBus);
  await restarted.process.handle(sold); // after a restart, a redelivery is ignored
  await restarted.relay.drain(); // the command was committed with the run: delivered once
  expect(seated).toEqual(['B7']);
});
