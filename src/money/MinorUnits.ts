/**
 * An amount in minor units (cents for USD), held as a `number` while it is a safe integer and as a
 * `bigint` beyond: the canonical form, so that two equal amounts are always `===`.
 * @internal
 */
export type MinorUnits = number | bigint;

/** The largest integer a `number` holds exactly. @internal */
export const MAX_SAFE = 9007199254740991;

/**
 * Returns the canonical form of an integer amount: a `number` when it is safe, else the `bigint`.
 * @internal
 */
export function normalizeMinor(value: bigint): MinorUnits {
  return value <= 9007199254740991n && value >= -9007199254740991n ? Number(value) : value;
}

/** Ten to the power `exponent`, as a bigint (cached for small exponents). @internal */
export function pow10(exponent: number): bigint {
  return exponent < POWERS.length ? (POWERS[exponent] as bigint) : 10n ** BigInt(exponent);
}

const POWERS: readonly bigint[] = [1n, 10n, 100n, 1000n, 10000n, 100000n, 1000000n, 10000000n, 100000000n];
