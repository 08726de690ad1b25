import type { StandardSchemaV1 } from '@standard-schema/spec';
import { type } from 'arktype';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { ValidationError } from '../../src/core/ValidationError.js';

const failureOf = (schema: StandardSchemaV1, input: unknown): StandardSchemaV1.FailureResult => {
  const result = schema['~standard'].validate(input);
  if (result instanceof Promise || result.issues === undefined) throw new Error('expected a synchronous failure');
  return result;
};

describe('ValidationError.fromStandard', () => {
  it("maps valibot: a schema issue is 'invalid_type', any other its action's type", () => {
    const schema = v.object({ email: v.pipe(v.string(), v.email()), age: v.number(), nick: v.string() });
    const error = ValidationError.fromStandard('User', failureOf(schema, { email: 'nope', nick: 3 }));
    expect(error.issues.map(({ field, rule }) => [field, rule])).toEqual([
      ['email', 'email'],
      ['age', 'invalid_type'],
      ['nick', 'invalid_type'],
    ]);
    const checked = v.pipe(
      v.string(),
      v.check((s) => s !== 'x', 'taken'),
    );
    expect(ValidationError.fromStandard('Nick', failureOf(checked, 'x'))).toMatchObject({ field: '', rule: 'check' });
  });

  it("maps arktype: the issue's own code", () => {
    const schema = type({ name: 'string > 2', age: 'number', tags: 'string[]' });
    const error = ValidationError.fromStandard('User', failureOf(schema, { name: 'ab', tags: [1] }));
    expect(error.issues.map(({ field, rule }) => [field, rule])).toEqual([
      ['age', 'required'],
      ['name', 'minLength'],
      ['tags.0', 'domain'],
    ]);
    expect(ValidationError.fromStandard('Name', failureOf(type('string'), 1))).toMatchObject({
      field: '',
      rule: 'domain',
    });
  });

  it('maps zod through its standard interface as fromZod does', () => {
    const schema = z.object({ zip: z.string().refine((s) => s.length === 5, { params: { rule: 'bad_zip' } }) });
    const viaStandard = ValidationError.fromStandard('Address', failureOf(schema, { zip: '1' }));
    const viaZod = ValidationError.fromZod('Address', schema.safeParse({ zip: '1' }).error as z.ZodError);
    expect(viaStandard.issues).toEqual(viaZod.issues);
    expect(viaStandard.rule).toBe('bad_zip');
  });

  it("reads { key } path segments and any property key, and says 'invalid' when an issue names no rule", () => {
    const symbol = Symbol('meta');
    const failure: StandardSchemaV1.FailureResult = {
      issues: [
        { message: 'Bad', path: [{ key: 'lines' }, 0, { key: symbol }] },
        { message: 'Whole' },
        { message: 'Odd', path: [], code: '', type: 7 } as StandardSchemaV1.Issue,
      ],
    };
    const error = ValidationError.fromStandard('Order', failure);
    expect(error.issues).toEqual([
      { path: ['lines', 0, symbol], field: 'lines.0.Symbol(meta)', rule: 'invalid', message: 'Bad' },
      { path: [], field: '', rule: 'invalid', message: 'Whole' },
      { path: [], field: '', rule: 'invalid', message: 'Odd' },
    ]);
    expect(error.cause).toBe(failure);
    expect(Object.isFrozen(error.issues[0]?.path)).toBe(true);
    expect(error.message).toBe('Invalid Order: lines.0.Symbol(meta): Bad (invalid); Whole (invalid); Odd (invalid)');
  });
});
