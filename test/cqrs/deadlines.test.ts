import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import {
  defineCommand,
  EventBus,
  OutboxRelay,
  ProcessEndedError,
  type ProcessHandler,
  ProcessManager,
} from '../../src/cqrs/index.js';
import {
  type DomainEvent,
  defineEvent,
  type EventOf,
  InMemoryOutbox,
  inMemoryStore,
  type OutboxCommand,
  stateStored,
  ValidationError,
} from '../../src/index.js';
import { FixedClock } from '../../src/testing/index.js';
import { caught } from '../support/caught.js';
import {
  bootPaymentSaga,
  checkoutEvent,
  OrderPlaced,
  OrderShipped,
  PAYMENT_WINDOW_MS,
  PaymentDeadlinePassed,
  PaymentReceived,
  type PaymentState,
  paymentRuns,
} from '../support/paymentSaga.js';

const Remind = defineCommand('Remind', z.object({ n: z.int() }));
const MINUTE = 60_000;

function setup() {
  const clock = new FixedClock('2026-06-01T12:00:00.000Z');
  const outbox = new InMemoryOutbox({ clock });
  const store = inMemoryStore({ outbox, aggregates: { runs: stateStored('PaymentWindow', paymentRuns) } });
  const delivered: OutboxCommand[] = [];
  const relay = new OutboxRelay({
    outbox,
    publisher: { publish: async () => undefined },
    commands: async (command) => void delivered.push(command),
  });
  const at = (minutes: number) => new Date(clock.now().getTime() + minutes * MINUTE);
  return { clock, outbox, store, delivered, relay, at };
}

describe('Session.schedule and cancel (in memory)', () => {
  it('keeps a scheduled command out of sight until due, then delivers it once', async () => {
    const { clock, outbox, store, delivered, relay, at } = setup();
    const id = await store.transaction((s) => s.schedule(at(10), Remind({ n: 1 })));
    expect(outbox.scheduled.map((m) => [m.id, m.availableAt, m.dueAt])).toEqual([
      [id, '2026-06-01T12:10:00.000Z', '2026-06-01T12:10:00.000Z'],
    ]);
    expect(outbox.pending).toEqual([]);
    expect(await relay.drain()).toBe(0);
    expect(await outbox.nextDueIn()).toBe(10 * MINUTE);
    clock.advance(10 * MINUTE - 1);
    expect(await relay.drain()).toBe(0);
    clock.advance(1);
    expect(await outbox.nextDueIn()).toBe(0);
    expect(await relay.drain()).toBe(1);
    expect(await relay.drain()).toBe(0);
    expect(delivered.map((c) => [c.id, c.payload])).toEqual([[id, { n: 1 }]]);
    expect(await outbox.nextDueIn()).toBeUndefined();
  });

  it('holds back nothing: messages committed after a scheduled one go out at once, the scheduled one when due', async () => {
    const { clock, store, delivered, relay, at } = setup();
    await store.transaction((s) => {
      s.schedule(at(5), Remind({ n: 1 }));
      s.send(Remind({ n: 2 }));
    });
    await store.transaction((s) => s.send(Remind({ n: 3 })));
    await relay.drain();
    expect(delivered.map((c) => c.payload)).toEqual([{ n: 2 }, { n: 3 }]);
    clock.advance(5 * MINUTE);
    await store.transaction((s) => s.schedule(at(-1), Remind({ n: 4 }))); // already past: due at once
    await relay.drain();
    // Due ones join the commit order when they fall due, earliest first.
    expect(delivered.map((c) => c.payload)).toEqual([{ n: 2 }, { n: 3 }, { n: 4 }, { n: 1 }]);
  });

  it('never delivers a message cancelled before it fell due, nor one scheduled and cancelled in one session', async () => {
    const { clock, outbox, store, delivered, relay, at } = setup();
    const first = await store.transaction((s) => s.schedule(at(10), Remind({ n: 1 })));
    await store.transaction((s) => {
      const second = s.schedule(at(10), Remind({ n: 2 }));
      s.cancel(second);
    });
    clock.advance(5 * MINUTE);
    await store.transaction((s) => {
      s.cancel(first);
      s.cancel(first); // twice is harmless
      s.cancel('no-such-message');
    });
    expect(outbox.scheduled).toEqual([]);
    clock.advance(60 * MINUTE);
    expect(await relay.drain()).toBe(0);
    expect(delivered).toEqual([]);
    expect(outbox.messages).toEqual([]);
  });

  it('keeps the cancellation only when its session commits', async () => {
    const { clock, store, delivered, relay, at } = setup();
    const id = await store.transaction((s) => s.schedule(at(1), Remind({ n: 1 })));
    const boom = new Error('rolled back');
    await expect(
      store.transaction((s) => {
        s.cancel(id);
        throw boom;
      }),
    ).rejects.toBe(boom);
    clock.advance(MINUTE);
    expect(await relay.drain()).toBe(1);
    expect(delivered.map((c) => c.id)).toEqual([id]);
  });

  it('refuses a bad due time with a ValidationError naming the rule, and stores nothing', async () => {
    const { outbox, store, at } = setup();
    const cases: [unknown, string][] = [
      ['2026-06-01T12:10:00.000Z', 'invalid_type'],
      [Date.now() + MINUTE, 'invalid_type'],
      [undefined, 'invalid_type'],
      [new Date('not a date'), 'invalid_date'],
      [new Date(-1), 'too_early'],
      [new Date(Date.now() + 101 * 365.25 * 86_400_000), 'too_far'],
      [new Date(8.64e15), 'too_far'],
    ];
    for (const [due, rule] of cases) {
      const error = await caught(() => store.transaction((s) => s.schedule(due as Date, Remind({ n: 1 }))));
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues).toMatchObject([{ field: 'at', rule }]);
    }
    for (const message of [null, {}, { type: 'Remind', id: '', metadata: {} }]) {
      const error = await caught(() => store.transaction((s) => s.schedule(at(1), message as OutboxCommand)));
      expect(error).toBeInstanceOf(ValidationError);
    }
    const error = await caught(() => store.transaction((s) => s.cancel('' as string)));
    expect((error as ValidationError).issues).toMatchObject([{ field: 'messageId', rule: 'required' }]);
    expect(outbox.scheduled).toEqual([]);
    expect(outbox.messages).toEqual([]);
  });

  it('refuses to schedule on a store without an outbox', async () => {
    const store = inMemoryStore({ outbox: false, aggregates: {} });
    const error = await caught(() => store.transaction((s) => s.schedule(new Date(), Remind({ n: 1 }))));
    expect((error as ValidationError).issues).toMatchObject([{ field: 'outbox', rule: 'no_outbox' }]);
  });

  it('schedules an event too: published to the event bus when due', async () => {
    const { clock, outbox, store, at } = setup();
    const event: DomainEvent = { ...checkoutEvent(OrderPlaced, 'c-1'), id: 'reminder-1' };
    await store.transaction((s) => s.schedule(at(1), event), { metadata: { traceId: 't-1' } });
    const published: DomainEvent[] = [];
    const relay = new OutboxRelay({ outbox, publisher: { publish: async (e) => void published.push(e) } });
    clock.advance(MINUTE);
    await relay.drain();
    expect(published).toMatchObject([{ id: 'reminder-1', metadata: { correlationId: 'c-1', traceId: 't-1' } }]);
  });
});

