/** `crypto.getRandomValues`, typed without DOM or Node typings (every supported host has it). */
interface CryptoHost {
  readonly crypto: { getRandomValues(bytes: Uint8Array): Uint8Array };
}

const POOL_BYTES = 4096;
/** The most random bytes an id takes: 6 for its random tail, and 4 to seed the counter when the millisecond changes. */
const ID_BYTES = 10;
/** The lowercase hex digits' character codes (`0`–`9` are 48–57, `a`–`f` 97–102). */
const HEX_CODES: readonly number[] = [48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102];
/** The hex digits of every byte (see {@link hexPairs}), made on first use. */
let HEX_PAIRS: Uint8Array | undefined;
let pool: Uint8Array | undefined;
let offset = POOL_BYTES;
let lastMs = Number.NEGATIVE_INFINITY;
let seq = 0;

/**
 * Makes a new event id: a uuid v7 (RFC 9562), time-ordered and monotonic within this process.
 *
 * It follows uuid's own v7 algorithm (method 1: a 32-bit counter seeded at random each
 * millisecond and incremented within it), but takes random bytes from `crypto.getRandomValues`
 * 4 KiB at a time and formats the string itself: one `getRandomValues` call per id costs
 * microseconds on some hosts, which made ids the main cost of raising an event or sending a
 * command. The id is one flat string, made from its character codes at once. @internal
 */
export function newEventId(): string {
  if (offset > POOL_BYTES - ID_BYTES) {
    pool ??= new Uint8Array(POOL_BYTES);
    (globalThis as unknown as CryptoHost).crypto.getRandomValues(pool);
    offset = 0;
  }
  const r = pool as Uint8Array;
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    const s = offset;
    offset += 4;
    seq =
      (((r[s] as number) & 0x7f) << 24) |
      ((r[s + 1] as number) << 16) |
      ((r[s + 2] as number) << 8) |
      (r[s + 3] as number);
  } else {
    seq = (seq + 1) | 0;
    if (seq === 0) lastMs++;
  }
  const ms = lastMs;
  // The random tail: 6 bytes (2 bits of the first).
  const o = offset;
  offset += 6;
  // Each byte's two hex digits are at HEX_PAIRS[2 * byte] and [2 * byte + 1].
  if (HEX_PAIRS === undefined) HEX_PAIRS = hexPairs();
  const h = HEX_PAIRS;
  const t0 = ((ms / 0x10000000000) & 0xff) * 2;
  const t1 = ((ms / 0x100000000) & 0xff) * 2;
  const t2 = ((ms / 0x1000000) & 0xff) * 2;
  const t3 = ((ms / 0x10000) & 0xff) * 2;
  const t4 = ((ms / 0x100) & 0xff) * 2;
  const t5 = (ms & 0xff) * 2;
  const s0 = (0x70 | ((seq >>> 28) & 0x0f)) * 2;
  const s1 = ((seq >>> 20) & 0xff) * 2;
  const s2 = (0x80 | ((seq >>> 14) & 0x3f)) * 2;
  const s3 = ((seq >>> 6) & 0xff) * 2;
  const r0 = (((seq << 2) & 0xff) | ((r[o] as number) & 0x03)) * 2;
  const r1 = (r[o + 1] as number) * 2;
  const r2 = (r[o + 2] as number) * 2;
  const r3 = (r[o + 3] as number) * 2;
  const r4 = (r[o + 4] as number) * 2;
  const r5 = (r[o + 5] as number) * 2;
  // One flat string from the 36 character codes passed as arguments (no array, no `apply`):
  // joining 20 pieces with `+` would leave a tree of 19 concatenation nodes (~600 bytes) behind
  // each id until something flattens it.
  return String.fromCharCode(
    h[t0] as number,
    h[t0 + 1] as number,
    h[t1] as number,
    h[t1 + 1] as number,
    h[t2] as number,
    h[t2 + 1] as number,
    h[t3] as number,
    h[t3 + 1] as number,
    45,
    h[t4] as number,
    h[t4 + 1] as number,
    h[t5] as number,
    h[t5 + 1] as number,
    45,
    h[s0] as number,
    h[s0 + 1] as number,
    h[s1] as number,
    h[s1 + 1] as number,
    45,
    h[s2] as number,
    h[s2 + 1] as number,
    h[s3] as number,
    h[s3 + 1] as number,
    45,
    h[r0] as number,
    h[r0 + 1] as number,
    h[r1] as number,
    h[r1 + 1] as number,
    h[r2] as number,
    h[r2 + 1] as number,
    h[r3] as number,
    h[r3 + 1] as number,
    h[r4] as number,
    h[r4 + 1] as number,
    h[r5] as number,
    h[r5 + 1] as number,
  );
}

/** The two lowercase hex digits' character codes of every byte, made on first use. */
function hexPairs(): Uint8Array {
  const pairs = new Uint8Array(512);
  for (let b = 0; b < 256; b++) {
    pairs[2 * b] = HEX_CODES[b >> 4] as number;
    pairs[2 * b + 1] = HEX_CODES[b & 0x0f] as number;
  }
  return pairs;
}
