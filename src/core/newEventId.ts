/** `crypto.getRandomValues`, typed without DOM or Node typings (every supported host has it). */
interface CryptoHost {
  readonly crypto: { getRandomValues(bytes: Uint8Array): Uint8Array };
}

const POOL_BYTES = 16 * 256;
/** The lowercase hex digits' character codes (`0`–`9` are 48–57, `a`–`f` 97–102). */
const HEX_CODES: readonly number[] = [48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102];
/** The character codes of the id being made (45 is the dash), made on first use. */
let codes: number[] | undefined;
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
  codes ??= Array.from({ length: 36 }, () => 45);
  const c = codes;
  const ms = lastMs;
  put(c, 0, (ms / 0x10000000000) & 0xff);
  put(c, 2, (ms / 0x100000000) & 0xff);
  put(c, 4, (ms / 0x1000000) & 0xff);
  put(c, 6, (ms / 0x10000) & 0xff);
  put(c, 9, (ms / 0x100) & 0xff);
  put(c, 11, ms & 0xff);
  put(c, 14, 0x70 | ((seq >>> 28) & 0x0f));
  put(c, 16, (seq >>> 20) & 0xff);
  put(c, 19, 0x80 | ((seq >>> 14) & 0x3f));
  put(c, 21, (seq >>> 6) & 0xff);
  put(c, 24, ((seq << 2) & 0xff) | ((r[o + 10] as number) & 0x03));
  put(c, 26, r[o + 11] as number);
  put(c, 28, r[o + 12] as number);
  put(c, 30, r[o + 13] as number);
  put(c, 32, r[o + 14] as number);
  put(c, 34, r[o + 15] as number);
  // One flat string from the character codes: joining 20 pieces with `+` would leave a tree of
  // 19 concatenation nodes (~600 bytes) behind each id until something flattens it.
  return String.fromCharCode.apply(null, c);
}

/** Writes `byte` as two hex digits at `at`. */
function put(codes: number[], at: number, byte: number): void {
  codes[at] = HEX_CODES[byte >> 4] as number;
  codes[at + 1] = HEX_CODES[byte & 0x0f] as number;
}
