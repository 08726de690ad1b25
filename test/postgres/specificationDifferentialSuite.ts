import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Money } from '../../src/money/index.js';
import { type SqlClient, toSql } from '../../src/postgres/index.js';
import { type Specification, spec } from '../../src/specification/index.js';
import { freshSchema } from './fixtures.js';

/** The candidates: every field optional or null, each of one kind, as the typed builders see them. */
interface Doc {
  readonly id: string;
  readonly s?: string | null | undefined;
  readonly n?: number | null | undefined;
  readonly b?: boolean | null | undefined;
  readonly d?: Date | null | undefined;
  readonly m?: Money | null | undefined;
  readonly o?: { readonly s?: string | null | undefined; readonly n?: number | null | undefined } | null | undefined;
}

/** No lone surrogate (PostgreSQL cannot hold one). */
const isWellFormed = (s: string): boolean =>
  !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

const MIN = Date.parse('0001-01-01T00:00:00.000Z');
const MAX = Date.parse('9999-12-31T23:59:59.999Z');

// Few distinct values, so that equalities hit; around the BMP/astral boundary for strings.
// ISO texts too, as a string field may hold them (and a date is stored as one): with an offset,
// sub-millisecond digits, an impossible day, a local year 1 that is year 0 in UTC.
const isoText = fc.constantFrom(
  '2026-11-22T10:00:00.000Z',
  '2026-11-22T11:00:00+01:00',
  '2026-11-22T10:00:00.0009Z',
  '2026-11-22T10:00:00.999999Z',
  '2026-11-22T10:00Z',
  '2026-02-29T00:00:00Z',
  '2028-02-29T00:00:00Z',
  '2026-04-31T00:00:00Z',
  '0001-01-01T00:00:00+14:00',
  '9999-12-31T23:59:59.999-14:00',
  '2026-11-22',
  '2026-11-22T10:00:00.000z',
);
const text = fc.oneof(
  fc.constantFrom('', 'a', 'ab', 'B', 'é', '%', '_', '\\', '\uD7FF', '\uE000', '\uFFFF', '😀', 'a😀', 'a\uFFFF'),
  isoText,
  fc.string({ unit: 'binary', maxLength: 4 }).filter((s) => isWellFormed(s) && !s.includes('\u0000')),
);
const number = fc.oneof(
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom(0.1, 0.5, 1e21, -1e-7, 2 ** 53),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const inRange = fc.oneof(
  fc
    .constantFrom(MIN, MAX, 0, Date.parse('2026-11-22T10:00:00.000Z'), Date.parse('2026-11-22T10:00:00.001Z'))
    .map((t) => new Date(t)),
  fc.date({ min: new Date(MIN), max: new Date(MAX), noInvalidDate: true }),
);
// Candidates may hold any date, even outside years 1–9999.
const anyDate = fc.oneof(inRange, fc.date({ noInvalidDate: true }));
const money = fc
  .tuple(fc.integer({ min: -2000, max: 2000 }), fc.constantFrom('EUR' as const, 'USD' as const, 'JPY' as const))
  .map(([minor, currency]) => Money.fromMinor(BigInt(minor), currency));
const optional = <T>(value: fc.Arbitrary<T>) => fc.option(fc.option(value, { nil: null }), { nil: undefined });

const docArb = fc.record(
  {
    s: optional(text),
    n: optional(number),
    b: optional(fc.boolean()),
    d: optional(anyDate),
    m: optional(money),
    o: optional(fc.record({ s: optional(text), n: optional(number) }, { requiredKeys: [] })),
  },
  { requiredKeys: [] },
);

type Leaf = fc.Arbitrary<Specification<Doc>>;
const ordered = <T>(field: string, value: fc.Arbitrary<T>): Leaf[] => {
  const s = spec as unknown as Record<string, (...args: unknown[]) => Specification<Doc>>;
  const one = (op: string) => value.map((v) => (s[op] as (f: string, v: T) => Specification<Doc>)(field, v));
  return [
    ...['eq', 'ne', 'gt', 'gte', 'lt', 'lte'].map(one),
    fc.array(value, { maxLength: 12 }).map((values) => spec.in(field as never, values as never) as Specification<Doc>),
    fc
      .array(value, { maxLength: 12 })
      .map((values) => spec.notIn(field as never, values as never) as Specification<Doc>),
    fc
      .tuple(value, value)
      .map(([low, high]) => spec.between(field as never, low as never, high as never) as Specification<Doc>),
    fc.constant(spec.isNull(field as never) as Specification<Doc>),
  ];
};
const textLeaves = (field: string): Leaf[] => [
  ...ordered(field, text),
  ...(['contains', 'startsWith', 'endsWith'] as const).map((op) =>
    text.map((v) => spec[op](field as never, v as never) as Specification<Doc>),
  ),
];
const leaf = fc.oneof(
  ...textLeaves('s'),
  ...ordered('n', number),
  fc.boolean().map((v) => spec.eq('b' as never, v as never) as Specification<Doc>),
  fc.array(fc.boolean(), { maxLength: 2 }).map((v) => spec.in('b' as never, v as never) as Specification<Doc>),
  fc.constant(spec.isNull('b' as never) as Specification<Doc>),
  ...ordered('d', inRange),
  ...ordered('m', money),
  ...textLeaves('o.s'),
  ...ordered('o.n', number),
  // Across kinds, as a specification read without a schema may hold them: a string literal meets a
  // date as the ISO text JSON stores, a date literal meets a string as the instant it names.
  ...ordered('d', fc.oneof(text, isoText)),
  ...(['contains', 'startsWith', 'endsWith'] as const).map((op) =>
    fc.constantFrom('2026', 'T10', 'Z', '.000Z').map((v) => spec[op]('d' as never, v as never) as Specification<Doc>),
  ),
  ...ordered('s', inRange),
  ...ordered('o.s', fc.constantFrom(...['2026-11-22T10:00:00.000Z', '2028-02-29T00:00:00Z'].map((t) => new Date(t)))),
);
const specArb: fc.Arbitrary<Specification<Doc>> = fc.letrec<{ node: Specification<Doc> }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('node'), { maxLength: 3 }).map((of) => spec.all(of)),
    fc.array(tie('node'), { maxLength: 3 }).map((of) => spec.any(of)),
    tie('node').map((inner) => inner.not()),
  ),
})).node;

