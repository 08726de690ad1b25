import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { defineEvent, ValidationError } from '../../src/index.js';

const OrderPlaced = defineEvent('OrderPlaced', z.strictObject({ total: z.string(), lines: z.int().positive() }), {
  schemaVersion: 3,
});

const envelope = {
  id: '0192f7c4-7e3a-7b1e-9a57-3c1d2e4f5a6b',
  type: 'OrderPlaced',
  schemaVersion: 3,
  aggregateId: 'order-1',
  aggregateVersion: 1,
  occurredAt: '2026-11-25T09:00:00.000Z',
  payload: { total: '10.00', lines: 2 },
  metadata: { correlationId: 'req-1', traceparent: '00-abc-def-01' },
};

describe('defineEvent', () => {
  it('describes the event type', () => {
    expect(OrderPlaced.type).toBe('OrderPlaced');
    expect(OrderPlaced.schemaVersion).toBe(3);
    expect(defineEvent('Plain', z.object({})).schemaVersion).toBe(1);
  });

  it('makes frozen, validated drafts', () => {
    const draft = OrderPlaced({ total: '10.00', lines: 2 }, { correlationId: 'c' });
    expect(draft).toEqual({
      type: 'OrderPlaced',
      schemaVersion: 3,
      payload: { total: '10.00', lines: 2 },
      metadata: { correlationId: 'c' },
    });
    expect(Object.isFrozen(draft)).toBe(true);
    expect(Object.isFrozen(draft.payload)).toBe(true);
    expect(OrderPlaced({ total: '1', lines: 1 })).not.toHaveProperty('metadata');
  });

  it('rejects a bad payload with a ValidationError naming the field', () => {
    expect(() => OrderPlaced({ total: '1', lines: 0 })).toThrow(ValidationError);
    try {
      OrderPlaced({ total: 1 as never, lines: 1 });
    } catch (error) {
      expect((error as ValidationError).field).toBe('total');
      expect((error as ValidationError).subject).toBe('OrderPlaced');
    }
    expect(() => OrderPlaced(JSON.parse('{"total":"1","lines":1,"__proto__":{"x":1}}'))).toThrow(/forbidden_key/);
  });

  it('parses a stored event, frozen', () => {
    const event = OrderPlaced.parse(JSON.parse(JSON.stringify(envelope)));
    expect(event).toEqual(envelope);
    expect(Object.isFrozen(event)).toBe(true);
    expect(Object.isFrozen(event.payload)).toBe(true);
    expect(OrderPlaced.is(event)).toBe(true);
    expect(OrderPlaced.is({ ...envelope, type: 'Other' })).toBe(false);
    expect(OrderPlaced.is(null)).toBe(false);
  });

  it.each([
    ['another type', { ...envelope, type: 'OrderShipped' }, 'type'],
    ['an older schema version', { ...envelope, schemaVersion: 2 }, 'schemaVersion'],
    ['a bad id', { ...envelope, id: 'x' }, 'id'],
    ['a negative version', { ...envelope, aggregateVersion: -1 }, 'aggregateVersion'],
    ['a non-ISO date', { ...envelope, occurredAt: 'yesterday' }, 'occurredAt'],
    ['a bad payload', { ...envelope, payload: { total: '1', lines: 'two' } }, 'payload.lines'],
    ['an extra payload key', { ...envelope, payload: { ...envelope.payload, x: 1 } }, 'payload'],
    ['an extra envelope key', { ...envelope, extra: true }, ''],
    ['a bad correlation id', { ...envelope, metadata: { correlationId: 5 } }, 'metadata.correlationId'],
    ['a missing metadata', { ...envelope, metadata: undefined }, 'metadata'],
  ])('rejects %s', (_, json, field) => {
    const result = OrderPlaced.safeParse(json);
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.field).toBe(field);
    expect(() => OrderPlaced.parse(json)).toThrow(ValidationError);
  });

  it('rejects prototype keys in stored events', () => {
    const json = JSON.parse(
      JSON.stringify(envelope).replace('"metadata":{', '"metadata":{"__proto__":{"polluted":true},'),
    );
    const result = OrderPlaced.safeParse(json);
    expect(result.success).toBe(false);
    if (!result.success)
      expect([result.error.field, result.error.rule]).toEqual(['metadata.__proto__', 'forbidden_key']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a schema version that is not a positive integer', () => {
    expect(() => defineEvent('Bad', z.object({}), { schemaVersion: 0 })).toThrow(ValidationError);
    expect(() => defineEvent('Bad', z.object({}), { schemaVersion: 1.5 })).toThrow(ValidationError);
  });
});
