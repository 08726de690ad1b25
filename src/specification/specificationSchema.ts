import * as z from 'zod';
import type { SpecificationJSON, SpecNode } from './SpecNode.js';

let cached: z.ZodType<SpecificationJSON> | undefined;

/**
 * The zod schema of {@link SpecificationJSON} (version 1), built on first use.
 * @internal
 */
export function specificationSchema(): z.ZodType<SpecificationJSON> {
  cached ??= build();
  return cached;
}

function build(): z.ZodType<SpecificationJSON> {
  const name = z.string().min(1).optional();
  const field = z.string().min(1);
  const literal = z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.strictObject({ $date: z.iso.datetime() }),
    z.strictObject({
      $money: z.strictObject({
        amount: z.string().regex(/^-?\d+(?:\.\d+)?$/),
        currency: z.string().regex(/^[A-Z]{3}$/),
      }),
    }),
  ]);
  const node: z.ZodType<SpecNode> = z.lazy(() =>
    z.discriminatedUnion('op', [
      z.strictObject({ op: z.enum(['and', 'or']), of: z.array(node), name }),
      z.strictObject({ op: z.literal('not'), of: node, name }),
      z.strictObject({ op: z.enum(['eq', 'ne', 'gt', 'gte', 'lt', 'lte']), field, value: literal, name }),
      z.strictObject({ op: z.enum(['in', 'notIn']), field, values: z.array(literal), name }),
      z.strictObject({ op: z.literal('between'), field, low: literal, high: literal, name }),
      z.strictObject({ op: z.enum(['contains', 'startsWith', 'endsWith']), field, value: z.string(), name }),
      z.strictObject({ op: z.literal('isNull'), field, name }),
      z.strictObject({ op: z.literal('predicate'), name: z.string().min(1) }),
    ]),
  ) as z.ZodType<SpecNode>;
  return z.strictObject({ version: z.literal(1), spec: node }) as z.ZodType<SpecificationJSON>;
}
