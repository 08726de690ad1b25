const SHIFT = 64n;
const LOW = (1n << SHIFT) - 1n;

/**
 * The global position of a stored event: its writing transaction's id (`xid8`) in the high bits and
 * its row position in the low 64 bits. Ordered as readers see events (transaction, then row), it
 * only ever grows for a reader, so the last position handled is a safe checkpoint. @internal
 */
export function encodePosition(txId: string | number | bigint, position: string | number | bigint): bigint {
  return (BigInt(txId) << SHIFT) | BigInt(position);
}

/** The largest row position (a `bigint` column): any low half above it reads as it. */
const MAX_ROW = (1n << 63n) - 1n;

/**
 * Splits a position made by {@link encodePosition} (0n gives the start). Any position below 2^128
 * splits into values the columns hold: a low half past the largest row position is clamped to it,
 * which reads the same events ("strictly after"). @internal
 */
export function decodePosition(position: bigint): { readonly txId: string; readonly position: string } {
  const row = position & LOW;
  return { txId: String(position >> SHIFT), position: String(row > MAX_ROW ? MAX_ROW : row) };
}
