import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileNode } from '../../src/specification/compileNode.js';
import { type Literal, Specification, type SpecNode } from '../../src/specification/index.js';
import { FakeMoney } from './Money.fixture.js';

// --- a reference interpreter, written for clarity rather than speed ---------------------------

function get(candidate: unknown, field: string): unknown {
  let value = candidate;
  for (const key of field.split('.')) {
    if (value === null || value === undefined) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** Scales a decimal string to an integer count of 1/10000. */
const scaled = (amount: string): bigint => {
  const negative = amount.startsWith('-');
  const [whole = '0', fraction = ''] = amount.replace('-', '').split('.');
  const value = BigInt(whole) * 10_000n + BigInt(fraction.padEnd(4, '0'));
  return negative ? -value : value;
};

/** The ISO text JSON stores for a date: what a string literal is compared with. */
const isoText = (actual: unknown): unknown =>
  actual instanceof Date ? (Number.isNaN(actual.getTime()) ? null : actual.toISOString()) : actual;

/** The instant an ISO 8601 date-time with an offset names (+0.5 for digits past the millisecond), else undefined. */
function isoInstant(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(?:Z|([+-])(\d{2}):(\d{2}))$/.exec(
    text,
  );
  if (m === null) return undefined;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as number[];
  const ms = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3)) + (/[1-9]/.test((m[7] ?? '').slice(3)) ? 0.5 : 0);
  const offset = m[8] === undefined ? 0 : (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10]));
  if ((year as number) < 1 || (hour as number) > 23 || (minute as number) > 59 || (second as number) > 59)
    return undefined;
  if ((month as number) < 1 || (month as number) > 12 || Number(m[9] ?? 0) > 14 || Number(m[10] ?? 0) > 59)
    return undefined;
  const date = new Date(0);
  date.setUTCFullYear(year as number, (month as number) - 1, day as number);
  if (date.getUTCDate() !== day) return undefined; // no 30 February
  date.setUTCHours(hour as number, minute as number, second as number, Math.floor(ms));
  return date.getTime() + (ms % 1) - offset * 60_000;
}

function compare(actual: unknown, literal: Literal): number | undefined {
  const sign = (a: number | bigint | string | boolean, b: typeof a) => (a < b ? -1 : a > b ? 1 : 0);
  if (typeof literal === 'string') {
    const text = isoText(actual);
    return typeof text === 'string' ? sign(text, literal) : undefined;
  }
  if (typeof literal === 'boolean') {
    return typeof actual === typeof literal ? sign(actual as boolean, literal) : undefined;
  }
  if (typeof literal === 'number') {
    return typeof actual === 'number' && !Number.isNaN(actual) ? sign(actual, literal) : undefined;
  }
  if ('$date' in literal) {
    if (typeof actual === 'string') {
      const time = isoInstant(actual);
      return time === undefined ? undefined : sign(time, new Date(literal.$date).getTime());
    }
    if (!(actual instanceof Date) || Number.isNaN(actual.getTime())) return undefined;
    return sign(actual.getTime(), new Date(literal.$date).getTime());
  }
  if (!(actual instanceof FakeMoney)) return undefined;
  const json = actual.toJSON();
  if (json.currency !== literal.$money.currency) return undefined;
  return sign(scaled(json.amount), scaled(literal.$money.amount));
}

