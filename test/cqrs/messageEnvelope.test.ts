import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type DeliveryOptions,
  decodeMessage,
  encodeMessage,
  handleDelivery,
  MessageDecodeError,
  messageEnvelopeSchema,
} from '../../src/cqrs/index.js';
import { type DomainEvent, InMemoryInbox, type MemoryTransaction, ValidationError } from '../../src/index.js';
import { ItemShipped, shipped } from '../support/brokers.js';
import { caught } from '../support/caught.js';

describe('the wire envelope', () => {
  it('round-trips any JSON payload and metadata through bytes', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.dictionary(fc.string(), fc.jsonValue()), (payload, extra) => {
        const event = { ...shipped('a'), payload: JSON.parse(JSON.stringify(payload)) };
        const withMetadata = { ...event, metadata: { ...JSON.parse(JSON.stringify(extra)), correlationId: 'c' } };
        const bytes = new TextEncoder().encode(encodeMessage(withMetadata));
        expect(decodeMessage(bytes)).toEqual(withMetadata);
      }),
    );
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
