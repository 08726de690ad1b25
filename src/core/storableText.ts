// biome-ignore lint/suspicious/noControlCharactersInRegex: U+0000 is what this looks for.
const SUSPECT = /[\u0000\uD800-\uDFFF]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: U+0000 is what this looks for.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Whether a string holds a character PostgreSQL text cannot: U+0000, or a lone UTF-16 surrogate
 * (which it would turn into U+FFFD, so that two different strings became one). Every store refuses
 * such strings alike. @internal
 */
export const isUnstorableText = (text: string): boolean => SUSPECT.test(text) && UNSTORABLE.test(text);

/** The message of the `unsupported_character` rule. @internal */
export const UNSTORABLE_MESSAGE = 'must not hold U+0000 or a lone UTF-16 surrogate, which PostgreSQL cannot store';
