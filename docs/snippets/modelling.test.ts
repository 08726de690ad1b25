import { InvariantViolationError, ValidationError } from 'tactical-ddd';
import { Money } from 'tactical-ddd/money';
import { describe, expect, it } from 'vitest';
import { Email, fromRow, Order, toRow } from './modelling.js';

describe('the modelling sections of the guides', () => {
  it('normalises and validates a single-value value object', () => {
    expect(Email.of('  Ada@Example.COM ').toString()).toBe('ada@example.com');
    expect(Email.of('ada@example.com').equals(Email.of('ADA@example.com'))).toBe(true);
    expect(() => Email.of('not an email')).toThrow(ValidationError);
  });

  it('changes child entities only through the root, which checks the rules', () => {
    const order = Order.place(Email.of('ada@example.com'));
    const line = order.addLine('TEA-001', 2, Money.of('4.50', 'EUR'));
    order.changeQuantity(line, 3);
    expect(order.total.toJSON()).toEqual({ amount: '13.50', currency: 'EUR' });
    expect(() => order.changeQuantity(line, 0)).toThrow(InvariantViolationError);
  });

  // #region storage-use
  it('stores money as exact minor units and rebuilds the order at its stored version', () => {
    const order = Order.place(Email.of('ada@example.com'));
    order.addLine('TEA-001', 3, Money.of('4.50', 'EUR'));
    order.markPersisted(4); // as a repository does after saving version 4

    const row = toRow(order);
    expect(row.total_minor).toBe(1350n);
    const again = fromRow(structuredClone(row));
    expect(again.equals(order)).toBe(true); // same class, same id
    expect(again.version).toBe(4); // a later save checks against version 4
    expect(again.total.equals(order.total)).toBe(true);
    expect(() => fromRow({ ...row, customer_email: 'nope' })).toThrow(ValidationError);
  });
  // #endregion storage-use
});