describe('OutboxRelay wakes up for the next due message', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sleeps until the earliest due time instead of its poll interval', async () => {
    vi.useFakeTimers();
    const { clock, store, delivered, at } = setup();
    const relay = new OutboxRelay({
      outbox: store.outbox,
      publisher: { publish: async () => undefined },
      commands: async (command) => void delivered.push(command),
      pollIntervalMs: 60 * MINUTE,
    });
    await store.transaction((s) => s.schedule(at(2), Remind({ n: 1 })));
    relay.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(delivered).toEqual([]);
    // Both clocks move two minutes: the relay's timer fires, far before its hourly poll.
    clock.advance(2 * MINUTE);
    await vi.advanceTimersByTimeAsync(2 * MINUTE);
    expect(delivered.map((c) => c.payload)).toEqual([{ n: 1 }]);
    // With nothing scheduled it sleeps its poll interval: no timer fires meanwhile.
    expect(vi.getTimerCount()).toBe(1);
    await relay.stop();
  });
});

describe('ProcessManager deadlines (in memory)', () => {
  function saga() {
    const clock = new FixedClock('2026-06-01T12:00:00.000Z');
    const outbox = new InMemoryOutbox({ clock });
    const store = inMemoryStore({ outbox, aggregates: { runs: stateStored('PaymentWindow', paymentRuns) } });
    return { clock, outbox, store, ...bootPaymentSaga(store, (s) => s.runs, clock) };
  }

  it('fires the deadline when the payment does not come: the order is cancelled and the run ends', async () => {
    const { clock, store, eventBus, relay, log } = saga();
    await eventBus.publish(checkoutEvent(OrderPlaced, 'c-1'));
    const running = await store.runs.getById('c-1');
    expect(running.deadlines).toHaveLength(1);
    clock.advance(PAYMENT_WINDOW_MS - 1);
    await relay.drain();
    expect(log.commands).toEqual([]);
    clock.advance(1);
    expect(await relay.drain()).toBe(2); // the deadline, then the CancelOrder it sent
    const ended = await store.runs.getById('c-1');
    expect(ended.props).toMatchObject({ status: 'completed', state: { step: 'expired' } });
    expect(ended.props.deadlines).toBeUndefined();
    expect(ended.props.handled).toContain(running.deadlines[0]);
    expect(log.commands.map((c) => [c.type, c.payload, c.metadata.correlationId])).toEqual([
      ['CancelOrder', { orderId: 'order-c-1', reason: 'payment deadline passed' }, 'c-1'],
    ]);
  });

  it('never delivers a deadline the run cancelled (payment in time)', async () => {
    const { clock, outbox, store, eventBus, relay, log } = saga();
    await eventBus.publish(checkoutEvent(OrderPlaced, 'c-2'));
    clock.advance(PAYMENT_WINDOW_MS - MINUTE);
    await eventBus.publish(checkoutEvent(PaymentReceived, 'c-2'));
    expect(outbox.scheduled).toEqual([]);
    expect((await store.runs.getById('c-2')).props).toMatchObject({ status: 'running', state: { step: 'paid' } });
    clock.advance(60 * MINUTE);
    expect(await relay.drain()).toBe(0);
    expect(log).toEqual({ commands: [], stale: [] });
  });

  it('cancels the deadlines still to come when the run ends', async () => {
    const { clock, outbox, store, eventBus, relay } = saga();
    await eventBus.publish(checkoutEvent(OrderPlaced, 'c-3'));
    await eventBus.publish(checkoutEvent(OrderShipped, 'c-3')); // completes without cancelling
    expect(outbox.scheduled).toEqual([]);
    expect((await store.runs.getById('c-3')).props.deadlines).toBeUndefined();
    clock.advance(60 * MINUTE);
    expect(await relay.drain()).toBe(0);
  });

  it('drops a deadline cancelled while on its way, and lets the handler ignore a stale one', async () => {
    const { clock, outbox, store, eventBus, manager, relay, log } = saga();
    await eventBus.publish(checkoutEvent(OrderPlaced, 'c-4'));
    clock.advance(PAYMENT_WINDOW_MS);
    // The relay has already claimed the deadline when the payment is handled and cancels it:
    let deadline: DomainEvent | undefined;
    await outbox.publishPending(async (message) => {
      if (message.kind === 'event') deadline = message.event;
      await eventBus.publish(checkoutEvent(PaymentReceived, 'c-4'));
    });
    expect(deadline?.type).toBe(PaymentDeadlinePassed.type);
    // ... so when it arrives the run no longer expects it: the manager drops it unseen.
    await manager.handle(deadline as DomainEvent);
    expect(log.stale).toEqual([]);
    expect((await store.runs.getById('c-4')).props).toMatchObject({ status: 'running', state: { step: 'paid' } });

    // A run that moved on without cancelling: the deadline reaches the handler, which checks the state.
    const runs = store.runs;
    const moved = await runs.getById('c-4');
    await eventBus.publish(checkoutEvent(OrderPlaced, 'c-5'));
    const waiting = await runs.getById('c-5');
    await store.transaction(async (s) => {
      const run = await s.runs.get('c-5');
      run.record('manual', { ...run.props, state: { orderId: 'order-c-5', step: 'paid' }, reason: undefined });
    });
    clock.advance(PAYMENT_WINDOW_MS);
    await relay.drain();
    expect(log.stale).toEqual(waiting.deadlines);
    expect(log.commands).toEqual([]);
    expect(moved.props.status).toBe('running');
  });

  /** A process manager whose runs start on `OrderPlaced` with `onStart`. */
  function starting(name: string, onStart: ProcessHandler<EventOf<typeof OrderPlaced>, PaymentState>) {
    const clock = new FixedClock('2026-06-01T12:00:00.000Z');
    const outbox = new InMemoryOutbox({ clock });
    const store = inMemoryStore({ outbox, aggregates: { runs: stateStored(name, paymentRuns) } });
    const manager = new ProcessManager({
      name,
      store,
      instances: (s) => s.runs,
      initialState: (): PaymentState => ({ orderId: '', step: 'awaiting-payment' }),
    }).startsOn(OrderPlaced, onStart);
    return { clock, outbox, store, manager };
  }

  it('refuses to schedule once the handler ended the run, and commits nothing', async () => {
    const { outbox, store, manager } = starting('Late', (event, process) => {
      process.complete();
      process.schedule(new Date(), PaymentDeadlinePassed({ orderId: event.payload.orderId }));
    });
    const error = await caught(() => manager.handle(checkoutEvent(OrderPlaced, 'c-6')));
    expect(error).toBeInstanceOf(ProcessEndedError);
    expect(error).toMatchObject({
      code: 'cqrs.process_ended',
      process: 'Late',
      correlationId: 'c-6',
      status: 'completed',
    });
    expect(await store.runs.findById('c-6')).toBeUndefined();
    expect(outbox.scheduled).toEqual([]);
  });

  it('marks only the deadline: what its handler publishes reaches the process as an ordinary event', async () => {
    const Escalated = defineEvent('Escalated', z.object({ orderId: z.string() }));
    const { clock, store, manager, outbox } = starting('Escalation', (event, process) => {
      process.schedule(new Date('2026-06-01T12:01:00.000Z'), PaymentDeadlinePassed({ orderId: event.payload.orderId }));
    });
    manager
      .on(PaymentDeadlinePassed, (_event, process) => process.publish(checkoutEvent(Escalated, process.correlationId)))
      .on(Escalated, (_event, process) => {
        process.setState({ ...process.state, step: 'expired' });
        process.complete();
      });
    const eventBus = new EventBus();
    manager.subscribe(eventBus);
    await manager.handle(checkoutEvent(OrderPlaced, 'c-8'));
    clock.advance(MINUTE);
    const relay = new OutboxRelay({ outbox, publisher: eventBus });
    expect(await relay.drain()).toBe(2);
    expect((await store.runs.getById('c-8')).props).toMatchObject({ status: 'completed', state: { step: 'expired' } });
  });

  it('refuses a bad due time from a handler with a ValidationError, and commits nothing', async () => {
    let due: unknown;
    const { store, manager } = starting('Bad', (event, process) => {
      process.schedule(due as Date, PaymentDeadlinePassed({ orderId: event.payload.orderId }));
    });
    for (const [value, rule] of [
      [new Date(Number.NaN), 'invalid_date'],
      ['tomorrow', 'invalid_type'],
      [new Date(Date.now() + 200 * 365 * 86_400_000), 'too_far'],
    ] as const) {
      due = value;
      const error = await caught(() => manager.handle(checkoutEvent(OrderPlaced, 'c-7')));
      expect((error as ValidationError).issues).toMatchObject([{ field: 'at', rule }]);
    }
    expect(await store.runs.findById('c-7')).toBeUndefined();
  });
});

