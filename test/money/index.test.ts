import { describe, expect, expectTypeOf, it } from 'vitest';
import * as money from '../../src/money/index.js';

describe('tactical-ddd/money entry point', () => {
  it('exports the public API of DESIGN.md, and nothing internal', () => {
    expect(Object.keys(money).sort()).toEqual([
      'Currency',
      'CurrencyMismatchError',
      'ExchangeRate',
      'Money',
      'currencies',
      'roundingModes',
    ]);
    expectTypeOf<money.RoundingMode>().toEqualTypeOf<
      'half-even' | 'half-up' | 'half-down' | 'up' | 'down' | 'ceiling' | 'floor'
    >();
    expectTypeOf<money.CurrencyCode>().toExtend<string>();
  });
});
