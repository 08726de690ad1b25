import { ValidationError } from '../core/ValidationError.js';

/**
 * The bounds {@link Specification.fromJSON} puts on a specification read from outside data (a
 * request body, a query string), so that a hostile one is refused fast instead of costing the
 * process or the database. Raise them for trusted input; each must be a positive integer.
 *
 * @example
 * ```ts
 * Specification.fromJSON(body.filter, { schema: OrderSchema, limits: { maxListValues: 5000 } });
 * ```
 */
export interface SpecificationLimits {
  /** The most nodes (operators and leaves) in the tree; default 1,000. */
  readonly maxNodes?: number;
  /** The most values of one `in` or `notIn`; default 1,000. */
  readonly maxListValues?: number;
  /** The longest string (a value, a field path, a name, a key), in UTF-16 code units; default 1,000. */
  readonly maxStringLength?: number;
}

/** The default bounds of {@link SpecificationLimits}. @internal */
export const DEFAULT_LIMITS: Required<SpecificationLimits> = Object.freeze({
  maxNodes: 1000,
  maxListValues: 1000,
  maxStringLength: 1000,
});

/**
 * The limits with defaults applied.
 * @throws {@link "tactical-ddd".ValidationError | ValidationError} (`limits.<name>`, `invalid_limit`) for a limit that is not a positive integer.
 * @internal
 */
export function resolveLimits(limits: SpecificationLimits | undefined): Required<SpecificationLimits> {
  if (limits === undefined) return DEFAULT_LIMITS;
  const resolved = { ...DEFAULT_LIMITS };
  for (const name of Object.keys(DEFAULT_LIMITS) as (keyof SpecificationLimits)[]) {
    const value = limits[name];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
      throw ValidationError.of(
        'FromJSONOptions',
        `limits.${name}`,
        'invalid_limit',
        `${name} must be a positive integer`,
      );
    }
    resolved[name] = value;
  }
  return resolved;
}
