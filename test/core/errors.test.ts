import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  ConcurrencyError,
  DomainError,
  InvariantViolationError,
  NotFoundError,
  ValidationError,
} from '../../src/index.js';

describe('the error family', () => {
  it('gives every error a stable code, an explicit name and DomainError as base', () => {
    const errors = [
      [
        new ValidationError('Thing', [{ path: ['a'], field: 'a', rule: 'too_small', message: 'Too small' }]),
        'core.validation',
        'ValidationError',
      ],
      [new InvariantViolationError('order.not_empty', 'Empty'), 'core.invariant_violation', 'InvariantViolationError'],
      [new ConcurrencyError('s-1', 2, 3), 'core.concurrency', 'ConcurrencyError'],
      [new NotFoundError('Order', 'o-1'), 'core.not_found', 'NotFoundError'],
    ] as const;
    for (const [error, code, name] of errors) {
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toBeInstanceOf(Error);
      expect(error.code).toBe(code);
      expect(error.name).toBe(name);
      expect(String(error)).toContain(name);
    }
  });

  it('carries the data a caller reacts to', () => {
    const conflict = new ConcurrencyError('order-1', 'no_stream', 4);
    expect([conflict.streamId, conflict.expected, conflict.actual]).toEqual(['order-1', 'no_stream', 4]);
    expect(conflict.message).toBe('Concurrency conflict on order-1: expected version no_stream, found 4');
    const missing = new NotFoundError('Order', 'o-9');
    expect([missing.entity, missing.id, missing.message]).toEqual(['Order', 'o-9', 'Order o-9 was not found']);
    expect(new InvariantViolationError('order.not_empty', 'Empty').invariant).toBe('order.not_empty');
  });

  it('names the field and the rule of a zod failure, keeping every issue', () => {
    const schema = z.object({ street: z.string().min(1), lines: z.array(z.string()).max(1) });
    const result = schema.safeParse({ street: '', lines: ['a', 'b'] });
    if (result.success) throw new Error('expected a failure');
    const error = ValidationError.fromZod('Address', result.error);
    expect(error.subject).toBe('Address');
    expect(error.field).toBe('street');
    expect(error.rule).toBe('too_small');
    expect(error.issues.map((issue) => issue.field)).toEqual(['street', 'lines']);
    expect(error.message).toMatch(/^Invalid Address: street: .+ \(too_small\); lines: .+ \(too_big\)$/);
    expect(error.cause).toBe(result.error);
    expect(Object.isFrozen(error.issues)).toBe(true);
  });

  it('builds a single-rule error with of()', () => {
    const error = ValidationError.of('Money', 'amount', 'not_finite', 'Amount must be finite');
    expect(error.issues).toEqual([
      { path: ['amount'], field: 'amount', rule: 'not_finite', message: 'Amount must be finite' },
    ]);
    expect(error.message).toBe('Invalid Money: amount: Amount must be finite (not_finite)');
    const whole = ValidationError.of('Money', '', 'invalid', 'Not money');
    expect(whole.field).toBe('');
    expect(whole.message).toBe('Invalid Money: Not money (invalid)');
  });

  it('never has an empty issue list', () => {
    const error = new ValidationError('Thing', []);
    expect(error.issues).toHaveLength(1);
    expect(error.rule).toBe('invalid');
  });

  it('keeps a cause when given one', () => {
    const cause = new Error('db down');
    expect(new InvariantViolationError('x', 'y', { cause }).cause).toBe(cause);
    expect(new InvariantViolationError('x', 'y').cause).toBeUndefined();
  });
});
