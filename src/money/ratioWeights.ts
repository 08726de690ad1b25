import { ValidationError } from '../core/ValidationError.js';
import { MAX_SAFE, pow10 } from './MinorUnits.js';
import { parseDecimal } from './parseDecimal.js';

/**
 * A ratio for `allocate`: a non-negative number or decimal string (`1`, `0.25`, `'33.3'`).
 *
 * @example
 * ```ts
 * const ratios: Ratio[] = [1, 0.5, '33.3'];
 * ```
 */
export type Ratio = number | string;

/** Integer weights proportional to the ratios, and their sum (positive). @internal */
export type Weights =
  | { readonly weights: readonly number[]; readonly total: number }
  | { readonly weights: readonly bigint[]; readonly total: bigint };

/**
 * Turns ratios into proportional integer weights: integers stay as they are, decimals are scaled
 * by the same power of ten (`[0.5, '0.25'] → [50, 25]`).
 *
 * @throws {@link "tactical-ddd".ValidationError | ValidationError} (subject `Money`): `empty` (field `ratios`), or for field `ratios.<i>`
 *   `negative`, `invalid_format`, `invalid_type`, `not_finite`, `unsafe_number`; `all_zero` (field
 *   `ratios`) when no ratio is positive.
 * @internal
 */
export function ratioWeights(ratios: readonly unknown[]): Weights {
  if (!Array.isArray(ratios) || ratios.length === 0) {
    throw ValidationError.of('Money', 'ratios', 'empty', 'Give at least one ratio');
  }
  let total = 0;
  let integers = true;
  for (let i = 0; i < ratios.length; i++) {
    const ratio = ratios[i];
    if (typeof ratio !== 'number' || !Number.isInteger(ratio) || ratio < 0 || ratio > MAX_SAFE) {
      integers = false;
      break;
    }
    total += ratio;
  }
  if (integers && total <= MAX_SAFE) {
    if (total === 0) throw allZero();
    return { weights: ratios as readonly number[], total };
  }
  return scaledWeights(ratios);
}

function scaledWeights(ratios: readonly unknown[]): Weights {
  // Array.from reads holes of a sparse array as undefined, which is then rejected.
  const parsed = Array.from(ratios, (ratio, i) => {
    const value = parseDecimal(ratio, 'Money', `ratios.${i}`);
    if (value.coefficient < 0n) {
      throw ValidationError.of('Money', `ratios.${i}`, 'negative', `Ratio ${String(ratio)} is negative`);
    }
    return value;
  });
  let scale = 0;
  for (const value of parsed) if (value.scale > scale) scale = value.scale;
  const weights = parsed.map((value) => value.coefficient * pow10(scale - value.scale));
  const total = weights.reduce((sum, weight) => sum + weight, 0n);
  if (total === 0n) throw allZero();
  if (total <= BigInt(MAX_SAFE)) return { weights: weights.map(Number), total: Number(total) };
  return { weights, total };
}

function allZero(): ValidationError {
  return ValidationError.of('Money', 'ratios', 'all_zero', 'At least one ratio must be greater than zero');
}