function interpret(node: SpecNode, candidate: unknown): boolean {
  switch (node.op) {
    case 'and':
      return node.of.every((child) => interpret(child, candidate));
    case 'or':
      return node.of.some((child) => interpret(child, candidate));
    case 'not':
      return !interpret(node.of, candidate);
    case 'predicate':
      throw new Error('not generated');
    case 'isNull':
      return get(candidate, node.field) == null;
    case 'in':
      return node.values.some((value) => compare(get(candidate, node.field), value) === 0);
    case 'notIn':
      return !node.values.some((value) => compare(get(candidate, node.field), value) === 0);
    case 'between': {
      const actual = get(candidate, node.field);
      const low = compare(actual, node.low);
      const high = compare(actual, node.high);
      return low !== undefined && high !== undefined && low >= 0 && high <= 0;
    }
    case 'contains':
    case 'startsWith':
    case 'endsWith': {
      const actual = isoText(get(candidate, node.field));
      if (typeof actual !== 'string') return false;
      if (node.op === 'contains') return actual.includes(node.value);
      return node.op === 'startsWith' ? actual.startsWith(node.value) : actual.endsWith(node.value);
    }
    default: {
      const order = compare(get(candidate, node.field), node.value);
      if (node.op === 'ne') return order !== 0;
      if (order === undefined) return false;
      return { eq: order === 0, gt: order > 0, gte: order >= 0, lt: order < 0, lte: order <= 0 }[node.op];
    }
  }
}

// --- generators -------------------------------------------------------------------------------

// ISO texts too: a string literal meets a Date as the text JSON stores, a { $date } literal meets a
// string as the instant it names (sub-millisecond digits cut, impossible days not a date).
const strings = fc.constantFrom(
  '',
  'a',
  'ab',
  'b',
  'ba',
  'A',
  'é',
  'ab b',
  '2026-01-01T00:00:00.000Z',
  '2026-01',
  'T00:00:00.000Z',
  '2026-01-02T01:00:00+01:00',
  '2026-01-01T00:00:00.0009Z',
  '2026-06-01T00:00Z',
  '2026-02-30T00:00:00Z',
  '2026-01-01',
);
const numbers = fc.constantFrom(-1, 0, 1, 2.5, 100);
const times = [Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 2), Date.UTC(2026, 5, 1)];
const amounts = fc.constantFrom('-1.50', '0.00', '1.5', '1.50', '2.00', '19.99');
const currencies = fc.constantFrom('EUR', 'USD');

const literal: fc.Arbitrary<Literal> = fc.oneof(
  strings,
  numbers,
  fc.boolean(),
  fc.constantFrom(...times).map((time) => ({ $date: new Date(time).toISOString() })),
  fc.record({ amount: amounts, currency: currencies }).map(($money) => ({ $money })),
);

const value = fc.oneof(
  strings,
  numbers,
  fc.constant(Number.NaN),
  fc.boolean(),
  fc.constantFrom(...times).map((time) => new Date(time)),
  fc.constant(new Date(Number.NaN)),
  fc.tuple(amounts, currencies).map(([amount, currency]) => FakeMoney.of(amount, currency)),
  fc.constant(null),
  fc.constant(undefined),
);

const FIELDS = ['s', 'n', 'd', 'm', 'b', 'x.s', 'x.n', 'x.y.z', 'missing'] as const;
const field = fc.constantFrom(...FIELDS);

const candidate = fc.record({
  s: value,
  n: value,
  d: value,
  m: value,
  b: value,
  x: fc.oneof(
    fc.constant(null),
    fc.record({ s: value, n: value, y: fc.oneof(fc.constant(undefined), fc.record({ z: value })) }),
  ),
});

const leaf: fc.Arbitrary<SpecNode> = fc.oneof(
  fc.record({
    op: fc.constantFrom('eq', 'ne', 'gt', 'gte', 'lt', 'lte'),
    field,
    value: literal,
  }) as fc.Arbitrary<SpecNode>,
  fc.record({
    op: fc.constantFrom('in', 'notIn'),
    field,
    values: fc.array(literal, { maxLength: 3 }),
  }) as fc.Arbitrary<SpecNode>,
  fc.record({ op: fc.constant('between'), field, low: literal, high: literal }) as fc.Arbitrary<SpecNode>,
  fc.record({
    op: fc.constantFrom('contains', 'startsWith', 'endsWith'),
    field,
    value: strings,
  }) as fc.Arbitrary<SpecNode>,
  fc.record({ op: fc.constant('isNull'), field }) as fc.Arbitrary<SpecNode>,
);

