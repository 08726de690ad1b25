/**
 * Orders two strings by Unicode code point, as PostgreSQL's `COLLATE "C"` orders UTF-8 text (UTF-16
 * code units, the order of `<`, put U+E000–U+FFFF after the astral characters): `-1`, `0` or `1`.
 * @internal
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) < codePointRank(y) ? -1 : 1;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

/** A UTF-16 code unit moved so that surrogates (astral characters) rank above U+E000–U+FFFF. */
const codePointRank = (unit: number): number => (unit >= 0xe000 ? unit - 0x800 : unit >= 0xd800 ? unit + 0x2000 : unit);

/**
 * Whether `<` on this string and any other gives the code point order: true when it holds no code
 * unit from U+D800 up (then the first difference never sets a surrogate against U+E000–U+FFFF).
 * @internal
 */
export const unitOrderIsCodePointOrder = (text: string): boolean => !/[\uD800-\uFFFF]/.test(text);
