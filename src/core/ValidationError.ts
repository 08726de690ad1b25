import { DomainError } from './DomainError.js';

/**
 * One broken rule found while validating outside data.
 *
 * `path` locates the value (`['address', 'lines', 0]`), `field` is the same path written with dots
 * (`'address.lines.0'`, or `''` for the value as a whole), `rule` is the rule's code (zod's issue
 * code such as `'invalid_type'` or `'too_small'`, or one of the library's own such as
 * `'forbidden_key'`).
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
   * @example
   * ```ts
   * const result = schema.safeParse(input);
   * if (!result.success) throw ValidationError.fromZod('Address', result.error);
   * ```
   */
  static fromZod(subject: string, error: { readonly issues: readonly ZodIssueLike[] }): ValidationError {
    return new this(
      subject,
      error.issues.map((issue) => ({
        path: issue.path,
        field: fieldOf(issue.path),
        rule: ruleOf(issue),
        message: issue.message,
      })),
      { cause: error },
    );
  }
}

function ruleOf(issue: ZodIssueLike): string {
  const rule = issue.code === 'custom' ? issue.params?.rule : undefined;
  return typeof rule === 'string' && rule !== '' ? rule : issue.code;
}

function fieldOf(path: readonly PropertyKey[]): string {
  return path.map((key) => String(key)).join('.');
}

function describe(issue: ValidationIssue): string {
  return issue.field === '' ? `${issue.message} (${issue.rule})` : `${issue.field}: ${issue.message} (${issue.rule})`;
}
