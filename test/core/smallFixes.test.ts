import { describe, expect, it } from 'vitest';
import { Address } from '../../src/address/index.js';
import * as root from '../../src/index.js';
import { defineId, InvariantViolationError, ValidationError } from '../../src/index.js';
import { CurrencyMismatchError } from '../../src/money/index.js';

describe('defineId schema', () => {
  const OrderId = defineId('Order');

  it.each([
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
  ])('refuses %s as parse does', (value) => {
    expect(OrderId.safeParse(value).success).toBe(false);
    const result = OrderId.schema.safeParse(value);
    expect(result.success).toBe(false);
    expect(ValidationError.fromZod('OrderId', result.error as never).rule).toBe('invalid_format');
  });

  it('still accepts a uuid v7 in any case and lower-cases it', () => {
    const id = OrderId.create();
    expect(OrderId.schema.parse(id.toUpperCase())).toBe(id);
  });
});

describe('Address country', () => {
  it('does not echo a huge country value into its error message', () => {
    const result = Address.safeCreate({ lines: ['1 Main St'], locality: 'Town', country: 'X'.repeat(10_000_000) });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.error.field).toBe('country');
    expect(result.error.message.length).toBeLessThan(300);
  });

  it('still names an unknown short country in the message', () => {
    const result = Address.safeCreate({ lines: ['1 Main St'], locality: 'Town', country: 'QQ' });
    expect(result.success ? undefined : result.error.rule).toBe('unknown_country');
    expect(result.success ? '' : result.error.message).toContain('"QQ"');
  });
});

describe('core errors', () => {
  it('exports CurrencyMismatchError from the root entry, the same class as in money', () => {
    expect(root.CurrencyMismatchError).toBe(CurrencyMismatchError);
  });

  it('gives InvariantViolationError a message when only the rule is given', () => {
    const error = new InvariantViolationError('order.not_empty');
    expect(error.message).toBe('Invariant violated: order.not_empty');
    expect(error.invariant).toBe('order.not_empty');
    expect(new InvariantViolationError('order.not_empty', 'Cannot confirm an empty order').message).toBe(
      'Cannot confirm an empty order',
    );
  });
});
