import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  CommandBus,
  type Dispatch,
  type DispatchOutcome,
  defineCommand,
  retryOnConcurrency,
  tracing,
} from '../../src/cqrs/index.js';
import { ConcurrencyError, InMemoryOutbox, inMemoryStore, stateStored } from '../../src/index.js';
import { Account } from '../core/accountFixtures.js';

const Deposit = defineCommand('Deposit', z.object({ amount: z.int().positive() }), z.string());

/*
 * Wiring OpenTelemetry through the tracing hook, without depending on it. With
 * `@opentelemetry/api` installed, `tracer` is `trace.getTracer('orders')` and `inject` is
 * `propagation.inject(trace.setSpan(context.active(), span), carrier)`; this test uses a stand-in
 * with the same shape.
 */
interface SpanLike {
  setAttribute(key: string, value: string | number): void;
  recordException(error: unknown): void;
  setStatus(status: { code: 1 | 2 }): void;
  end(): void;
}
interface TracerLike {
  startSpan(name: string): SpanLike;
}

function openTelemetryStyle(tracer: TracerLike, inject: (span: SpanLike) => Record<string, string>) {
  return tracing((dispatch: Dispatch) => {
    const span = tracer.startSpan(`${dispatch.kind} ${dispatch.message.type}`);
    span.setAttribute('messaging.message.id', dispatch.message.id);
    span.setAttribute('messaging.message.conversation_id', dispatch.context.correlationId);
    return {
      metadata: inject(span), // e.g. { traceparent }: carried into the events the handler raises
      end(outcome: DispatchOutcome) {
        if (!outcome.ok) {
          span.recordException(outcome.error);
          span.setStatus({ code: 2 });
        } else span.setStatus({ code: 1 });
        span.end();
      },
    };
  });
}

describe('tracing', () => {
  it('wires OpenTelemetry-style spans and puts the trace context on the events the handler raises', async () => {
    const spans: { name: string; attributes: Record<string, unknown>; status?: number; ended: boolean }[] = [];
    const tracer: TracerLike = {
      startSpan(name) {
        const record = { name, attributes: {} as Record<string, unknown>, ended: false } as (typeof spans)[number];
        spans.push(record);
        return {
          setAttribute(key, value) {
            record.attributes[key] = value;
          },
          recordException(error) {
            record.attributes.exception = String(error);
          },
          setStatus({ code }) {
            record.status = code;
          },
          end() {
            record.ended = true;
          },
        };
      },
    };
    const outbox = new InMemoryOutbox();
    const store = inMemoryStore({ outbox, aggregates: { accounts: stateStored<Account>('Account') } });
    const bus = new CommandBus({
      middleware: [openTelemetryStyle(tracer, () => ({ traceparent: '00-trace-span-01' }))],
    }).register(Deposit, (command, context) =>
      store.transaction((s) => {
        const account = Account.open();
        account.deposit(command.payload.amount);
        s.accounts.add(account);
        return account.id;
      }, context),
    );
    const command = Deposit({ amount: 3 }, { metadata: { correlationId: 'req-7' } });
    await bus.dispatch(command);
    expect(spans).toEqual([
      {
        name: 'command Deposit',
        attributes: { 'messaging.message.id': command.id, 'messaging.message.conversation_id': 'req-7' },
        status: 1,
        ended: true,
      },
    ]);
    const [message] = outbox.messages;
    expect(message?.kind === 'event' && message.event.metadata).toEqual({
      correlationId: 'req-7',
      causationId: command.id,
      traceparent: '00-trace-span-01',
    });
  });

  it('reports failures with their duration and rethrows them, one span around all retries', async () => {
    const outcomes: DispatchOutcome[] = [];
    const failure = new ConcurrencyError('x', 1, 2);
    let calls = 0;
    const bus = new CommandBus({
      middleware: [
        tracing(() => ({ end: (outcome) => void outcomes.push(outcome) })),
        retryOnConcurrency({ maxAttempts: 2, sleep: async () => undefined }),
      ],
    }).register(Deposit, () => {
      calls++;
      throw failure;
    });
    await expect(bus.dispatch(Deposit({ amount: 1 }))).rejects.toBe(failure);
    expect(calls).toBe(2);
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ ok: false, error: failure });
    expect(outcomes[0]?.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('passes through when the hook returns no span, and keeps the ids when span metadata tries to change them', async () => {
    let seen: Record<string, unknown> = {};
    const bus = new CommandBus({
      middleware: [
        tracing((dispatch) =>
          dispatch.message.type === 'Deposit'
            ? { metadata: { correlationId: 'hijack', span: 's' }, end: () => undefined }
            : undefined,
        ),
      ],
    }).register(Deposit, (_command, context) => {
      seen = { ...context.metadata };
      return 'ok';
    });
    const command = Deposit({ amount: 1 });
    await expect(bus.dispatch(command)).resolves.toBe('ok');
    expect(seen).toEqual({ correlationId: command.id, causationId: command.id, span: 's' });
  });
});
