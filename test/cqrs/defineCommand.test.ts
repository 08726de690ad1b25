import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { defineCommand, defineQuery } from '../../src/cqrs/index.js';
import { ValidationError } from '../../src/index.js';
import { caught } from '../support/caught.js';

const PlaceOrder = defineCommand('PlaceOrder', z.object({ sku: z.string().min(1), quantity: z.int().positive() }));
const GetOrder = defineQuery('GetOrder', z.object({ orderId: z.string() }), z.object({ total: z.number() }));

describe('defineCommand / defineQuery', () => {
  it('makes frozen, validated messages with their own id and metadata', () => {
    const command = PlaceOrder({ sku: 'A-1', quantity: 2 }, { metadata: { correlationId: 'req-1' } });
    expect(command).toMatchObject({ type: 'PlaceOrder', payload: { sku: 'A-1', quantity: 2 } });
    expect(command.metadata).toEqual({ correlationId: 'req-1' });
    expect(command.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Object.isFrozen(command)).toBe(true);
    expect(Object.isFrozen(command.payload)).toBe(true);
    expect(PlaceOrder({ sku: 'A-1', quantity: 1 }, { id: 'idem-1' }).id).toBe('idem-1');
    expect(PlaceOrder.is(command)).toBe(true);
    expect(GetOrder.is(command)).toBe(false);
    expect(PlaceOrder.kind).toBe('command');
    expect(GetOrder.kind).toBe('query');
    expect(GetOrder.resultSchema).toBeDefined();
  });

  it('rejects a bad payload with a ValidationError naming the field and rule', async () => {
    const error = await caught(() => PlaceOrder({ sku: 'A-1', quantity: 0 }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ subject: 'PlaceOrder', field: 'quantity', rule: 'too_small' });
  });

  it('rejects an empty id, bad metadata, forbidden keys and an empty type', () => {
    expect(() => PlaceOrder({ sku: 'A', quantity: 1 }, { id: '' })).toThrow(ValidationError);
    expect(() => PlaceOrder({ sku: 'A', quantity: 1 }, { metadata: { correlationId: '' } })).toThrow(ValidationError);
    const hostile = JSON.parse('{"sku":"A","quantity":1,"__proto__":{"polluted":true}}');
    expect(() => PlaceOrder(hostile)).toThrow(/not allowed/);
    expect(() => defineCommand('', z.object({}))).toThrow(ValidationError);
  });

  it('parses messages from outside, generating a missing id, and names the offending field', () => {
    const parsed = PlaceOrder.parse({ type: 'PlaceOrder', payload: { sku: 'B', quantity: 3 } });
    expect(parsed.payload).toEqual({ sku: 'B', quantity: 3 });
    expect(parsed.metadata).toEqual({});
    expect(PlaceOrder.owns(parsed)).toBe(true);
    const bad = PlaceOrder.safeParse({ type: 'PlaceOrder', payload: { sku: 'B', quantity: 'x' } });
    expect(bad.success).toBe(false);
    if (!bad.success) expect(bad.error).toMatchObject({ field: 'payload.quantity', rule: 'invalid_type' });
    expect(() => PlaceOrder.parse({ type: 'Other', payload: { sku: 'B', quantity: 1 } })).toThrow(ValidationError);
    expect(() => PlaceOrder.parse({ type: 'PlaceOrder', payload: { sku: 'B', quantity: 1 }, extra: 1 })).toThrow(
      ValidationError,
    );
  });

  it('makes messages that spread and serialise as plain data, and trusts only its own', () => {
    const command = PlaceOrder({ sku: 'A-1', quantity: 2 });
    const plain = { type: 'PlaceOrder', id: command.id, payload: { sku: 'A-1', quantity: 2 }, metadata: {} };
    expect({ ...command }).toStrictEqual(plain);
    expect(JSON.parse(JSON.stringify(command))).toStrictEqual(plain);
    expect(Object.keys(command)).toEqual(['type', 'id', 'payload', 'metadata']);
    expect(PlaceOrder.owns(command)).toBe(true);
    // A copy (or a message of another definition) is validated again by the bus.
    expect(PlaceOrder.owns({ ...command })).toBe(false);
    expect(PlaceOrder.owns(GetOrder({ orderId: 'o-1' }))).toBe(false);
    expect(defineCommand('PlaceOrder', z.object({ sku: z.string() })).owns(command)).toBe(false);
  });

  it('round-trips every valid command through JSON (law)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.integer({ min: 1, max: 1_000_000 }), (sku, quantity) => {
        const command = PlaceOrder({ sku, quantity });
        const again = PlaceOrder.parse(JSON.parse(JSON.stringify(command)));
        expect(again).toEqual(command);
      }),
    );
  });
});
