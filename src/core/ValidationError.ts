import type { StandardSchemaV1 } from '@standard-schema/spec';
import { DomainError } from './DomainError.js';

/**
 * One broken rule found while validating outside data.
 *
 * `path` locates the value (`['address', 'lines', 0]`), `field` is the same path written with dots
 * (`'address.lines.0'`, or `''` for the value as a whole), `rule` is the rule's code (zod's issue
 * code such as `'invalid_type'` or `'too_small'`, another validator's code as
 * {@link "tactical-ddd".ValidationError.fromStandard | ValidationError.fromStandard} maps it, or
 * one of the library's own such as `'forbidden_key'`).
 */
export interface ValidationIssue {
  readonly path: readonly PropertyKey[];
  readonly field: string;
  readonly rule: string;
  readonly message: string;
}

/** The part of a zod issue that {@link "tactical-ddd".ValidationError.fromZod | ValidationError.fromZod} reads. */
export interface ZodIssueLike {
  readonly path: readonly PropertyKey[];
  readonly code: string;
  readonly message: string;
  /** A custom issue's params; a string `rule` there names the rule instead of `'custom'`. */
  readonly params?: { readonly rule?: unknown } | undefined;
}

/**
 * Thrown when outside data (a factory's input, a parsed id, a stored event) breaks a rule.
 *
 * It names what was validated (`subject`), the first offending `field` and its `rule`, and keeps
 * every issue in `issues`. Built from a zod error, the zod error is its `cause`.
 *
 * @example
 * ```ts
 * try {
 *   Address.create({ street: '' });
 * } catch (error) {
 *   if (error instanceof ValidationError) console.log(error.field, error.rule); // 'street' 'too_small'
 * }
 * ```
 */
export class ValidationError extends DomainError {
  declare readonly name: 'ValidationError';
  declare readonly code: 'core.validation';
  /** What was being validated, such as `'Address'` or `'OrderId'`. */
  declare readonly subject: string;
  /** Every broken rule, in the order they were found; never empty. */
  declare readonly issues: readonly ValidationIssue[];

  /**
   * @param subject - What was being validated.
   * @param issues - The broken rules (at least one).
   * @param options - `cause`: the underlying error, such as a `ZodError`.
   */
  constructor(subject: string, issues: readonly ValidationIssue[], options?: { readonly cause?: unknown }) {
    const list = issues.length > 0 ? issues : [{ path: [], field: '', rule: 'invalid', message: 'Invalid value' }];
    super(`Invalid ${subject}: ${list.map(describe).join('; ')}`, options);
    this.name = 'ValidationError';
    this.code = 'core.validation';
    this.subject = subject;
    this.issues = Object.freeze(list.map((issue) => Object.freeze({ ...issue, path: Object.freeze([...issue.path]) })));
  }

  /** The dotted path of the first offending field (`''` when the whole value is wrong). */
  get field(): string {
    return (this.issues[0] as ValidationIssue).field;
  }

  /** The rule the first offending field broke, such as `'invalid_type'`. */
  get rule(): string {
    return (this.issues[0] as ValidationIssue).rule;
  }

  /**
   * Builds a `ValidationError` from a single broken rule.
   *
   * @example
   * ```ts
   * throw ValidationError.of('Money', 'amount', 'not_finite', 'Amount must be a finite number');
   * ```
   */
  static of(subject: string, field: string, rule: string, message: string): ValidationError {
    const path = field === '' ? [] : field.split('.');
    return new this(subject, [{ path, field, rule, message }]);
  }

  /**
   * Builds a `ValidationError` from a zod error (or anything with zod-shaped `issues`).
   *
   * A custom issue (from `refine`, `superRefine` or `ctx.addIssue`) can name its rule with
   * `params: { rule: 'invalid_postal_code' }`; otherwise the rule is zod's issue code.
   *
   * @param subject - What was validated.
   * @param error - The zod error.
   * @returns The error, with the zod error as its `cause`.
   *
   * @example
   * ```ts
   * const result = schema.safeParse(input);
   * if (!result.success) throw ValidationError.fromZod('Address', result.error);
   * ```
   */
  static fromZod(subject: string, error: { readonly issues: readonly ZodIssueLike[] }): ValidationError {
    return this.fromStandard(subject, error);
  }

  /**
   * Builds a `ValidationError` from the issues of any Standard Schema v1 validator (zod, valibot,
   * arktype…), as its `validate` returns them.
   *
   * A path segment may be a key or a `{ key }` object. The rule is, in this order: a zod custom
   * issue's `params.rule`; the issue's own `code` (zod's `'too_small'`, arktype's `'minLength'`,
   * `'required'` or `'domain'`); for valibot, `'invalid_type'` for a schema issue (a wrong type or
   * a missing key, as zod names it) and the action's `type` for any other (`'min_length'`,
   * `'email'`, `'check'`); `'invalid'` when the issue names no rule.
   *
   * @param subject - What was validated.
   * @param failure - The failure result (`{ issues }`); it becomes the error's `cause`.
   * @returns The error.
   *
   * @example
   * ```ts
   * const result = schema['~standard'].validate(input);
   * if (!(result instanceof Promise) && result.issues) throw ValidationError.fromStandard('Email', result);
   * ```
   */
  static fromStandard(subject: string, failure: StandardSchemaV1.FailureResult): ValidationError {
    return new this(
      subject,
      failure.issues.map((issue) => {
        // `Array.from`, not `map`: a validator's path may be an array subclass (arktype's) whose species misbuilds.
        const path = Array.from(issue.path ?? [], keyOf);
        return { path, field: fieldOf(path), rule: ruleOf(issue), message: issue.message };
      }),
      { cause: failure },
    );
  }
}

const keyOf = (segment: PropertyKey | StandardSchemaV1.PathSegment): PropertyKey =>
  typeof segment === 'object' ? segment.key : segment;

/** The fields of an issue that name its rule, in zod, arktype (`code`) and valibot (`kind`, `type`). */
interface RuleFields {
  readonly code?: unknown;
  readonly params?: { readonly rule?: unknown } | undefined;
  readonly kind?: unknown;
  readonly type?: unknown;
}

function ruleOf(issue: StandardSchemaV1.Issue): string {
  const { code, params, kind, type } = issue as RuleFields;
  if (typeof code === 'string' && code !== '') {
    const rule = code === 'custom' ? params?.rule : undefined;
    return typeof rule === 'string' && rule !== '' ? rule : code;
  }
  if (typeof type === 'string' && type !== '') return kind === 'schema' ? 'invalid_type' : type;
  return 'invalid';
}

function fieldOf(path: readonly PropertyKey[]): string {
  return path.map((key) => String(key)).join('.');
}

function describe(issue: ValidationIssue): string {
  return issue.field === '' ? `${issue.message} (${issue.rule})` : `${issue.field}: ${issue.message} (${issue.rule})`;
}