describe('deadline law (model-based)', () => {
  it('delivers each scheduled message exactly once, never before it is due, unless cancelled while waiting', async () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('schedule' as const), inMinutes: fc.integer({ min: -5, max: 30 }) }),
      fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('advance' as const), minutes: fc.integer({ min: 0, max: 20 }) }),
      fc.constant({ kind: 'drain' as const }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 40 }), async (ops) => {
        const { clock, store, delivered, relay, at } = setup();
        const model = new Map<string, { due: number; state: 'waiting' | 'cancelled' | 'delivered' }>();
        const ids: string[] = [];
        let n = 0;
        for (const step of ops) {
          if (step.kind === 'schedule') {
            const id = await store.transaction((s) => s.schedule(at(step.inMinutes), Remind({ n: n++ })));
            ids.push(id);
            model.set(id, { due: at(step.inMinutes).getTime(), state: 'waiting' });
          } else if (step.kind === 'cancel' && ids.length > 0) {
            const id = ids[step.pick % ids.length] as string;
            await store.transaction((s) => s.cancel(id));
            const entry = model.get(id);
            // Only one the relay has not taken yet: it is taken once due and a drain ran.
            if (entry?.state === 'waiting') entry.state = 'cancelled';
          } else if (step.kind === 'advance') {
            clock.advance(step.minutes * MINUTE);
          } else if (step.kind === 'drain') {
            const before = delivered.length;
            await relay.drain();
            for (const command of delivered.slice(before)) {
              const entry = model.get(command.id);
              expect(entry?.state).toBe('waiting');
              expect(entry?.due).toBeLessThanOrEqual(clock.now().getTime());
              (entry as { state: string }).state = 'delivered';
            }
            for (const entry of model.values()) {
              if (entry.state === 'waiting') expect(entry.due).toBeGreaterThan(clock.now().getTime());
            }
          }
        }
        expect(new Set(delivered.map((c) => c.id)).size).toBe(delivered.length);
      }),
      { numRuns: 150 },
    );
  });
});
