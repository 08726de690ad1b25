import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { ASK_ZOD, compileParse, compileSchema } from '../../src/core/compileParse.js';
import { scanInput } from '../../src/core/forbiddenKeyPath.js';
import { Money } from '../../src/money/Money.js';

enum Direction {
  Up = 1,
  Down = 2,
}

const schemas = {
  strings: z.strictObject({
    street: z.string().min(1),
    city: z.string().min(2).max(5),
    code: z.string().length(2),
    note: z.string(),
  }),
  numbers: z.object({
    quantity: z.int().positive(),
    ratio: z.number().min(0).max(1),
    signed: z.number().int().lt(10).gte(-3),
    plain: z.number(),
  }),
  choices: z.strictObject({
    kind: z.literal(['a', 'b', 3]),
    status: z.enum(['open', 'closed']),
    direction: z.enum(Direction),
    flag: z.boolean(),
  }),
  nested: z.strictObject({
    sku: z.string().min(1),
    price: Money.schema,
    inner: z.object({ label: z.string().max(3), count: z.int().nonnegative() }),
    any: z.unknown().transform((v) => v ?? null),
  }),
};

/** Values near the edges the checks draw: lengths around the bounds, surrogate pairs, ±0, NaN. */
const edgeValue = fc.oneof(
  fc.constantFrom('', 'a', 'ab', 'abcde', 'abcdef', '😀', '😀😀', 'a😀', '\uD800', 'closed', 'open', 'Up', 'Down', 'b'),
  fc.string({ maxLength: 7 }),
  fc.string({ unit: 'binary', maxLength: 7 }),
  fc.constantFrom(0, -0, 1, -3, -4, 3, 9, 10, 0.5, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, 1, 2),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constantFrom(null, undefined, {}, [], { amount: '1.50', currency: 'USD' }, { amount: '1.505', currency: 'USD' }),
  fc.record({ label: fc.string({ maxLength: 4 }), count: fc.integer({ min: -1, max: 3 }) }),
);

/** Values each field accepts, mostly. */
const likely: Record<string, fc.Arbitrary<unknown>> = {
  street: fc.string({ minLength: 1, maxLength: 4 }),
  city: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }),
  code: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 3 }),
  note: fc.string({ maxLength: 3 }),
  quantity: fc.integer({ min: -1, max: 5 }),
  ratio: fc.double({ min: -0.1, max: 1.1 }),
  signed: fc.integer({ min: -4, max: 11 }),
  plain: fc.double(),
  kind: fc.constantFrom('a', 'b', 3, 'c'),
  status: fc.constantFrom('open', 'closed'),
  direction: fc.constantFrom(1, 2, 'Up'),
  flag: fc.boolean(),
  sku: fc.string({ maxLength: 2 }),
  price: fc.oneof(
    fc.constantFrom({ amount: '1.50', currency: 'USD' }, { amount: '2', currency: 'EUR' }),
    fc.constantFrom({ amount: '1.50', currency: 'USD', extra: 1 }, { amount: '1.50' }, { currency: 'USD' }),
    fc.record({
      amount: fc.oneof(
        fc.stringMatching(/^-?\d{1,6}(\.\d{1,4})?$/),
        fc.constantFrom('', '1.', '.5', '1e3', ' 1', '1,50', '-0', '0.000', '٣', '1'.repeat(2049)),
        fc.integer(),
      ),
      currency: fc.constantFrom('USD', 'EUR', 'JPY', 'KWD', 'usd', 'XXX', 'ZZZ', 'US', 'USDD', 'U😀', ''),
    }),
  ),
  inner: fc.record({ label: fc.string({ maxLength: 4 }), count: fc.integer({ min: -1, max: 3 }) }),
  any: fc.constantFrom(undefined, null, 1, 'x'),
};

/** Objects with the schemas' keys (mostly all of them, some extra), mostly holding likely values. */
const nearValid = (keys: readonly string[]) =>
  fc
    .tuple(
      fc.record(
        Object.fromEntries(
          keys.map((key) => [
            key,
            fc.oneof({ arbitrary: likely[key] ?? edgeValue, weight: 8 }, { arbitrary: edgeValue, weight: 1 }),
          ]),
        ),
        { requiredKeys: keys.slice(1) },
      ),
      fc.dictionary(fc.constantFrom('extra', '__proto__', 'constructor'), edgeValue, { maxKeys: 1 }),
      fc.integer({ min: 0, max: 4 }),
    )
    .map(([known, extra, pick]) => (pick === 0 ? { ...known, ...extra } : known));

/** Compiles with zod's `jitless` setting on (no generated code: the closures) or off. */
const compileWith = (jitless: boolean, schema: z.ZodType) => {
  z.config({ jitless });
  try {
    return compileParse(schema);
  } finally {
    z.config({ jitless: false });
  }
};

