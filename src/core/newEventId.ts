/** `crypto.getRandomValues`, typed without DOM or Node typings (every supported host has it). */
interface CryptoHost {
  readonly crypto: { getRandomValues(bytes: Uint8Array): Uint8Array };
}

const POOL_BYTES = 16 * 256;
let pool: Uint8Array | undefined;
let offset = POOL_BYTES;
let hex: string[] | undefined;
let lastMs = Number.NEGATIVE_INFINITY;
let seq = 0;

/**
 * Makes a new event id: a uuid v7 (RFC 9562), time-ordered and monotonic within this process.
 *
 * It follows uuid's own v7 algorithm (method 1: a 32-bit counter seeded at random each
 * millisecond and incremented within it), but takes random bytes from `crypto.getRandomValues`
 * 4 KiB at a time and formats the string itself: one `getRandomValues` call per id costs
 * microseconds on some hosts, which made ids the main cost of raising an event or sending a
 * command. @internal
 */
export function newEventId(): string {
  if (offset >= POOL_BYTES) {
    pool ??= new Uint8Array(POOL_BYTES);
    (globalThis as unknown as CryptoHost).crypto.getRandomValues(pool);
    offset = 0;
  }
  const r = pool as Uint8Array;
  const o = offset;
  offset += 16;
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    seq =
      (((r[o + 6] as number) & 0x7f) << 24) |
      ((r[o + 7] as number) << 16) |
      ((r[o + 8] as number) << 8) |
      (r[o + 9] as number);
  } else {
    seq = (seq + 1) | 0;
    if (seq === 0) lastMs++;
  }
  hex ??= Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
  const h = hex;
  const ms = lastMs;
  return (
    (h[(ms / 0x10000000000) & 0xff] as string) +
    h[(ms / 0x100000000) & 0xff] +
    h[(ms / 0x1000000) & 0xff] +
    h[(ms / 0x10000) & 0xff] +
    '-' +
    h[(ms / 0x100) & 0xff] +
    h[ms & 0xff] +
    '-' +
    h[0x70 | ((seq >>> 28) & 0x0f)] +
    h[(seq >>> 20) & 0xff] +
    '-' +
    h[0x80 | ((seq >>> 14) & 0x3f)] +
    h[(seq >>> 6) & 0xff] +
    '-' +
    h[((seq << 2) & 0xff) | ((r[o + 10] as number) & 0x03)] +
    h[r[o + 11] as number] +
    h[r[o + 12] as number] +
    h[r[o + 13] as number] +
    h[r[o + 14] as number] +
    h[r[o + 15] as number]
  );
}
