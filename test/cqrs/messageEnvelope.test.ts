import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type DeliveryOptions,
  decodeMessage,
  encodeMessage,
  handleDeliveries,
  handleDelivery,
  MessageDecodeError,
  messageEnvelopeSchema,
} from '../../src/cqrs/index.js';
import { type DomainEvent, InMemoryInbox, type MemoryTransaction, ValidationError } from '../../src/index.js';
import { ItemShipped, shipped } from '../support/brokers.js';
import { caught } from '../support/caught.js';

describe('the wire envelope', () => {
  it('round-trips any JSON payload and metadata through bytes', () => {
    const forbidden = new Set(['__proto__', 'constructor', 'prototype']);
    const hasForbiddenKey = (value: unknown): boolean =>
      typeof value === 'object' &&
      value !== null &&
      Object.entries(value).some(([key, item]) => forbidden.has(key) || hasForbiddenKey(item));
    const json = fc.jsonValue().filter((value) => !hasForbiddenKey(value));
    const key = fc.string().filter((name) => !forbidden.has(name));
    fc.assert(
      fc.property(json, fc.dictionary(key, json), (payload, extra) => {
        const event = { ...shipped('a'), payload: JSON.parse(JSON.stringify(payload)) };
        const withMetadata = { ...event, metadata: { ...JSON.parse(JSON.stringify(extra)), correlationId: 'c' } };
        const bytes = new TextEncoder().encode(encodeMessage(withMetadata));
        expect(decodeMessage(bytes)).toEqual(withMetadata);
      }),
    );
  });

  it('refuses a forbidden key anywhere in the envelope by name, instead of dropping it', () => {
    for (const body of [
      '{"id":"a","type":"T","schemaVersion":1,"aggregateId":"x","aggregateVersion":1,"occurredAt":"2026-01-01T00:00:00Z","payload":{},"metadata":{"__proto__":null}}',
      '{"id":"a","type":"T","schemaVersion":1,"aggregateId":"x","aggregateVersion":1,"occurredAt":"2026-01-01T00:00:00Z","payload":{"a":{"constructor":1}},"metadata":{}}',
    ]) {
      expect(() => decodeMessage(body)).toThrow(
        expect.objectContaining({ name: 'MessageDecodeError', rule: 'forbidden_key' }),
      );
    }
  });

  it('is what messageEnvelopeSchema validates, keeping correlation, causation and trace context', () => {
    const event = shipped('a');
    const envelope = messageEnvelopeSchema.parse(JSON.parse(encodeMessage(event)));
    expect(envelope.metadata.correlationId).toBe('req-a');
    expect(envelope.metadata.causationId).toBe('cmd-a');
    expect(envelope.metadata.traceparent).toMatch(/^00-/);
    expect(Object.isFrozen(decodeMessage(encodeMessage(event)))).toBe(true);
  });

  it.each([
    ['not UTF-8', new Uint8Array([0xff, 0xfe, 0x00]), '', 'invalid_utf8'],
    ['not JSON', '{"id":', '', 'invalid_json'],
    ['a JSON array', '[]', '', 'invalid_type'],
    ['missing its id', JSON.stringify({ ...shipped('a'), id: undefined }), 'id', 'invalid_type'],
    ['with a bad schemaVersion', JSON.stringify({ ...shipped('a'), schemaVersion: 0 }), 'schemaVersion', 'too_small'],
    ['with a bad date', JSON.stringify({ ...shipped('a'), occurredAt: 'yesterday' }), 'occurredAt', 'invalid_format'],
    [
      'with a non-string correlation id',
      JSON.stringify({ ...shipped('a'), metadata: { correlationId: 42 } }),
      'metadata.correlationId',
      'invalid_type',
    ],
  ])('rejects a body %s with a MessageDecodeError naming the field and rule', async (_, body, field, rule) => {
    const error = await caught(() => decodeMessage(body));
    expect(error).toBeInstanceOf(MessageDecodeError);
    expect((error as MessageDecodeError).code).toBe('cqrs.message_decode');
    expect((error as MessageDecodeError).field).toBe(field);
    expect((error as MessageDecodeError).rule).toBe(rule);
  });

  it('refuses to encode an event that is not JSON-safe', async () => {
    const error = await caught(() => encodeMessage({ ...shipped('a'), payload: { n: 1n } }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).rule).toBe('not_json_safe');
  });
});