/**
 * The differential property: a specification built with the typed builders selects the same
 * candidates in memory (`isSatisfiedBy`) as through `toSql` over their JSON documents.
 */
export function specificationDifferentialSuite(client: () => SqlClient, numRuns = 1000): void {
  describe('specifications in memory and in SQL', () => {
    const schema = freshSchema();
    const table = `"${schema}".docs`;
    const docs: Doc[] = fc
      .sample(docArb, { numRuns: 200, seed: 20261206 })
      .map((doc, i) => ({ ...doc, id: `d${String(i).padStart(3, '0')}` }));
    beforeAll(async () => {
      await client().query(`CREATE SCHEMA "${schema}"`);
      await client().query(`CREATE TABLE ${table} (id TEXT PRIMARY KEY, data JSONB NOT NULL)`);
      await client().query(
        `INSERT INTO ${table} (id, data) SELECT d->>'id', d FROM jsonb_array_elements($1::jsonb) AS d`,
        [JSON.stringify(docs)],
      );
    });
    afterAll(async () => {
      await client().query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    });

    it(`agree on ${numRuns} generated specifications over generated documents`, async () => {
      await fc.assert(
        fc.asyncProperty(specArb, async (specification) => {
          const { text: where, params } = toSql(specification);
          const { rows } = await client().query<{ id: string }>(
            `SELECT id FROM ${table} WHERE ${where} ORDER BY id`,
            params,
          );
          const inMemory = docs.filter((doc) => specification.isSatisfiedBy(doc)).map((doc) => doc.id);
          expect(rows.map((row) => row.id)).toEqual(inMemory);
        }),
        { numRuns },
      );
    }, 120_000);
  });
}
