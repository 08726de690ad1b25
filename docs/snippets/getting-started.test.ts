// #region test
import { InvariantViolationError } from 'tactical-ddd';
import { describe, expect, it } from 'vitest';
import { Cart } from './getting-started.js';

describe('Cart', () => {
  it('checks out a cart with items and records it', () => {
    const cart = Cart.open();
    cart.add('TEA-001', 2);
    cart.checkOut();
    expect(cart.pullEvents().map((event) => event.type)).toEqual(['ItemAdded', 'CartCheckedOut']);
  });

  it('refuses to check out an empty cart', () => {
    expect(() => Cart.open().checkOut()).toThrow(InvariantViolationError);
  });
});
// #endregion test
