import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  CommandBus,
  defineCommand,
  EventBus,
  OutboxRelay,
  ProcessInstance,
  ProcessManager,
  processInstanceMapping,
} from '../../src/cqrs/index.js';
import { type DomainEvent, defineEvent, stateStored, ValidationError } from '../../src/index.js';
import { migrate, postgresStore, type SqlClient } from '../../src/postgres/index.js';
import { freshSchema } from './fixtures.js';

const FulfilmentState = z.strictObject({
  orderId: z.string(),
  step: z.enum(['reserving', 'reserved', 'released']),
});
type FulfilmentState = z.infer<typeof FulfilmentState>;

const OrderConfirmed = defineEvent('OrderConfirmed', z.object({ sku: z.string() }));
const PaymentFailed = defineEvent('PaymentFailed', z.object({ reason: z.string() }));
const ReserveStock = defineCommand('ReserveStock', z.object({ orderId: z.string(), sku: z.string() }));
const ReleaseStock = defineCommand('ReleaseStock', z.object({ orderId: z.string(), sku: z.string() }));

const event = (type: string, payload: unknown, correlationId: string): DomainEvent => ({
  id: randomUUID(),
  type,
  schemaVersion: 1,
  aggregateId: correlationId,
  aggregateVersion: 1,
  occurredAt: '2026-01-01T00:00:00.000Z',
  payload,
  metadata: { correlationId },
});

/**
 * Process manager runs in a Postgres store through processInstanceMapping, on any backend.
 * `kill` ends the session's database connection in the middle of a commit (the server), when the
 * backend can.
 */
