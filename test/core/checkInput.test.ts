import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { Address } from '../../src/address/index.js';
import { scanInput } from '../../src/core/forbiddenKeyPath.js';
import { defineCommand, defineQuery } from '../../src/cqrs/index.js';
import { defineEvent, defineValueObject, ValidationError } from '../../src/index.js';

/** `{ a: { a: … { a: leaf } } }`, `depth` objects deep, built without recursion. */
const nested = (depth: number, leaf: unknown = 1): unknown => {
  let value: unknown = leaf;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
};
const nestedArrays = (depth: number): unknown => {
  let value: unknown = [];
  for (let i = 0; i < depth; i++) value = [value];
  return value;
};
const DEEP = 20_000; // far past what a recursive walk survives (≈5,000 levels)

class Tags extends defineValueObject('Tags', z.object({ tags: z.unknown() })) {}
const Noted = defineEvent('Noted', z.object({ note: z.unknown() }));
const Note = defineCommand('Note', z.object({ note: z.unknown() }));
const FindNotes = defineQuery('FindNotes', z.object({ filter: z.unknown() }), z.unknown());
const envelope = (payload: unknown) => ({
  id: '01890a5d-ac96-774b-bcce-b302099a8057',
  type: 'Noted',
  schemaVersion: 1,
  aggregateId: 'n-1',
  aggregateVersion: 1,
  occurredAt: '2026-01-01T00:00:00.000Z',
  payload,
  metadata: {},
});

/** The error of a failed safe result (undefined on success). */
const errorOf = (result: { readonly success: true } | { readonly success: false; readonly error: ValidationError }) =>
  result.success ? undefined : result.error;

const expectTooDeep = (error: unknown) => {
  expect(error).toBeInstanceOf(ValidationError);
  expect((error as ValidationError).rule).toBe('too_deep');
};

describe('deep input', () => {
  it('is a too_deep ValidationError from every factory and safe parser, never a RangeError', () => {
    const deep = nested(DEEP);
    const safeVo = Tags.safeCreate({ tags: deep });
    expect(safeVo.success).toBe(false);
    if (!safeVo.success) expectTooDeep(errorOf(safeVo));
    expect(() => Tags.create({ tags: deep })).toThrow(ValidationError);
    expectTooDeep(errorOf(Address.safeCreate({ lines: [deep], locality: 'x', country: 'US' })));
    expect(() => Noted({ note: deep })).toThrow(ValidationError);
    expectTooDeep(errorOf(Noted.safeParse(envelope(deep))));
    expect(() => Noted.parse(envelope(nestedArrays(DEEP)))).toThrow(ValidationError);
    expect(() => Note({ note: deep })).toThrow(ValidationError);
    expectTooDeep(errorOf(Note.safeParse({ type: 'Note', payload: { note: deep } })));
    expectTooDeep(errorOf(FindNotes.safeParse({ type: 'FindNotes', payload: { filter: nestedArrays(DEEP) } })));
  });

  it('names the path down to the level that is too deep', () => {
    const problem = scanInput({ x: [nested(10)] }, 5);
    expect(problem).toEqual({ rule: 'too_deep', path: ['x', 0, 'a', 'a', 'a'] });
  });

  it('accepts nesting up to the limit and freezes it all the way down', () => {
    const made = Tags.create({ tags: nested(250) });
    let level: unknown = made.props.tags;
    let depth = 0;
    while (typeof level === 'object' && level !== null) {
      expect(Object.isFrozen(level)).toBe(true);
      level = (level as { a: unknown }).a;
      depth++;
    }
    expect(depth).toBe(250);
  });

  it('finds a forbidden key at any depth and names its path', () => {
    const hostile = JSON.parse(`{"a":[{"b":1},{"c":{"__proto__":{"polluted":true}}}]}`);
    expect(scanInput(hostile)).toEqual({ rule: 'forbidden_key', path: ['a', 1, 'c', '__proto__'] });
    expect(scanInput({ a: { b: [1, { constructor: 1 }] } })).toEqual({
      rule: 'forbidden_key',
      path: ['a', 'b', 1, 'constructor'],
    });
  });

  it('agrees with a recursive reference walk on shallow JSON (property)', () => {
    const reference = (value: unknown, path: PropertyKey[] = []): PropertyKey[] | undefined => {
      if (typeof value !== 'object' || value === null) return undefined;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const found = reference(value[i], [...path, i]);
          if (found) return found;
        }
        return undefined;
      }
      if (Object.hasOwn(value, '__proto__')) return [...path, '__proto__'];
      for (const key of Object.keys(value)) {
        if (key === 'constructor' || key === 'prototype') return [...path, key];
        const found = reference((value as Record<string, unknown>)[key], [...path, key]);
        if (found) return found;
      }
      return undefined;
    };
    const key = fc.oneof(fc.constantFrom('constructor', 'prototype', '__proto__', 'a', 'b'), fc.string());
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.integer(),
        fc.string(),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(key, tie('value'), { maxKeys: 4 }).map((d) => JSON.parse(JSON.stringify(d))),
      ),
    })).value;
    fc.assert(
      fc.property(json, (value) => {
        expect(scanInput(value, Number.POSITIVE_INFINITY)?.path).toEqual(reference(value));
      }),
    );
  });
});

describe('unreadable input', () => {
  const hostile = () =>
    new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('trap');
        },
        get: () => {
          throw new Error('trap');
        },
        getPrototypeOf: () => Object.prototype,
      },
    );
  const throwingGetter = () =>
    Object.defineProperty({}, 'note', {
      enumerable: true,
      get: () => {
        throw new TypeError('getter');
      },
    });

  it('is a ValidationError (rule unreadable) from safe* and create/parse, with the thrown error as cause', () => {
    for (const input of [hostile(), throwingGetter()]) {
      const results = [
        Tags.safeCreate({ tags: input }),
        Tags.safeCreate(input),
        Address.safeCreate(input),
        Noted.safeParse(envelope(input)),
        Noted.safeParse(input),
        Note.safeParse(input),
        FindNotes.safeParse({ type: 'FindNotes', payload: input }),
      ];
      for (const result of results) {
        expect(result.success).toBe(false);
        expect(errorOf(result)).toBeInstanceOf(ValidationError);
      }
      expect(() => Noted(input as never)).toThrow(ValidationError);
      expect(() => Note(input as never)).toThrow(ValidationError);
      expect(() => Tags.create(input as never)).toThrow(ValidationError);
    }
    const result = Tags.safeCreate(throwingGetter());
    expect(errorOf(result)?.rule).toBe('unreadable');
    expect(errorOf(result)?.cause).toBeInstanceOf(TypeError);
  });
});

describe('event metadata and type', () => {
  it('rejects an empty event type at definition', () => {
    expect(() => defineEvent('', z.object({}))).toThrow(ValidationError);
  });

  it('validates the metadata of an event draft as commands do', () => {
    expect(() => Noted({ note: 1 }, 'req-1' as never)).toThrow(ValidationError);
    expect(() => Noted({ note: 1 }, JSON.parse('{"__proto__":{"x":1}}'))).toThrow(ValidationError);
    expect(() => Noted({ note: 1 }, { correlationId: '' })).toThrow(ValidationError);
    expect(Noted({ note: 1 }, { correlationId: 'req-1', tenant: 't' }).metadata).toEqual({
      correlationId: 'req-1',
      tenant: 't',
    });
  });
});
