import { isUnstorableText, UNSTORABLE_MESSAGE } from './storableText.js';
import { ValidationError } from './ValidationError.js';

/** The most sort keys a page may have: each becomes several SQL sort items, which PostgreSQL bounds. @internal */
export const MAX_ORDER_BY_KEYS = 32;

/**
 * Refuses, the same in every repository, a page with more sort keys than {@link MAX_ORDER_BY_KEYS}
 * or a sort field holding U+0000 or a lone surrogate (which PostgreSQL cannot take).
 * @throws {@link ValidationError} (`orderBy`, `too_many_keys`; `orderBy.<i>.field`, `unsupported_character`).
 * @internal
 */
export function checkOrderByKeys(orderBy: readonly unknown[]): void {
  if (orderBy.length > MAX_ORDER_BY_KEYS) {
    throw ValidationError.of('Page', 'orderBy', 'too_many_keys', `orderBy takes at most ${MAX_ORDER_BY_KEYS} keys`);
  }
  for (let i = 0; i < orderBy.length; i++) {
    const field = (orderBy[i] as { field?: unknown } | null)?.field;
    if (typeof field === 'string' && isUnstorableText(field)) {
      throw ValidationError.of('Page', `orderBy.${i}.field`, 'unsupported_character', `field ${UNSTORABLE_MESSAGE}`);
    }
  }
}
