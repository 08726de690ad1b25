import { MAX_SAFE, type MinorUnits, normalizeMinor } from './MinorUnits.js';
import type { Weights } from './ratioWeights.js';

/**
 * Splits an amount of minor units in proportion to integer weights, so that the parts add up to
 * the amount exactly.
 *
 * Each part first gets the floor of its exact share of the absolute amount. The units left over
 * (fewer than the number of parts) go one each to the parts with the largest remainder of that
 * division, the earlier part first on a tie (the largest-remainder method). A part of weight zero
 * gets zero. A negative amount is split as its absolute value, and each part negated, so that
 * `x.allocate(r)` is `x.negate().allocate(r)` negated, part by part.
 * @internal
 */
export function allocateMinorUnits(amount: MinorUnits, { weights, total }: Weights): MinorUnits[] {
  const negative = amount < 0;
  const absolute = negative ? -amount : amount;
  let parts: MinorUnits[] | undefined;
  if (typeof absolute === 'number' && typeof total === 'number' && absolute * total <= MAX_SAFE) {
    parts = allocateNumber(absolute, weights as readonly number[], total);
  } else {
    parts = allocateBigint(BigInt(absolute), weights.map(BigInt), BigInt(total));
  }
  if (negative) {
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] as MinorUnits;
      parts[i] = typeof part === 'number' ? 0 - part : -part; // 0 - 0 is +0, never -0
    }
  }
  return parts;
}

function allocateNumber(amount: number, weights: readonly number[], total: number): number[] {
  const count = weights.length;
  const parts = new Array<number>(count);
  const remainders = new Array<number>(count);
  let given = 0;
  for (let i = 0; i < count; i++) {
    const product = amount * (weights[i] as number); // exact: at most amount × total ≤ MAX_SAFE
    let share = Math.floor(product / total);
    let remainder = product - share * total;
    if (remainder < 0) {
      share -= 1;
      remainder += total;
    } else if (remainder >= total) {
      share += 1;
      remainder -= total;
    }
    parts[i] = share;
    remainders[i] = remainder;
    given += share;
  }
  for (let left = amount - given; left > 0; left--) {
    let best = 0;
    for (let i = 1; i < count; i++) if ((remainders[i] as number) > (remainders[best] as number)) best = i;
    parts[best] = (parts[best] as number) + 1;
    remainders[best] = -1;
  }
  return parts;
}

function allocateBigint(amount: bigint, weights: readonly bigint[], total: bigint): MinorUnits[] {
  const count = weights.length;
  const parts = new Array<bigint>(count);
  const remainders = new Array<bigint>(count);
  let given = 0n;
  for (let i = 0; i < count; i++) {
    const product = amount * (weights[i] as bigint);
    parts[i] = product / total;
    remainders[i] = product % total;
    given += parts[i] as bigint;
  }
  for (let left = amount - given; left > 0n; left--) {
    let best = 0;
    for (let i = 1; i < count; i++) if ((remainders[i] as bigint) > (remainders[best] as bigint)) best = i;
    parts[best] = (parts[best] as bigint) + 1n;
    remainders[best] = -1n;
  }
  return parts.map(normalizeMinor);
}
