// #region open
import { migrate, openPGlite } from 'tactical-ddd/postgres';

export async function openDatabase() {
  // In memory here; `openPGlite({ dataDir: './data/shop' })` keeps it on disk (and locks the
  // directory), and `connectPg(process.env.DATABASE_URL)` talks to a PostgreSQL server instead.
  const client = await openPGlite();
  await migrate(client, { schema: 'shop' }); // idempotent: run it at every start
  return client;
}

// #endregion open

// #region repository
import { AggregateRoot, defineEvent, type EventOf, type SnapshotMapping, stateStored } from 'tactical-ddd';
import { postgresStore, type SqlClient } from 'tactical-ddd/postgres';
import * as z from 'zod';

const TicketSold = defineEvent('TicketSold', z.object({ seat: z.string() }));
type TicketEvent = EventOf<typeof TicketSold>;

export class Concert extends AggregateRoot<string, { name: string; sold: string[] }, TicketEvent> {
  static plan(id: string, name: string): Concert {
    return new Concert(id, { name, sold: [] });
  }
  static restore(id: string, props: { name: string; sold: string[] }): Concert {
    return new Concert(id, props);
  }
  sell(seat: string): void {
    this.state.sold.push(seat);
    this.raise(TicketSold({ seat }));
  }
}

const ConcertSnapshot = z.strictObject({ name: z.string().min(1), sold: z.array(z.string()) });

const concertMapping: SnapshotMapping<Concert, z.infer<typeof ConcertSnapshot>> = {
  schema: ConcertSnapshot, // checked on every write and every read
  toSnapshot: (concert) => ({ name: concert.props.name, sold: [...concert.props.sold] }),
  fromSnapshot: (snapshot, { id }) => Concert.restore(id, snapshot), // the store sets the version
};

export function concertsIn(client: SqlClient) {
  // Each concert is a validated JSONB document; its events go to ddd_outbox in the same transaction.
  return postgresStore({ client, schema: 'shop', aggregates: { concerts: stateStored('Concert', concertMapping) } });
}

// #endregion repository

// #region unit-of-work
import { EventBus, OutboxRelay } from 'tactical-ddd/cqrs';

export async function sellTwoSeats(client: SqlClient): Promise<string[]> {
  const store = concertsIn(client);
  await store.concerts.save(Concert.plan('concert-1', 'Night at the Opera'));

  await store.transaction(
    async (s) => {
      const concert = await s.concerts.get('concert-1');
      concert.sell('A1');
      concert.sell('A2'); // at commit: the document and both events, in one transaction
    },
    { metadata: { correlationId: 'req-7' } },
  );

  // The relay publishes what the outbox committed, at least once, in order.
  const seats: string[] = [];
  const eventBus = new EventBus();
  eventBus.subscribe(TicketSold, (event) => {
    seats.push(`${event.payload.seat} (${event.metadata.correlationId})`);
  });
  await new OutboxRelay({ outbox: store.outbox as NonNullable<typeof store.outbox>, publisher: eventBus }).drain();
  return seats; // ['A1 (req-7)', 'A2 (req-7)']
}

// #endregion unit-of-work

// #region query
import { spec } from 'tactical-ddd/specification';

export async function soldOut(client: SqlClient): Promise<string[]> {
  const { concerts } = concertsIn(client);
  const big = Concert.plan('concert-2', 'Arena');
  big.sell('B1');
  await concerts.save(big);
  // Runs as SQL over the stored documents, every value a bound parameter.
  const opera = spec.startsWith<Concert>('name', 'Night');
  const found = await concerts.findAll(opera, { orderBy: [{ field: 'name' }], limit: 10 });
  return found.map((concert) => concert.id);
}

// #endregion query

// #region event-store
import { PostgresEventStore } from 'tactical-ddd/postgres';

export async function appendAndFollow(client: SqlClient): Promise<number[]> {
  const store = new PostgresEventStore({ client, schema: 'shop' });
  const sold = (seat: string, version: number) => ({
    ...TicketSold({ seat }),
    id: crypto.randomUUID(),
    aggregateId: 'concert-3',
    aggregateVersion: version,
    occurredAt: new Date().toISOString(),
    metadata: {},
  });
  await store.appendToStream('concert-3', [sold('C1', 1), sold('C2', 2)], { expectedVersion: 'no_stream' });
  // A checkpoint is the last global position handled: readAll never skips an event that commits late.
  const events = await store.readAll({ fromPosition: 0n, maxCount: 100 });
  return events.filter((event) => event.streamId === 'concert-3').map((event) => event.version);
}

// #endregion event-store

// #region snapshots
import { PostgresSnapshotStore } from 'tactical-ddd/postgres';

export async function keepNewestSnapshot(client: SqlClient): Promise<number | undefined> {
  // Give it to an event-sourced kind: `eventSourced({ ..., snapshots: { store: snapshots, every: 100 } })`.
  const snapshots = new PostgresSnapshotStore({ client, schema: 'shop' });
  await snapshots.save({ streamId: 'concert-3', version: 200, schemaVersion: 1, state: { sold: 200 } });
  await snapshots.save({ streamId: 'concert-3', version: 100, schemaVersion: 1, state: { sold: 100 } }); // late: ignored
  return (await snapshots.load('concert-3'))?.version;
}

// #endregion snapshots

// #region process-runs
import {
  type CommandBus,
  defineCommand,
  ProcessManager,
  processInstanceMapping,
  OutboxRelay as Relay,
} from 'tactical-ddd/cqrs';

const SeatingState = z.object({ step: z.enum(['seating', 'seated']) });
const AssignSeat = defineCommand('AssignSeat', z.object({ seat: z.string() }));

export function seatingProcess(client: SqlClient, commandBus: CommandBus) {
  // Each run (state, status, handled event ids, compensations) is a validated JSONB document.
  const store = postgresStore({
    client,
    schema: 'shop',
    aggregates: { seatings: stateStored('Seating', processInstanceMapping(SeatingState)) },
  });
  const process = new ProcessManager({
    name: 'Seating',
    store,
    instances: (s) => s.seatings,
    initialState: (): z.infer<typeof SeatingState> => ({ step: 'seating' }),
  }).startsOn(TicketSold, (event, process) => {
    process.send(AssignSeat({ seat: event.payload.seat })); // in ddd_outbox, with the run's new state
    process.setState({ step: 'seated' });
    process.complete();
  });
  const relay = new Relay({
    outbox: store.outbox as NonNullable<typeof store.outbox>,
    publisher: { publish: async () => {} },
    commands: (command) => commandBus.dispatch(command),
  });
  return { process, relay };
}
// #endregion process-runs

export { AssignSeat };
