/**
 * How an operation that must drop digits rounds the result to the currency's minor unit.
 *
 * - `'half-even'` (the default): to the nearest; a tie goes to the even neighbour (banker's rounding).
 * - `'half-up'`: to the nearest; a tie goes away from zero (`2.5 → 3`, `-2.5 → -3`).
 * - `'half-down'`: to the nearest; a tie goes toward zero (`2.5 → 2`, `-2.5 → -2`).
 * - `'up'`: away from zero; `'down'`: toward zero (truncation).
 * - `'ceiling'`: toward +∞; `'floor'`: toward −∞.
 *
 * @example
 * ```ts
 * Money.of('10.00', 'USD').multiply('0.125', 'half-up'); // 1.25 USD
 * ```
 */
export type RoundingMode = 'half-even' | 'half-up' | 'half-down' | 'up' | 'down' | 'ceiling' | 'floor';

/**
 * Every rounding mode, in the order {@link RoundingMode} lists them.
 *
 * @example
 * ```ts
 * roundingModes.includes(input as RoundingMode);
 * ```
 */
export const roundingModes: readonly RoundingMode[] = /*@__PURE__*/ Object.freeze([
  'half-even',
  'half-up',
  'half-down',
  'up',
  'down',
  'ceiling',
  'floor',
] as const);