describe('compileParse', () => {
  for (const [name, schema] of Object.entries(schemas))
    for (const jitless of [false, true]) {
      const parse = compileWith(jitless, schema);
      const keys = Object.keys(schema.shape);

      it(`${name}${jitless ? ' (jitless)' : ''}: accepts only what zod accepts, and returns what zod returns`, () => {
        expect(parse).toBeDefined();
        let vouched = 0;
        fc.assert(
          fc.property(fc.oneof(nearValid(keys), fc.anything()), (input) => {
            const ours = (parse as (input: unknown) => unknown)(input);
            if (ours === ASK_ZOD) return;
            vouched++;
            const theirs = schema.safeParse(input);
            expect(theirs.success).toBe(true);
            expect(ours).toStrictEqual(theirs.data);
          }),
          { numRuns: 3000 },
        );
        // The property says something only if the compiled checks accepted some inputs.
        expect(vouched).toBeGreaterThan(20);
      });
    }

  for (const jitless of [false, true])
    it(`a closed parser${jitless ? ' (jitless)' : ''} vouches only for inputs the input scan finds nothing wrong with`, () => {
      const closed = Object.entries(schemas).flatMap(([name, schema]) => {
        z.config({ jitless });
        try {
          const compiled = compileSchema(schema);
          return compiled?.closed === true ? [[name, schema, compiled.parse] as const] : [];
        } finally {
          z.config({ jitless: false });
        }
      });
      // Strict and stripping objects of compiled fields are closed; `nested` holds an uncompiled field.
      expect(closed.map(([name]) => name)).toEqual(['strings', 'numbers', 'choices']);
      let deep: unknown = 1;
      for (let i = 0; i < 300; i++) deep = { deep };
      const hostile = fc.oneof(
        fc.constantFrom(
          JSON.parse('{"__proto__": 1}'),
          { constructor: 'x' },
          { prototype: {} },
          { extra: { constructor: 1 } },
          { extra: JSON.parse('{"__proto__": {}}') },
          { extra: [{ prototype: 1 }] },
          { extra: deep },
        ),
        fc.dictionary(fc.constantFrom('extra', 'constructor', 'prototype'), fc.anything(), { maxKeys: 2 }),
      );
      let vouched = 0;
      for (const [, schema, parse] of closed)
        fc.assert(
          fc.property(nearValid(Object.keys(schema.shape)), hostile, fc.boolean(), (input, extra, add) => {
            const candidate = add ? { ...input, ...extra } : input;
            if (parse(candidate) === ASK_ZOD) return;
            vouched++;
            expect(scanInput(candidate)).toBeUndefined();
          }),
          { numRuns: 2000 },
        );
      expect(vouched).toBeGreaterThan(100);
    });

  it('a field named like a forbidden key does not open the way for one', () => {
    const schema = z.object({ constructor: z.string(), name: z.string() });
    const parse = compileParse(schema) as (input: unknown) => unknown;
    expect(parse({ constructor: 'x', name: 'a' })).toBe(ASK_ZOD);
    expect(parse(JSON.parse('{"__proto__": {"polluted": true}, "constructor": "x", "name": "a"}'))).toBe(ASK_ZOD);
  });

  it('Money.schema: its own parser accepts only what the schema accepts, and returns an equal Money', () => {
    const known = compileSchema(Money.schema);
    expect(known?.closed).toBe(true);
    let vouched = 0;
    fc.assert(
      fc.property(fc.oneof(likely.price as fc.Arbitrary<unknown>, edgeValue, fc.anything()), (input) => {
        const ours = (known as NonNullable<typeof known>).parse(input);
        if (ours === ASK_ZOD) return;
        vouched++;
        const theirs = Money.schema.safeParse(input);
        expect(theirs.success).toBe(true);
        expect(ours).toBeInstanceOf(Money);
        expect((ours as Money).equals(theirs.data as Money)).toBe(true);
        expect((ours as Money).currency).toBe((theirs.data as Money).currency);
      }),
      { numRuns: 3000 },
    );
    expect(vouched).toBeGreaterThan(100);
  });

  it('vouches for the valid inputs of the shapes it compiles', () => {
    const strings = compileParse(schemas.strings) as (input: unknown) => unknown;
    expect(strings({ street: 'Main', city: 'Lyon', code: 'FR', note: '' })).toEqual({
      street: 'Main',
      city: 'Lyon',
      code: 'FR',
      note: '',
    });
    const numbers = compileParse(schemas.numbers) as (input: unknown) => unknown;
    const input = { quantity: 2, ratio: 0.5, signed: -3, plain: -1.5, dropped: true };
    expect(numbers(input)).toEqual({ quantity: 2, ratio: 0.5, signed: -3, plain: -1.5 });
    const choices = compileParse(schemas.choices) as (input: unknown) => unknown;
    expect(choices({ kind: 3, status: 'open', direction: Direction.Down, flag: false })).not.toBe(ASK_ZOD);
    const nested = compileParse(schemas.nested) as (input: unknown) => unknown;
    const line = nested({
      sku: 'A',
      price: { amount: '1.50', currency: 'USD' },
      inner: { label: 'x', count: 0 },
      any: undefined,
    }) as { price: Money; any: unknown };
    expect(line.price.equals(Money.of('1.5', 'USD'))).toBe(true);
    expect(line.any).toBeNull();
  });

  it('leaves to zod the inputs it cannot vouch for', () => {
    const strings = compileParse(schemas.strings) as (input: unknown) => unknown;
    expect(strings({ street: '', city: 'Lyon', code: 'FR', note: '' })).toBe(ASK_ZOD);
    expect(strings({ street: 'a', city: 'Lyon', code: 'FR', note: '', extra: 1 })).toBe(ASK_ZOD);
    expect(strings({ street: 'a', city: '😀', code: 'FR', note: '' })).toBe(ASK_ZOD);
    expect(compileParse(schemas.choices)?.({ kind: 'a', status: 'open', direction: 'Up', flag: true })).toBe(ASK_ZOD);
  });

  it('does not compile what decides key presence or transforms the whole object', () => {
    expect(compileParse(z.object({ a: z.string().optional() }))).toBeUndefined();
    expect(compileParse(z.object({ a: z.string().default('x') }))).toBeUndefined();
    expect(compileParse(z.looseObject({ a: z.string() }))).toBeUndefined();
    expect(compileParse(z.object({ a: z.string() }).refine(() => true))).toBeUndefined();
    expect(compileParse(z.string())).toBeUndefined();
  });
});
