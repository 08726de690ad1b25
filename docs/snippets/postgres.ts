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
import { AggregateRoot, defineEvent, type EventOf } from 'tactical-ddd';
import { PostgresOutbox, PostgresRepository, type SnapshotMapping, type SqlClient } from 'tactical-ddd/postgres';
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
  fromSnapshot: (snapshot, { id }) => Concert.restore(id, snapshot), // the repository sets the version
};

export function concertsIn(client: SqlClient) {
  const outbox = new PostgresOutbox({ client, schema: 'shop' });
  const concerts = new PostgresRepository({ client, schema: 'shop', name: 'Concert', mapping: concertMapping, outbox });
  return { concerts, outbox };
}

// #endregion repository

// #region unit-of-work
import { EventBus, OutboxRelay } from 'tactical-ddd/cqrs';
import { PostgresUnitOfWork } from 'tactical-ddd/postgres';

export async function sellTwoSeats(client: SqlClient): Promise<string[]> {
  const { concerts, outbox } = concertsIn(client);
  await concerts.save(Concert.plan('concert-1', 'Night at the Opera'));

  const unitOfWork = new PostgresUnitOfWork({ client });
  await unitOfWork.run(
    async (tx) => {
      const concert = await concerts.withTransaction(tx).getById('concert-1');
      concert.sell('A1');
      concert.sell('A2');
      await concerts.withTransaction(tx).save(concert); // state and both events commit together
    },
    { metadata: { correlationId: 'req-7' } },
  );

  // The relay publishes what the outbox committed, at least once, in order.
  const seats: string[] = [];
  const eventBus = new EventBus();
  eventBus.subscribe(TicketSold, (event) => {
    seats.push(`${event.payload.seat} (${event.metadata.correlationId})`);
  });
  await new OutboxRelay({ outbox, publisher: eventBus }).drain();
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
  // Give it to an EventSourcedRepository: `snapshots: { store: snapshots, every: 100 }`.
  const snapshots = new PostgresSnapshotStore({ client, schema: 'shop' });
  await snapshots.save({ streamId: 'concert-3', version: 200, schemaVersion: 1, state: { sold: 200 } });
  await snapshots.save({ streamId: 'concert-3', version: 100, schemaVersion: 1, state: { sold: 100 } }); // late: ignored
  return (await snapshots.load('concert-3'))?.version;
}

// #endregion snapshots

// #region process-runs
import { type CommandBus, defineCommand, ProcessManager } from 'tactical-ddd/cqrs';
import { processInstanceMapping } from 'tactical-ddd/postgres';

const SeatingState = z.object({ step: z.enum(['seating', 'seated']) });
const AssignSeat = defineCommand('AssignSeat', z.object({ seat: z.string() }));

export function seatingProcess(client: SqlClient, commandBus: CommandBus) {
  // Each run (state, status, handled event ids, compensations) is a validated JSONB document.
  const runs = new PostgresRepository({
    client,
    schema: 'shop',
    name: 'Seating',
    mapping: processInstanceMapping(SeatingState),
  });
  return new ProcessManager<z.infer<typeof SeatingState>>({
    name: 'Seating',
    repository: runs,
    commandBus,
    initialState: () => ({ step: 'seating' }),
  }).startsOn(TicketSold, async (event, process) => {
    await process.send(AssignSeat({ seat: event.payload.seat }));
    process.setState({ step: 'seated' });
    process.complete();
  });
}
// #endregion process-runs

export { AssignSeat };
