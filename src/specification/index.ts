/**
 * Specifications that are also queries: build them from typed field comparisons (`spec.eq`,
 * `spec.gt`, `spec.between`…) and in-memory predicates, combine them with `and`/`or`/`not`, test
 * candidates with a compiled predicate, `explain` failures, and send them as versioned JSON.
 *
 * @example
 * ```ts
 * import { spec, Specification } from 'tactical-ddd/specification';
 *
 * const isOverdue = spec.eq<Order>('status', 'pending').and(spec.lt<Order>('createdAt', cutoff)).named('isOverdue');
 * const overdue = await orders.findAll(isOverdue, { orderBy: [{ field: 'createdAt' }], limit: 50 });
 * const again = Specification.fromJSON(JSON.parse(JSON.stringify(isOverdue)), OrderSchema);
 * ```
 *
 * @module tactical-ddd/specification
 */
export type { Explanation, Failure } from './Explanation.js';
export { explain } from './explain.js';
export type {
  Args,
  ArgsWhere,
  Comparable,
  Depth,
  EntityLike,
  EntryAt,
  EqualityArgs,
  FieldsOf,
  Key,
  Leaf,
  ListArgs,
  MoneyLike,
  OrderArgs,
  Ordered,
  Path,
  PathEntry,
  Prefixed,
  RangeArgs,
  TextArgs,
  ValueAt,
  ValueObjectLike,
} from './Path.js';
export { type FromJSONOptions, Specification } from './Specification.js';
export type { SpecificationLimits } from './SpecificationLimits.js';
export type {
  AndNode,
  BetweenNode,
  ComparisonNode,
  DateLiteral,
  FieldNode,
  IsNullNode,
  Literal,
  MembershipNode,
  MoneyLiteral,
  NotNode,
  Operator,
  OrNode,
  PredicateNode,
  SpecificationJSON,
  SpecNode,
  TextNode,
} from './SpecNode.js';
export { type Spec, type SpecBuilder, spec } from './spec.js';
export { toPredicate } from './toPredicate.js';
