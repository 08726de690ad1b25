import * as z from 'zod';
import { ASK_ZOD, registerKnownSchema } from '../core/compileParse.js';
import type { CurrencyCode } from './currencies.js';
import { DECIMAL_PATTERN } from './parseDecimal.js';

/**
 * The JSON form of a `Money`: `{ amount: "19.99", currency: "USD" }`, the amount a decimal string.
 *
 * @example
 * ```ts
 * const json: MoneyJSON<'USD'> = Money.of('19.99', 'USD').toJSON();
 * ```
 */
export interface MoneyJSON<TCode extends CurrencyCode = CurrencyCode> {
  readonly amount: string;
  readonly currency: TCode;
}

/**
 * Builds the zod schema behind `Money.schema`: a strict `{ amount, currency }` object whose amount
 * is a decimal string, read into a `Money` by `fromJSON`; `fromJSON`'s validation errors become zod
 * issues (code `custom`, with the library's rule in `params.rule`) at the same path.
 * @internal
 */
export function moneySchema<TMoney>(fromJSON: (json: unknown) => TMoney): z.ZodType<TMoney, MoneyJSON> {
  const schema = z
    .strictObject({
      amount: z.string().regex(DECIMAL_PATTERN, 'Expected a decimal string such as "-1234.56"'),
      currency: z.string().length(3),
    })
    .transform((json, context) => {
      try {
        return fromJSON(json);
      } catch (error) {
        const issues = (
          error as { issues?: readonly { path: readonly PropertyKey[]; rule: string; message: string }[] }
        ).issues;
        if (issues === undefined) throw error;
        for (const issue of issues) {
          context.issues.push({
            code: 'custom',
            message: issue.message,
            path: [...issue.path],
            input: json,
            params: { rule: issue.rule },
          });
        }
        return z.NEVER;
      }
    }) as unknown as z.ZodType<TMoney, MoneyJSON>;
  // The same checks written out, for value objects and events that hold a Money: what they do not
  // accept outright goes to the schema above, which words the error.
  return registerKnownSchema(schema, {
    parse: (value) => {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return ASK_ZOD;
      let keys = 0;
      for (const key in value) {
        if (key !== 'amount' && key !== 'currency') return ASK_ZOD;
        keys++;
      }
      const { amount, currency } = value as { amount?: unknown; currency?: unknown };
      if (keys !== 2 || typeof amount !== 'string' || typeof currency !== 'string' || currency.length !== 3) {
        return ASK_ZOD;
      }
      if (!DECIMAL_PATTERN.test(amount)) return ASK_ZOD;
      try {
        return fromJSON({ amount, currency });
      } catch {
        return ASK_ZOD;
      }
    },
    // Two strings in a strict object, read into a frozen Money.
    closed: true,
    frozen: true,
  });
}
