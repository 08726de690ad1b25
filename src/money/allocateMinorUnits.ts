import { MAX_SAFE, type MinorUnits, normalizeMinor } from './MinorUnits.js';
import { ratioWeights } from './ratioWeights.js';

/**
 * Splits an amount of minor units in proportion to `ratios`, so that the parts add up to the
 * amount exactly.
 *
 * Ratios become integer weights (decimals are scaled by a common power of ten). Each part first
 * gets the floor of its exact share of the absolute amount; the units left over (fewer than the
 * number of parts) go one each to the parts with the largest remainder of that division, the
 * earlier part first on a tie (the largest-remainder method). A part of weight zero gets zero. A
 * negative amount is split as its absolute value and each part negated.
 *
 * @throws {@link "tactical-ddd".ValidationError | ValidationError} for bad ratios (see `ratioWeights`).
 * @internal
 */
export function allocateMinorUnits(amount: MinorUnits, ratios: readonly unknown[]): MinorUnits[] {
  const negative = amount < 0;
  const absolute = negative ? -amount : amount;
  let parts: MinorUnits[] | undefined;
  if (typeof absolute === 'number') parts = allocateSmallIntegers(absolute, ratios);
  if (parts === undefined) {
    const { weights, total } = ratioWeights(ratios);
    parts =
      typeof absolute === 'number' && typeof total === 'number' && absolute * total <= MAX_SAFE
        ? allocateNumbers(absolute, weights as readonly number[], total)
        : allocateBigints(BigInt(absolute), weights.map(BigInt), BigInt(total));
  }
  if (negative) {
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] as MinorUnits;
      parts[i] = typeof part === 'number' ? 0 - part : -part; // 0 - 0 is +0, never -0
    }
  }
  return parts;
}

/** The fast path: every ratio a non-negative safe integer and every product exact as a number. */
function allocateSmallIntegers(amount: number, ratios: readonly unknown[]): number[] | undefined {
  if (!Array.isArray(ratios)) return undefined;
  let total = 0;
  for (let i = 0; i < ratios.length; i++) {
    const ratio = ratios[i];
    if (typeof ratio !== 'number' || !Number.isInteger(ratio) || ratio < 0) return undefined;
    total += ratio;
  }
  if (total === 0 || amount * total > MAX_SAFE) return undefined;
  return allocateNumbers(amount, ratios as readonly number[], total);
}

function allocateNumbers(amount: number, weights: readonly number[], total: number): number[] {
  const count = weights.length;
  const parts = new Array<number>(count);
  let left = amount;
  for (let i = 0; i < count; i++) {
    // Exact: amount × weight ≤ amount × total ≤ MAX_SAFE; correct the float division if it lands one off.
    const product = amount * (weights[i] as number);
    let share = Math.floor(product / total);
    if (share * total > product) share -= 1;
    else if ((share + 1) * total <= product) share += 1;
    parts[i] = share;
    left -= share;
  }
  // The remainder of part i is amount × weight − part × total; a part that got its extra unit has a
  // negative one, so it is not picked twice.
  for (; left > 0; left--) {
    let best = 0;
    let bestRemainder = -1;
    for (let i = 0; i < count; i++) {
      const remainder = amount * (weights[i] as number) - (parts[i] as number) * total;
      if (remainder > bestRemainder) {
        best = i;
        bestRemainder = remainder;
      }
    }
    parts[best] = (parts[best] as number) + 1;
  }
  return parts;
}

function allocateBigints(amount: bigint, weights: readonly bigint[], total: bigint): MinorUnits[] {
  const count = weights.length;
  const parts = new Array<bigint>(count);
  let left = amount;
  for (let i = 0; i < count; i++) {
    parts[i] = (amount * (weights[i] as bigint)) / total;
    left -= parts[i] as bigint;
  }
  for (; left > 0n; left--) {
    let best = 0;
    let bestRemainder = -1n;
    for (let i = 0; i < count; i++) {
      const remainder = amount * (weights[i] as bigint) - (parts[i] as bigint) * total;
      if (remainder > bestRemainder) {
        best = i;
        bestRemainder = remainder;
      }
    }
    parts[best] = (parts[best] as bigint) + 1n;
  }
  return parts.map(normalizeMinor);
}
