import { ValidationError } from './ValidationError.js';

/**
 * Maps a partition key (an aggregate id by default) to one of `partitions` partitions, the same
 * way in every process and on every broker adapter: FNV-1a (32 bit) over the key's UTF-8 bytes,
 * modulo the partition count. Keys of one aggregate always land in one partition, so a
 * partition's single active consumer sees that aggregate's events in order.
 *
 * @param key - the partition key, usually `event.aggregateId`
 * @param partitions - the number of partitions, an integer from 1 to 65,536
 * @returns the partition index, from 0 to `partitions - 1`
 * @throws ValidationError when `partitions` is not an integer from 1 to 65,536
 * @example
 * ```ts
 * import { partitionOf } from 'tactical-ddd';
 * const partition = partitionOf('0190f5d2-7a7e-7cc3-9a4e-3b9d1c2e4f50', 8); // 0..7, stable
 * ```
 */
export function partitionOf(key: string, partitions: number): number {
  if (!Number.isInteger(partitions) || partitions < 1 || partitions > 65_536) {
    throw ValidationError.of(
      'partitionOf',
      'partitions',
      'integer_between',
      'Partitions must be an integer from 1 to 65536',
    );
  }
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    let code = key.charCodeAt(i);
    if (code < 0x80) {
      hash = Math.imul(hash ^ code, 0x01000193);
      continue;
    }
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < key.length) {
      const low = key.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd; // a lone surrogate encodes as U+FFFD
    const bytes =
      code < 0x800
        ? [0xc0 | (code >> 6), 0x80 | (code & 0x3f)]
        : code < 0x10000
          ? [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
          : [0xf0 | (code >> 18), 0x80 | ((code >> 12) & 0x3f), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)];
    for (const b of bytes) hash = Math.imul(hash ^ b, 0x01000193);
  }
  return (hash >>> 0) % partitions;
}
