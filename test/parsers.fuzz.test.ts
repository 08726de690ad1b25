/**
 * A size-bounded fuzz of every public parser of outside data: hostile values (deep nesting, huge
 * strings and arrays, forbidden keys, NaN and friends, bigints, symbols, functions, throwing
 * getters and proxies) must give a success or a `ValidationError` (a `MessageDecodeError` from
 * `decodeMessage`), never another exception, and each call must stay within 50 ms of CPU time.
 * CPU time rather than wall time, so that other work on a shared machine does not fail the test.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { Address } from '../src/address/index.js';
import { decodeMessage, defineCommand, defineQuery, MessageDecodeError } from '../src/cqrs/index.js';
import { defineEventRegistry } from '../src/event-sourcing/index.js';
import { defineEvent, defineId, defineValueObject, ValidationError } from '../src/index.js';
import { Currency, ExchangeRate, Money } from '../src/money/index.js';
import { Specification } from '../src/specification/index.js';

const BUDGET_MS = 50;
const RUNS = 40;

/** `depth` levels of objects or arrays, built without recursion. */
function nest(depth: number, arrays: boolean): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = arrays ? [value] : { a: value };
  return value;
}
const throwingGetter = (): unknown =>
  Object.defineProperty({}, 'amount', {
    enumerable: true,
    get: () => {
      throw new TypeError('getter');
    },
  });
/** Throws on every string key it is asked about (symbol keys, which fast-check looks up, are let through). */
const throwingProxy = (): unknown =>
  new Proxy(
    {},
    {
      get: (_, key) => {
        if (typeof key === 'symbol') return undefined;
        throw new Error('get trap');
      },
      has: (_, key) => {
        if (typeof key === 'symbol') return false;
        throw new Error('has trap');
      },
      ownKeys: () => {
        throw new Error('ownKeys trap');
      },
    },
  );
/**
 * Stands for an object whose getter or Proxy traps throw: fast-check itself reads the values it
 * makes, so the hostile object is built by {@link materialize} just before the parser runs.
 */
class Unreadable {
  constructor(readonly kind: 'getter' | 'proxy') {}
}
/** Replaces each `Unreadable` (at the top or one level down) by the object it stands for. */
function materialize(value: unknown): unknown {
  const make = (item: unknown) =>
    item instanceof Unreadable ? (item.kind === 'getter' ? throwingGetter() : throwingProxy()) : item;
  if (Array.isArray(value) && value.length < 100) return value.map(make);
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, make(item)]));
  }
  return make(value);
}
const protoKeys = (): unknown => JSON.parse('{"__proto__":{"polluted":1},"constructor":{"prototype":{}}}');

const hostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.anything({ maxDepth: 3, withBigInt: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true }),
  fc
    .record({ depth: fc.integer({ min: 1, max: 20_000 }), arrays: fc.boolean() })
    .map(({ depth, arrays }) => nest(depth, arrays)),
  fc
    .record({
      size: fc.integer({ min: 0, max: 300_000 }),
      char: fc.constantFrom('9', 'x', ' ', '.', '\u0000', '\ud800'),
    })
    .map(({ size, char }) => char.repeat(size)),
  fc.integer({ min: 0, max: 10_000 }).map((size) => new Array(size).fill('1')),
  fc.constantFrom<unknown>(Number.NaN, Number.POSITIVE_INFINITY, -0, 2 ** 53, 1e308, 10n ** 40n, undefined, null, true),
  fc.constant(Symbol('s')),
  fc.constant(() => 1),
  fc.constantFrom(new Unreadable('getter'), new Unreadable('proxy')),
  fc.constant(null).map(protoKeys),
);
/** Either a plausible value for a field or a hostile one. */
const field = (...plausible: unknown[]) => fc.oneof(fc.constantFrom(...plausible), hostile);

/** Runs `parse` and fails unless it succeeds or throws one of `allowed`, within the CPU budget. */
function check(
  parse: () => unknown,
  allowed: readonly (abstract new (...args: never[]) => Error)[] = [ValidationError],
) {
  const run = (): number => {
    const start = process.cpuUsage();
    try {
      parse();
    } catch (error) {
      if (!allowed.some((kind) => error instanceof kind)) {
        const where =
          error instanceof Error ? (error.stack ?? '').split('\n').filter((line) => line.includes('/src/')) : [];
        const what = error instanceof Error ? `${error.name}: ${error.message.slice(0, 200)}` : typeof error;
        throw new Error(`threw ${what}\n${where.slice(0, 3).join('\n')}`);
      }
    }
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000;
  };
  // A garbage collection can land in any call: a slow call gets one more try.
  const ms = Math.min(run(), run());
  expect(ms, 'CPU milliseconds for one call').toBeLessThan(BUDGET_MS);
}

const property = <T>(
  arbitrary: fc.Arbitrary<T>,
  parse: (input: T) => unknown,
  allowed?: readonly (abstract new (...args: never[]) => Error)[],
) =>
  fc.assert(
    fc.property(arbitrary, (input) => check(() => parse(materialize(input) as T), allowed)),
    { numRuns: RUNS },
  );

