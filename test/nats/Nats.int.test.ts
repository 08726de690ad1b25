import { type JetStreamManager, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxRelay } from '../../src/cqrs/index.js';
import {
  type DomainEvent,
  InMemoryInbox,
  InMemoryOutbox,
  inMemoryStore,
  partitionOf,
  ValidationError,
} from '../../src/index.js';
import { type ConsumerFailure, NatsConsumer, type NatsConsumerOptions, NatsPublisher } from '../../src/nats/index.js';
import { addToOutbox, deliveryRecorder, ItemShipped, shipped, uniqueName, waitFor } from '../support/brokers.js';
import { caught } from '../support/caught.js';
import { natsAvailable, natsConnection } from '../support/nats.js';

const available = await natsAvailable();

describe.runIf(available)('NATS JetStream', () => {
  let connection: NatsConnection;
  let jsm: JetStreamManager;
  const streams: string[] = [];
  const closers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    connection = await natsConnection();
    jsm = await jetstreamManager(connection);
  });
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
    for (const stream of streams) await jsm.streams.delete(stream).catch(() => false);
    await connection.close();
  });

  function stream(): string {
    const name = uniqueName('tddd-nats');
    streams.push(name);
    return name;
  }

  function consumerFor(
    name: string,
    handler: (event: DomainEvent) => Promise<void>,
    options: Partial<NatsConsumerOptions> = {},
  ) {
    const failures: ConsumerFailure[] = [];
    const consumer = new NatsConsumer({
      connection,
      stream: name,
      durable: 'billing',
      consumer: `billing-${name}`,
      inbox: new InMemoryInbox(),
      handler,
      retryDelayMs: 30,
      maxAttempts: 3,
      heartbeatMs: 100,
      memberTimeoutMs: 500,
      onError: (failure) => failures.push(failure),
      ...options,
    });
    closers.push(() => consumer.stop());
    return { consumer, failures };
  }

  it('carries events from an OutboxRelay through JetStream to the handler, batched, with envelope and headers', async () => {
    const name = stream();
    const received: DomainEvent[] = [];
    const { consumer } = consumerFor(name, async (event) => {
      received.push(event);
    });
    await consumer.start();
    const outbox = new InMemoryOutbox();
    const events = Array.from({ length: 25 }, (_, i) => shipped(`nats-${i}`, 1 + (i % 3)));
    await addToOutbox(outbox, events);
    const inner = new NatsPublisher({ connection, stream: name });
    const batches: number[] = [];
    const counting = {
      publish: (event: DomainEvent) => inner.publish(event),
      publishBatch: async (batch: readonly DomainEvent[]) => {
        await inner.publishBatch(batch);
        batches.push(batch.length);
      },
    };
    expect(await new OutboxRelay({ outbox, publisher: counting, batchSize: 10 }).drain()).toBe(25);
    expect(batches).toEqual([10, 10, 5]);
    await waitFor(() => received.length === 25);
    expect(received).toEqual(events);
    expect(outbox.pending).toEqual([]);

    // Subject per event type under the stream's prefix; headers mirror the envelope.
    const stored = await jsm.streams.getMessage(name, { seq: 1 });
    expect(stored?.subject).toBe(`${name}.0.ItemShipped`);
    const first = events[0] as DomainEvent;
    expect(stored?.header.get('Nats-Msg-Id')).toBe(first.id);
    expect(stored?.header.get('traceparent')).toBe(first.metadata.traceparent);
    expect(stored?.header.get('Correlation-Id')).toBe('req-nats-0');
    expect(stored?.header.get('Causation-Id')).toBe('cmd-nats-0');
    expect(stored?.header.get('Tddd-Type')).toBe('ItemShipped');
    expect(ItemShipped.parse(JSON.parse(stored?.string() ?? '{}')).payload).toEqual({ sku: 'nats-0', quantity: 1 });
    await inner.publishBatch([]);
  });

  it('relay crash between publish and mark: JetStream drops the re-send within its duplicate window', async () => {
    const name = stream();
    const recorder = deliveryRecorder(0);
    const { consumer } = consumerFor(name, recorder.handler, { inbox: recorder.inbox });
    await consumer.start();
    const real = new NatsPublisher({ connection, stream: name });
    let crashes = 1;
    // Publishes, then "crashes" before the outbox marks the row: the relay publishes it again.
    const crashing = {
      publish: async (event: DomainEvent) => {
        await real.publish(event);
        if (crashes-- > 0) throw new Error('relay died before marking the row');
      },
    };
    const outbox = new InMemoryOutbox();
    const event = shipped('crash');
    await addToOutbox(outbox, [event]);
    const relay = new OutboxRelay({ outbox, publisher: crashing, retryDelayMs: () => 0 });
    await expect(relay.drain()).rejects.toThrow('relay died');
    expect(await relay.drain()).toBe(1);
    await waitFor(() => recorder.handled.size === 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await jsm.streams.info(name)).state.messages).toBe(1);
    expect(recorder.deliveries).toBe(1);
    expect(recorder.handledTwice()).toEqual([]);
  });

  it('past the duplicate window the re-send is stored, and the inbox drops it', async () => {
    const name = stream();
    const recorder = deliveryRecorder(0);
    const publisher = new NatsPublisher({ connection, stream: name, duplicateWindowMs: 100 });
    const event = shipped('late-resend');
    await publisher.publish(event);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    await publisher.publish(event);
    expect((await jsm.streams.info(name)).state.messages).toBe(2);
    const { consumer } = consumerFor(name, recorder.handler, { inbox: recorder.inbox });
    await consumer.start();
    await waitFor(() => recorder.deliveries === 2);
    expect(recorder.handled.get(event.id)).toBe(1);
  });

  it('retries a failing handler with a delay, holding back the partition, then dead-letters a poison message with its error', async () => {
    const name = stream();
    const order: string[] = [];
    let flaky = 1;
    const { consumer, failures } = consumerFor(name, async (event) => {
      const sku = (event.payload as { sku: string }).sku;
      if (sku === 'poison') throw new Error('cannot ship poison');
      if (sku === 'flaky' && flaky-- > 0) throw new Error('flaky once');
      order.push(sku);
    });
    await consumer.start();
    const publisher = new NatsPublisher({ connection, stream: name });
    // One aggregate, so one partition: the flaky event's retry holds back the one after it.
    const events = ['flaky', 'after-flaky', 'poison', 'after-poison'].map((sku) => ({
      ...shipped(sku),
      aggregateId: 'warehouse-one',
    }));
    await publisher.publishBatch(events);
    await waitFor(() => order.length === 3);
    expect(order).toEqual(['flaky', 'after-flaky', 'after-poison']);
    expect(failures.map((f) => [f.status, f.attempts])).toEqual([
      ['retry', 1],
      ['retry', 1],
      ['retry', 2],
      ['dead_letter', 3],
    ]);

    const dead = await jsm.streams.getMessage(name, { last_by_subj: `${name}.dead-letter.billing` });
    expect(dead?.header.get('Tddd-Error')).toBe('cannot ship poison');
    expect(dead?.header.get('Tddd-Error-Name')).toBe('Error');
    expect(dead?.header.get('Tddd-Attempts')).toBe('3');
    expect(dead?.header.get('Tddd-Dead-Letter-Reason')).toBe('max_attempts');
    expect(dead?.header.get('Tddd-Original-Subject')).toBe(`${name}.0.ItemShipped`);
    expect(dead?.header.get('traceparent')).toBe(events[2]?.metadata.traceparent);
    expect(JSON.parse(dead?.string() ?? '{}').id).toBe(events[2]?.id);
  });

  it('dead-letters a message that is not an envelope at once, and one its decode refuses', async () => {
    const name = stream();
    const received: DomainEvent[] = [];
    const { consumer, failures } = consumerFor(
      name,
      async (event) => {
        received.push(event);
      },
      { decode: (event) => ItemShipped.parse(event) },
    );
    await consumer.start();
    const js = jsm.jetstream();
    await js.publish(`${name}.0.ItemShipped`, 'not json at all');
    await js.publish(`${name}.0.ItemShipped`, new Uint8Array([0xff, 0xfe]));
    const badPayload = { ...shipped('bad'), payload: { sku: 'bad', quantity: -1 } };
    await new NatsPublisher({ connection, stream: name }).publish(badPayload);
    const good = shipped('good');
    await new NatsPublisher({ connection, stream: name }).publish(good);
    await waitFor(() => received.length === 1 && failures.length === 3);
    expect(received.map((e) => e.id)).toEqual([good.id]);
    expect(failures.map((f) => [f.status, f.attempts, (f.error as { rule?: string }).rule])).toEqual([
      ['dead_letter', 1, 'invalid_json'],
      ['dead_letter', 1, 'invalid_utf8'],
      ['dead_letter', 1, 'too_small'],
    ]);
    const info = await jsm.streams.info(name, { subjects_filter: `${name}.dead-letter.>` });
    expect(info.state.subjects).toEqual({ [`${name}.dead-letter.billing`]: 3 });
  });

  it('handles only the eventTypes given, acknowledging the others without the inbox', async () => {
    const name = stream();
    const recorder = deliveryRecorder(0);
    const { consumer } = consumerFor(name, recorder.handler, { inbox: recorder.inbox, eventTypes: ['ItemShipped'] });
    await consumer.start();
    const other = { ...shipped('other'), type: 'Item.Returned' };
    const wanted = shipped('wanted');
    await new NatsPublisher({ connection, stream: name }).publishBatch([other, wanted]);
    await waitFor(() => recorder.handled.size === 1);
    expect([...recorder.handled.keys()]).toEqual([wanted.id]);
    expect(recorder.deliveries).toBe(1);
    await waitFor(async () => (await jsm.consumers.info(name, 'billing-0')).num_ack_pending === 0);
    expect((await jsm.consumers.info(name, 'billing-0')).num_pending).toBe(0);
  });

  it('survives an onError hook that throws, and keeps a header-unsafe metadata value in the body only', async () => {
    const name = stream();
    const received: DomainEvent[] = [];
    const { consumer } = consumerFor(
      name,
      async (event) => {
        if ((event.payload as { sku: string }).sku === 'poison') throw new Error('poison');
        received.push(event);
      },
      {
        maxAttempts: 1,
        onError: () => {
          throw new Error('the hook is broken');
        },
      },
    );
    await consumer.start();
    const quiet = console.error;
    console.error = () => undefined;
    try {
      const poison = shipped('poison');
      const unsafe = shipped('unsafe', 1, { correlationId: 'line\r\nbreak', traceparent: 'ü-not-ascii' });
      await new NatsPublisher({ connection, stream: name }).publishBatch([poison, unsafe]);
      await waitFor(() => received.length === 1);
      expect(received[0]?.metadata).toMatchObject({ correlationId: 'line\r\nbreak', traceparent: 'ü-not-ascii' });
      const stored = await jsm.streams.getMessage(name, { seq: 2 });
      expect(stored?.header.has('Correlation-Id')).toBe(false);
      expect(stored?.header.has('traceparent')).toBe(false);
      expect(stored?.header.get('Nats-Msg-Id')).toBe(unsafe.id);
    } finally {
      console.error = quiet;
    }
  });

  it('puts outbox commands on <prefix>.commands.<type> through send', async () => {
    const name = stream();
    const outbox = new InMemoryOutbox();
    const command = { type: 'ShipOrder', id: crypto.randomUUID(), payload: { orderId: 'o-1' }, metadata: {} };
    await inMemoryStore({ outbox, aggregates: {} }).transaction((s) => s.send(command));
    expect(await new OutboxRelay({ outbox, publisher: new NatsPublisher({ connection, stream: name }) }).drain()).toBe(
      1,
    );
    const stored = await jsm.streams.getMessage(name, { last_by_subj: `${name}.commands.ShipOrder` });
    expect(JSON.parse(stored?.string() ?? '{}')).toEqual(command);
    expect(stored?.header.get('Nats-Msg-Id')).toBe(command.id);
  });

  it('spreads events over partitions by aggregate id, and the members of a group split the partitions', async () => {
    const name = stream();
    const publisher = new NatsPublisher({ connection, stream: name, partitions: 4 });
    const events = Array.from({ length: 40 }, (_, i) => ({ ...shipped(`p-${i}`), aggregateId: `agg-${i % 8}` }));
    await publisher.publishBatch(events);
    for (const event of events.slice(0, 8)) {
      const p = partitionOf(event.aggregateId, 4);
      const last = await jsm.streams.getMessage(name, { last_by_subj: `${name}.${p}.ItemShipped` });
      expect(last).not.toBeNull();
    }
    const seen = new Map<string, string>();
    const shared = new InMemoryInbox();
    const groups = ['a', 'b'].map((member) => {
      const { consumer } = consumerFor(
        name,
        async (event) => {
          seen.set(event.id, member);
        },
        { partitions: 4, memberName: member, inbox: shared },
      );
      return consumer;
    });
    for (const consumer of groups) await consumer.start();
    await waitFor(() => seen.size === 40);
    await waitFor(() => groups.every((c) => c.partitionsOwned.length === 2));
    expect(groups.flatMap((c) => c.partitionsOwned).sort()).toEqual([0, 1, 2, 3]);
  });

  it('refuses bad options and bad events with a ValidationError, storing nothing', async () => {
    const name = stream();
    const base = {
      connection,
      stream: name,
      durable: 'd',
      consumer: 'c',
      inbox: new InMemoryInbox(),
      handler: async () => {},
    };
    const cases: [Partial<NatsConsumerOptions>, string, string][] = [
      [{ stream: 'has.dot' }, 'stream', 'invalid_name'],
      [{ stream: '' }, 'stream', 'invalid_name'],
      [{ durable: 'with space' }, 'durable', 'invalid_name'],
      [{ partitions: 0 }, 'partitions', 'integer_between'],
      [{ partitions: 70_000 }, 'partitions', 'integer_between'],
      [{ partitions: 1.5 }, 'partitions', 'integer_between'],
      [{ subjectPrefix: 'a..b' }, 'subjectPrefix', 'invalid_subject'],
      [{ subjectPrefix: 'a.*' }, 'subjectPrefix', 'invalid_subject'],
      [{ ackWaitMs: 10 }, 'ackWaitMs', 'integer_between'],
      [{ retryDelayMs: -1 }, 'retryDelayMs', 'integer_between'],
      [{ heartbeatMs: 1000, memberTimeoutMs: 1500 }, 'memberTimeoutMs', 'integer_between'],
      [{ maxAttempts: 0 }, 'maxAttempts', 'too_small'],
    ];
    for (const [patch, field, rule] of cases) {
      const error = await caught(() => new NatsConsumer({ ...base, ...patch }));
      expect(error, JSON.stringify(patch)).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe(field);
      expect((error as ValidationError).rule).toBe(rule);
    }
    expect(await caught(() => new NatsPublisher({ connection, stream: name, partitions: -1 }))).toBeInstanceOf(
      ValidationError,
    );
    const publisher = new NatsPublisher({ connection, stream: name });
    for (const type of ['Item Shipped', 'Item.*', 'Item>', '', 'a..b', 'ü'.repeat(1025)]) {
      const error = await publisher.publish({ ...shipped('bad-type'), type }).catch((e: unknown) => e);
      expect(error, type).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).rule).toBe('invalid_subject');
    }
    const cyclic = shipped('cycle');
    (cyclic.payload as Record<string, unknown>).self = cyclic.payload;
    const good = shipped('good');
    const batchError = await publisher.publishBatch([good, cyclic]).catch((e: unknown) => e);
    expect((batchError as ValidationError).rule).toBe('not_json_safe');
    // Nothing of a refused batch reached the stream (not even the good event before it).
    expect(
      await jsm.streams
        .info(name)
        .then((i) => i.state.messages)
        .catch(() => 0),
    ).toBe(0);
  });

  it('refuses a stream that exists without the subjects, and a partition count that changed', async () => {
    const name = stream();
    await jsm.streams.add({ name, subjects: [`other-${name}.>`] });
    const error = await new NatsPublisher({ connection, stream: name }).publish(shipped('x')).catch((e: unknown) => e);
    expect((error as ValidationError).rule).toBe('stream_mismatch');

    const second = stream();
    const { consumer } = consumerFor(second, async () => {}, { partitions: 2 });
    await consumer.start();
    await consumer.stop();
    const { consumer: changed } = consumerFor(second, async () => {}, { partitions: 3 });
    for (const refused of [
      await changed.start().catch((e: unknown) => e),
      await consumerFor(second, async () => {}, { partitions: 1 })
        .consumer.start()
        .catch((e: unknown) => e),
    ]) {
      expect(refused).toBeInstanceOf(ValidationError);
      expect((refused as ValidationError).rule).toBe('partitions_changed');
    }
  });
});