export function processInstanceSuite(client: () => SqlClient, kill?: (tx: SqlClient) => Promise<void>): void {
  describe('processInstanceMapping', () => {
    const schema = freshSchema();
    beforeAll(async () => {
      await migrate(client(), { schema });
    });
    afterAll(async () => {
      await client().query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    });
    const store = () =>
      postgresStore({
        client: client(),
        schema,
        aggregates: { runs: stateStored('OrderFulfilment', processInstanceMapping(FulfilmentState)) },
      });
    const runs = () => store().runs;

    it('round-trips a run: state, status, handled ids, compensations, with and without a reason', async () => {
      const id = randomUUID();
      const release = ReleaseStock({ orderId: 'o-1', sku: 'A' }, { metadata: { correlationId: id } });
      const run = ProcessInstance.start<FulfilmentState>('OrderFulfilment', id, { orderId: 'o-1', step: 'reserving' });
      run.record('event-1', {
        state: { orderId: 'o-1', step: 'reserved' },
        status: 'running',
        compensations: [release],
        reason: undefined,
      });
      await runs().save(run);
      const loaded = await runs().getById(id);
      expect(loaded).toBeInstanceOf(ProcessInstance);
      expect(loaded.version).toBe(1);
      expect(loaded.props).toEqual({
        process: 'OrderFulfilment',
        state: { orderId: 'o-1', step: 'reserved' },
        status: 'running',
        handled: ['event-1'],
        compensations: [{ type: 'ReleaseStock', id: release.id, payload: release.payload, metadata: release.metadata }],
      });
      expect('reason' in loaded.props).toBe(false);
      expect(loaded.hasHandled('event-1')).toBe(true);

      loaded.record('event-2', {
        state: { orderId: 'o-1', step: 'released' },
        status: 'compensated',
        compensations: [],
        reason: 'payment failed',
      });
      await runs().save(loaded);
      const compensated = await runs().getById(id);
      expect(compensated.version).toBe(2);
      expect(compensated.props).toMatchObject({
        status: 'compensated',
        reason: 'payment failed',
        handled: ['event-1', 'event-2'],
        compensations: [],
      });
    });

    it.each<[string, (doc: Record<string, unknown>) => unknown, string, string]>([
      ['an unknown status', (doc) => ({ ...doc, status: 'paused' }), 'status', 'invalid_value'],
      ['a state its schema refuses', (doc) => ({ ...doc, state: { orderId: 'o' } }), 'state.step', 'invalid_value'],
      ['a handled id that is not a string', (doc) => ({ ...doc, handled: [7] }), 'handled.0', 'invalid_type'],
      [
        'a compensation without a type',
        (doc) => ({ ...doc, compensations: [{ id: 'c', payload: {}, metadata: {} }] }),
        'compensations.0.type',
        'invalid_type',
      ],
      ['a reason that is not a string', (doc) => ({ ...doc, reason: 42 }), 'reason', 'invalid_type'],
      ['a missing process name', ({ process: _, ...doc }) => doc, 'process', 'invalid_type'],
      ['an unknown key', (doc) => ({ ...doc, stauts: 'running' }), '', 'unrecognized_keys'],
    ])('refuses a stored document with %s, naming the field', async (_, spoil, field, rule) => {
      const id = randomUUID();
      const good = {
        process: 'OrderFulfilment',
        state: { orderId: 'o', step: 'reserving' },
        status: 'running',
        handled: [],
        compensations: [],
      };
      await client().query(
        `INSERT INTO "${schema}".ddd_aggregates (aggregate_type, id, version, data) VALUES ('OrderFulfilment', $1, 1, $2::jsonb)`,
        [id, JSON.stringify(spoil(good))],
      );
      const error = await runs()
        .findById(id)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ subject: 'OrderFulfilment snapshot', field, rule });
    });

    it('refuses to save a run whose state its schema refuses, writing nothing', async () => {
      const id = randomUUID();
      const run = ProcessInstance.start('OrderFulfilment', id, { orderId: 'o', step: 'lost' } as never);
      await expect(runs().save(run)).rejects.toMatchObject({ name: 'ValidationError', field: 'state.step' });
      expect(await runs().findById(id)).toBeUndefined();
    });

    /** A process manager over the store, and a relay delivering its commands to a command bus. */
    const boot = (sent: string[], crash?: { at: string }) => {
      const app = store();
      const commandBus = new CommandBus()
        .register(ReserveStock, ({ payload }) => void sent.push(`reserve ${payload.sku}`))
        .register(ReleaseStock, ({ payload }) => void sent.push(`release ${payload.sku}`));
      const manager = new ProcessManager({
        name: 'OrderFulfilment',
        store: app,
        instances: (s) => s.runs,
        initialState: (): FulfilmentState => ({ orderId: '', step: 'reserving' }),
      })
        .startsOn(OrderConfirmed, (confirmed, process) => {
          const ref = { orderId: confirmed.aggregateId, sku: confirmed.payload.sku };
          process.send(ReserveStock(ref), { compensation: ReleaseStock(ref) });
          process.setState({ orderId: confirmed.aggregateId, step: 'reserved' });
          if (crash?.at === confirmed.type && kill !== undefined) process.session.join({ flush: kill });
          else if (crash?.at === confirmed.type)
            process.session.join({ flush: () => Promise.reject(new Error('crash')) });
        })
        .on(PaymentFailed, (failed, process) => {
          process.compensate(failed.payload.reason);
          process.setState({ ...process.state, step: 'released' });
        });
      const outbox = app.outbox;
      if (outbox === undefined) throw new Error('the store has an outbox');
      const relay = new OutboxRelay({ outbox, publisher: new EventBus(), commands: (c) => commandBus.dispatch(c) });
      return { manager, relay, outbox };
    };
    const pendingOf = async (app: ReturnType<typeof boot>, correlationId: string) =>
      (await app.outbox.messages()).filter(
        (m) =>
          m.kind === 'command' && m.command.metadata.correlationId === correlationId && m.publishedAt === undefined,
      );

    it('lets a ProcessManager carry on after a restart, ignoring a redelivered event', async () => {
      const sent: string[] = [];
      const correlationId = randomUUID();
      const confirmed = event('OrderConfirmed', { sku: 'A' }, correlationId);
      const first = boot(sent);
      await first.manager.handle(confirmed);
      expect(sent).toEqual([]); // the command waits in the outbox until the relay delivers it
      await first.relay.drain();
      expect(sent).toEqual(['reserve A']);

      const restarted = boot(sent); // a new process manager over the same tables
      await restarted.manager.handle(confirmed); // redelivered: ignored
      await restarted.relay.drain();
      expect(sent).toEqual(['reserve A']);
      await restarted.manager.handle(event('PaymentFailed', { reason: 'card declined' }, correlationId));
      await restarted.relay.drain();
      expect(sent).toEqual(['reserve A', 'release A']); // the compensation stored before the restart
      const run = await runs().getById(correlationId);
      expect(run.props).toMatchObject({
        state: { orderId: correlationId, step: 'released' },
        status: 'compensated',
        reason: 'card declined',
        compensations: [],
      });
      expect(run.props.handled).toHaveLength(2);
      expect(run.version).toBe(2);
    });

    it('leaves run, commands and events consistent when its commit dies between two writes, then recovers once', async () => {
      const sent: string[] = [];
      const correlationId = randomUUID();
      const confirmed = event('OrderConfirmed', { sku: 'B' }, correlationId);
      // The run's row is written, then the connection dies (or the commit fails) before the outbox row.
      const crashing = boot(sent, { at: 'OrderConfirmed' });
      await expect(crashing.manager.handle(confirmed)).rejects.toThrow();
      expect(await runs().findById(correlationId)).toBeUndefined();
      expect(await pendingOf(crashing, correlationId)).toEqual([]);

      // After the restart, the redelivered event starts the run once, with its command.
      const restarted = boot(sent);
      await restarted.manager.handle(confirmed);
      await restarted.manager.handle(confirmed);
      expect((await pendingOf(restarted, correlationId)).map((m) => m.kind === 'command' && m.command.type)).toEqual([
        'ReserveStock',
      ]);
      await restarted.relay.drain();
      expect(sent).toEqual(['reserve B']);
      expect((await runs().getById(correlationId)).props).toMatchObject({ status: 'running', handled: [confirmed.id] });
    });
  });
}