const OrderId = defineId('Order');
class Profile extends defineValueObject(
  'Profile',
  z.object({
    name: z.string().max(100),
    tags: z.array(z.string()).max(10),
    extra: z.record(z.string(), z.unknown()).optional(),
  }),
) {}
const Note = z.object({ text: z.string().max(1000), data: z.unknown().optional() });
const Noted = defineEvent('Noted', Note);
const AddNote = defineCommand('AddNote', Note);
const FindNotes = defineQuery('FindNotes', Note, z.unknown());
const registry = defineEventRegistry({ current: [Noted] });
const envelope = fc.record({
  id: field('01890a5d-ac96-774b-bcce-b302099a8057'),
  type: field('Noted'),
  schemaVersion: field(1),
  aggregateId: field('n-1'),
  aggregateVersion: field(1),
  occurredAt: field('2026-01-01T00:00:00.000Z'),
  payload: fc.oneof(fc.record({ text: field('hi'), data: hostile }), hostile),
  metadata: field({}, { correlationId: 'c' }),
});
const usd = Money.of('100.00', 'USD');

// Generous per-test timeouts: the CPU budget per call is what is asserted, not the wall time.
describe('every public parser, fuzzed with hostile input of bounded size', { timeout: 60_000 }, () => {
  it('ids: parse, safeParse, schema', () => {
    property(field(OrderId.create()), (input) => OrderId.parse(input));
    property(hostile, (input) => void OrderId.safeParse(input));
    property(hostile, (input) => void OrderId.schema.safeParse(input));
  });

  it('value objects and Address: create, safeCreate, fromJSON', () => {
    property(fc.oneof(fc.record({ name: field('a'), tags: field(['t']), extra: hostile }), hostile), (input) =>
      Profile.create(input as never),
    );
    property(hostile, (input) => {
      const result = Profile.safeCreate(input);
      if (!result.success) expect(result.error).toBeInstanceOf(ValidationError);
    });
    const address = fc.record({
      lines: field(['1 Main St']),
      locality: field('Springfield'),
      region: field('IL', undefined),
      postalCode: field('62701', undefined),
      country: field('US', 'us', 'GB'),
    });
    property(fc.oneof(address, hostile), (input) => Address.create(input as never));
    property(fc.oneof(address, hostile), (input) => void Address.safeCreate(input));
    property(fc.oneof(address, hostile), (input) => Address.fromJSON(input));
  });

  it('money: of, fromMinor, fromJSON, schema, ExchangeRate, Currency, split, allocate, multiply', () => {
    const code = field('USD', 'JPY', 'BHD', ['USD']);
    property(fc.tuple(field('19.99', 19.99), code), ([amount, currency]) =>
      Money.of(amount as never, currency as never),
    );
    property(fc.tuple(field(1999n, 1999), code), ([minor, currency]) =>
      Money.fromMinor(minor as never, currency as never),
    );
    const json = fc.oneof(fc.record({ amount: field('19.99'), currency: code }), hostile);
    property(json, (input) => Money.fromJSON(input));
    // Money.schema is a zod schema: it is read through a factory that takes outside data.
    class Line extends defineValueObject('Line', z.strictObject({ price: Money.schema })) {}
    property(json, (price) => void Line.safeCreate({ price }));
    const rate = fc.oneof(fc.record({ from: code, to: code, rate: field('1.0825') }), hostile);
    property(rate, (input) => ExchangeRate.fromJSON(input));
    property(fc.tuple(code, code, field('1.0825')), ([from, to, r]) =>
      ExchangeRate.of(from as never, to as never, r as never),
    );
    property(code, (input) => Currency.of(input as never));
    property(field(3, 1_000_000, 1e9, 2 ** 31), (parts) => usd.split(parts as number));
    property(field([1, 2], ['0.5', 0.25]), (ratios) => usd.allocate(ratios as never));
    property(field('1.5', 3), (factor) => usd.multiply(factor as never));
  });

  it('events, commands and queries: create, parse, safeParse, registry', () => {
    property(
      fc.tuple(fc.oneof(fc.record({ text: field('hi'), data: hostile }), hostile), field(undefined, {})),
      ([payload, metadata]) => Noted(payload as never, metadata as never),
    );
    property(fc.oneof(envelope, hostile), (input) => Noted.parse(input));
    property(fc.oneof(envelope, hostile), (input) => void Noted.safeParse(input));
    property(fc.oneof(envelope, hostile), (input) => registry.parse(input));
    property(fc.oneof(envelope, hostile), (input) => registry.parsePayload(input as never));
    const message = (type: string) =>
      fc.oneof(
        fc.record({ type: field(type), id: field('m-1', undefined), payload: hostile, metadata: field({}, undefined) }),
        hostile,
      );
    property(message('AddNote'), (input) => AddNote.parse(input));
    property(message('FindNotes'), (input) => void FindNotes.safeParse(input));
    property(fc.tuple(hostile, field({}, { id: 'x' })), ([payload, options]) =>
      AddNote(payload as never, options as never),
    );
  });

  it('specifications and message envelopes', () => {
    const node = fc.oneof(
      fc.record({ op: field('eq', 'and', 'in'), field: field('status'), value: hostile, of: hostile }),
      hostile,
    );
    property(fc.oneof(fc.record({ spec: node }), hostile), (input) => Specification.fromJSON(input));
    const deepText = fc
      .record({ depth: fc.integer({ min: 1, max: 20_000 }), open: fc.constantFrom('[', '{"a":') })
      .map(({ depth, open }) => `${open.repeat(depth)}1${(open === '[' ? ']' : '}').repeat(depth)}`);
    const text = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify({ id: 'x', type: 'T', payload: value })),
      deepText,
      fc.string(),
      hostile.map((value) => (typeof value === 'string' ? value : typeof value)),
    );
    property(text, (input) => decodeMessage(input), [MessageDecodeError]);
  });
});
