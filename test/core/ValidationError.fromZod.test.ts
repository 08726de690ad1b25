import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { ValidationError } from '../../src/core/ValidationError.js';

describe('ValidationError.fromZod', () => {
  it('takes the rule of a custom issue from params.rule', () => {
    const schema = z.object({ zip: z.string() }).superRefine((value, ctx) => {
      if (value.zip !== '12345') {
        ctx.addIssue({ code: 'custom', path: ['zip'], message: 'Bad zip', params: { rule: 'invalid_postal_code' } });
      }
    });
    const result = schema.safeParse({ zip: 'x' });
    expect(result.success).toBe(false);
    const error = ValidationError.fromZod('Address', (result as { error: z.ZodError }).error);
    expect(error.field).toBe('zip');
    expect(error.rule).toBe('invalid_postal_code');
  });

  it("keeps 'custom' when the custom issue names no rule, and zod's code otherwise", () => {
    const refined = z.string().refine((s) => s.length > 3, 'Too short');
    const custom = ValidationError.fromZod('Thing', (refined.safeParse('ab') as { error: z.ZodError }).error);
    expect(custom.rule).toBe('custom');
    const typed = ValidationError.fromZod('Thing', (z.string().safeParse(1) as { error: z.ZodError }).error);
    expect(typed.rule).toBe('invalid_type');
  });

  it('ignores params.rule on issues that are not custom and non-string rules', () => {
    const error = ValidationError.fromZod('Thing', {
      issues: [
        { path: ['a'], code: 'too_small', message: 'm', params: { rule: 'nope' } },
        { path: ['b'], code: 'custom', message: 'm', params: { rule: 42 } },
      ],
    });
    expect(error.issues.map((issue) => issue.rule)).toEqual(['too_small', 'custom']);
  });
});