const { node } = fc.letrec<{ node: SpecNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({
      op: fc.constantFrom('and', 'or'),
      of: fc.array(tie('node'), { maxLength: 3 }),
    }) as fc.Arbitrary<SpecNode>,
    fc.record({ op: fc.constant('not'), of: tie('node') }) as fc.Arbitrary<SpecNode>,
  ),
}));

const specification = node.map((root) => Specification.fromJSON({ version: 1, spec: root }));
const runs = { numRuns: 300 };

// --- laws -------------------------------------------------------------------------------------

describe('specification laws', () => {
  it('the compiled predicate, the closures and explain agree with the reference interpreter', () => {
    fc.assert(
      fc.property(specification, fc.array(candidate, { minLength: 1, maxLength: 8 }), (s, candidates) => {
        const closures = compileNode(s.node, new Map(), false);
        for (const c of candidates) {
          const expected = interpret(s.node, c);
          expect(s.isSatisfiedBy(c)).toBe(expected);
          expect(closures(c)).toBe(expected);
          const explanation = s.explain(c);
          expect(explanation.satisfied).toBe(expected);
          // A failure always names a leaf, except for an empty `or` (false with no leaf to blame).
          if (expected) expect(explanation.failures).toEqual([]);
          else if (!JSON.stringify(s.node).includes('"of":[]')) expect(explanation.failures.length).toBeGreaterThan(0);
        }
      }),
      runs,
    );
  });

  it('De Morgan: not (a and b) = not a or not b, and not (a or b) = not a and not b', () => {
    fc.assert(
      fc.property(specification, specification, candidate, (a, b, c) => {
        expect(a.and(b).not().isSatisfiedBy(c)).toBe(a.not().or(b.not()).isSatisfiedBy(c));
        expect(a.or(b).not().isSatisfiedBy(c)).toBe(a.not().and(b.not()).isSatisfiedBy(c));
      }),
      runs,
    );
  });

  it('double negation: not (not a) = a', () => {
    fc.assert(
      fc.property(specification, candidate, (a, c) => {
        expect(a.not().not().isSatisfiedBy(c)).toBe(a.isSatisfiedBy(c));
      }),
      runs,
    );
  });

  it('and and or are associative and commutative in their results', () => {
    fc.assert(
      fc.property(specification, specification, specification, candidate, (a, b, c, x) => {
        // Named groups keep the nesting in the AST (unnamed chains are flattened).
        expect(a.and(b).named('ab').and(c).isSatisfiedBy(x)).toBe(a.and(b.and(c).named('bc')).isSatisfiedBy(x));
        expect(a.or(b).named('ab').or(c).isSatisfiedBy(x)).toBe(a.or(b.or(c).named('bc')).isSatisfiedBy(x));
        expect(a.and(b).isSatisfiedBy(x)).toBe(b.and(a).isSatisfiedBy(x));
        expect(a.or(b).isSatisfiedBy(x)).toBe(b.or(a).isSatisfiedBy(x));
      }),
      runs,
    );
  });

  it('a JSON round trip preserves the AST and the results', () => {
    fc.assert(
      fc.property(specification, fc.array(candidate, { maxLength: 5 }), (s, candidates) => {
        const back = Specification.fromJSON(JSON.parse(JSON.stringify(s)));
        expect(back.node).toEqual(s.node);
        for (const c of candidates) expect(back.isSatisfiedBy(c)).toBe(s.isSatisfiedBy(c));
      }),
      runs,
    );
  });

  it('ne is not eq, and notIn is not in', () => {
    fc.assert(
      fc.property(field, literal, fc.array(literal, { maxLength: 3 }), candidate, (f, v, vs, c) => {
        const json = (spec: SpecNode) => Specification.fromJSON({ version: 1, spec });
        expect(json({ op: 'ne', field: f, value: v }).isSatisfiedBy(c)).toBe(
          !json({ op: 'eq', field: f, value: v }).isSatisfiedBy(c),
        );
        expect(json({ op: 'notIn', field: f, values: vs }).isSatisfiedBy(c)).toBe(
          !json({ op: 'in', field: f, values: vs }).isSatisfiedBy(c),
        );
      }),
      runs,
    );
  });
});
