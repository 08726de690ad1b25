import { ValidationError } from '../core/ValidationError.js';
import { MAX_SAFE, type MinorUnits, normalizeMinor } from './MinorUnits.js';
import { ratioWeights } from './ratioWeights.js';

/** The most parts `allocate` and `split` make: more is a `ValidationError`, not an exhausted heap. @internal */
export const MAX_PARTS = 1_000_000;

/** Refuses more than {@link MAX_PARTS} parts, naming `field`. @internal */
export function checkPartCount(count: number, field: string): void {
  if (count > MAX_PARTS) {
    throw ValidationError.of(
      'Money',
      field,
      'too_big',
      `${count} parts are more than the ${MAX_PARTS.toLocaleString('en-US')} an amount can be split into`,
    );
  }
}

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
 * Runs in O(n log n) for n parts (the leftover units go by one sort of the remainders).
 *
 * @throws {@link "tactical-ddd".ValidationError | ValidationError} for bad ratios (see `ratioWeights`), or more than
 *   {@link MAX_PARTS} of them (`too_big`).
 * @internal
 */
export function allocateMinorUnits(amount: MinorUnits, ratios: readonly unknown[]): MinorUnits[] {
  if (Array.isArray(ratios)) checkPartCount(ratios.length, 'ratios');
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

/**
 * Splits an amount of minor units into `count` equal shares, the first ones a unit larger when it
 * does not divide evenly (what `allocate` with `count` equal ratios gives), in O(count).
 * @internal
 */
export function splitMinorUnits(amount: MinorUnits, count: number): MinorUnits[] {
  checkPartCount(count, 'parts');
  const negative = amount < 0;
  const absolute = BigInt(negative ? -amount : amount);
  const size = BigInt(count);
  const base = absolute / size;
  const extra = Number(absolute % size);
  const sign = negative ? -1n : 1n;
  const small = normalizeMinor(sign * base);
  const large = normalizeMinor(sign * (base + 1n));
  const parts = new Array<MinorUnits>(count);
  for (let i = 0; i < count; i++) parts[i] = i < extra ? large : small;
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
  if (left > 0 && count <= SELECTION_LIMIT) {
    // A few parts (the usual allocation): pick the largest remainders one by one, no arrays. The
    // remainder of part i is amount × weight − part × total (exact: at most amount × total).
    let taken = 0;
    for (let t = 0; t < left; t++) {
      let best = 0;
      let largest = -1;
      for (let i = 0; i < count; i++) {
        if ((taken & (1 << i)) !== 0) continue;
        const remainder = amount * (weights[i] as number) - (parts[i] as number) * total;
        // Strictly larger only: among equals the earliest part gets the unit.
        if (remainder > largest) {
          best = i;
          largest = remainder;
        }
      }
      taken |= 1 << best;
      parts[best] = (parts[best] as number) + 1;
    }
  } else if (left > 0) {
    const remainders = new Array<number>(count);
    for (let i = 0; i < count; i++) remainders[i] = amount * (weights[i] as number) - (parts[i] as number) * total;
    for (const i of largestFirst(remainders, left)) parts[i] = (parts[i] as number) + 1;
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
  if (left > 0n) {
    const remainders = new Array<bigint>(count);
    for (let i = 0; i < count; i++) remainders[i] = amount * (weights[i] as bigint) - (parts[i] as bigint) * total;
    for (const i of largestFirst(remainders, Number(left))) parts[i] = (parts[i] as bigint) + 1n;
  }
  return parts.map(normalizeMinor);
}

/**
 * The indexes of the `take` largest remainders, the earlier index first among equals (the
 * largest-remainder method's tie rule). `take` is less than the number of parts with a positive
 * weight, so a part never gets two extra units.
 */
function largestFirst<TValue extends number | bigint>(remainders: readonly TValue[], take: number): number[] {
  const order = Array.from(remainders.keys());
  order.sort((a, b) => {
    const x = remainders[a] as TValue;
    const y = remainders[b] as TValue;
    return x > y ? -1 : x < y ? 1 : a - b;
  });
  order.length = take;
  return order;
}

/** Up to this many parts, `allocateNumbers` selects the leftover units' parts (at most 30 × 30 comparisons) rather than sorts. */
const SELECTION_LIMIT = 30;