describe('handleDelivery', () => {
  const setup = (handler: DeliveryOptions<DomainEvent, MemoryTransaction>['handler']) => {
    const inbox = new InMemoryInbox();
    const options: DeliveryOptions<DomainEvent, MemoryTransaction> = {
      consumer: 'billing',
      inbox,
      handler,
      maxAttempts: 3,
    };
    return { inbox, options };
  };

  it('handles a message once and reports the redelivery as a duplicate', async () => {
    const seen: DomainEvent[] = [];
    const { options } = setup(async (event) => {
      seen.push(event);
    });
    const body = encodeMessage(shipped('a'));
    expect((await handleDelivery(body, 1, options)).status).toBe('handled');
    expect((await handleDelivery(body, 2, options)).status).toBe('duplicate');
    expect(seen).toHaveLength(1);
  });

  it('asks for a retry while attempts remain, then dead-letters with the error', async () => {
    const boom = new Error('boom');
    const { options } = setup(async () => {
      throw boom;
    });
    const body = encodeMessage(shipped('a'));
    expect(await handleDelivery(body, 2, options)).toMatchObject({ status: 'retry', error: boom });
    expect(await handleDelivery(body, 3, options)).toMatchObject({
      status: 'dead_letter',
      reason: 'max_attempts',
      error: boom,
    });
  });

  it('dead-letters an undecodable body at once, and one the decoder rejects', async () => {
    const { options } = setup(async () => undefined);
    const bad = await handleDelivery('nope', 1, options);
    expect(bad).toMatchObject({ status: 'dead_letter', reason: 'undecodable' });
    expect((bad as { error: unknown }).error).toBeInstanceOf(MessageDecodeError);
    const strict = { ...options, decode: (event: DomainEvent) => ItemShipped.parse(event) };
    const wrong = await handleDelivery(encodeMessage({ ...shipped('a'), payload: { sku: 1 } }), 1, strict);
    expect(wrong).toMatchObject({ status: 'dead_letter', reason: 'undecodable' });
    const error = (wrong as { error: MessageDecodeError }).error;
    expect(error).toBeInstanceOf(MessageDecodeError);
    expect(error.cause).toBeInstanceOf(ValidationError);
    expect(error.field).toBe('payload.sku');
  });
});

describe('handleDeliveries', () => {
  const bodies = (...skus: string[]) => skus.map((sku) => encodeMessage(shipped(sku)));

  it('decides for each message as handleDelivery does, in one batch of the inbox', async () => {
    const inbox = new InMemoryInbox();
    const batches: number[] = [];
    const batching = {
      handleOnce: inbox.handleOnce.bind(inbox),
      handleBatch: (consumer: string, messages: Parameters<InMemoryInbox['handleBatch']>[1]) => {
        batches.push(messages.length);
        return inbox.handleBatch(consumer, messages);
      },
    };
    const boom = new Error('boom');
    const options: DeliveryOptions<DomainEvent, MemoryTransaction> = {
      consumer: 'billing',
      inbox: batching,
      maxAttempts: 3,
      handler: async (event) => {
        if ((event.payload as { sku: string }).sku.startsWith('bad')) throw boom;
      },
    };
    const [a, bad, c] = bodies('a', 'bad-1', 'c');
    await handleDelivery(c as string, 1, options);
    const outcomes = await handleDeliveries(
      [
        { body: a as string, attempts: 1 },
        { body: 'not an envelope', attempts: 1 },
        { body: bad as string, attempts: 1 },
        { body: bad as string, attempts: 3 },
        { body: c as string, attempts: 2 },
      ],
      options,
    );
    // The second copy of the failing message shares its failure, judged by its own delivery count.
    expect(outcomes.map((o) => o.status)).toEqual(['handled', 'dead_letter', 'retry', 'dead_letter', 'duplicate']);
    expect(outcomes[1]).toMatchObject({ reason: 'undecodable' });
    expect(outcomes[2]).toMatchObject({ error: boom });
    // The undecodable message never reaches the inbox: one batch of the four others.
    expect(batches).toEqual([4]);
    expect(outcomes[3]).toMatchObject({ reason: 'max_attempts', error: boom });
  });

  it('retries every decodable message when the batch transaction itself fails', async () => {
    const lost = new Error('connection lost');
    const inbox = {
      handleOnce: async () => true,
      handleBatch: async () => {
        throw lost;
      },
    };
    const outcomes = await handleDeliveries(
      bodies('a', 'b').map((body) => ({ body, attempts: 1 })),
      { consumer: 'billing', inbox, handler: async () => undefined },
    );
    expect(outcomes).toMatchObject([
      { status: 'retry', error: lost },
      { status: 'retry', error: lost },
    ]);
  });

  it('calls handleOnce for each message in turn when the inbox has no handleBatch', async () => {
    const inbox = new InMemoryInbox();
    const plain = { handleOnce: inbox.handleOnce.bind(inbox) };
    const order: string[] = [];
    const outcomes = await handleDeliveries(
      bodies('a', 'b', 'a').map((body) => ({ body, attempts: 1 })),
      {
        consumer: 'billing',
        inbox: plain,
        handler: async (event) => {
          order.push((event.payload as { sku: string }).sku);
        },
      },
    );
    expect(outcomes.map((o) => o.status)).toEqual(['handled', 'handled', 'handled']);
    expect(order).toEqual(['a', 'b', 'a']);
    expect(await handleDeliveries([], { consumer: 'billing', inbox: plain, handler: async () => undefined })).toEqual(
      [],
    );
  });
});
