import { compareCodePoints } from './compareCodePoints.js';

/**
 * Orders two field values for sorting, as a database orders a column: numbers and bigints by
 * value, strings by code point (as `COLLATE "C"`), booleans `false` first, dates
 * by time, objects with a `compare` method (`Money`) by it. `null` and `undefined` sort last;
 * values of different kinds sort by kind so that the order stays total. `Money` values of different
 * currencies cannot be ordered: their `compare` throws.
 * @internal
 */
export function compareValues(a: unknown, b: unknown): number {
  const kindA = kindOf(a);
  const kindB = kindOf(b);
  if (kindA !== kindB) return kindA - kindB;
  switch (kindA) {
    case Kind.String:
      return compareCodePoints(a as string, b as string);
    case Kind.Number:
    case Kind.Boolean:
      return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
    case Kind.Date:
      return Math.sign((a as Date).getTime() - (b as Date).getTime()) || 0;
    case Kind.Comparable:
      return Math.sign((a as { compare(other: unknown): number }).compare(b));
    default:
      return 0;
  }
}

/** Kinds of value, in their sort order; missing values last. */
const Kind = { Boolean: 0, Number: 1, String: 2, Date: 3, Comparable: 4, Other: 5, Missing: 6 } as const;
type Kind = (typeof Kind)[keyof typeof Kind];

function kindOf(value: unknown): Kind {
  switch (typeof value) {
    case 'number':
    case 'bigint':
      return Kind.Number;
    case 'string':
      return Kind.String;
    case 'boolean':
      return Kind.Boolean;
    case 'undefined':
      return Kind.Missing;
    case 'object':
      if (value === null) return Kind.Missing;
      if (value instanceof Date) return Kind.Date;
      return typeof (value as { compare?: unknown }).compare === 'function' ? Kind.Comparable : Kind.Other;
    default:
      return Kind.Other;
  }
}
