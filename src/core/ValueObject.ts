import type { DeepReadonly } from './DeepReadonly.js';
import { deepEqual } from './deepEqual.js';
import { deepFreeze } from './deepFreeze.js';

/**
 * A value object: immutable (its props are deep-frozen) and equal to another of the same class
 * with equal props, whatever their identity. Props may hold primitives, arrays, plain objects,
 * other value objects, `Date` and `Decimal` values.
 *
 * Subclasses keep their constructor `protected` or `private` and validate in a static `create`,
 * which {@link "tactical-ddd".ValueObject.with | ValueObject.with} goes through. {@link "tactical-ddd".defineValueObject | defineValueObject} writes such a class for you.
 *
 * @typeParam TProps - The shape of the value.
 *
 * @example
 * ```ts
 * class Temperature extends ValueObject<{ celsius: number }> {
 *   static create(props: { celsius: number }): Temperature {
 *     if (props.celsius < -273.15) throw new InvariantViolationError('temperature.absolute_zero', 'Below absolute zero');
 *     return new Temperature(props);
 *   }
 * }
 * Temperature.create({ celsius: 20 }).equals(Temperature.create({ celsius: 20 })); // true
 * ```
 */
export abstract class ValueObject<TProps extends object> {
  /** The value's props, frozen all the way down. */
  readonly props: DeepReadonly<TProps>;

  /** @param props - Props that are already valid; they are frozen in place. */
  protected constructor(props: TProps) {
    this.props = (Object.isFrozen(props) ? props : deepFreeze(props)) as DeepReadonly<TProps>;
  }

  /**
   * Tells whether `other` is a value object of the same class with structurally equal props.
   *
   * @param other - The value to compare with (`null` and `undefined` give `false`).
   */
  equals(other: ValueObject<TProps> | null | undefined): boolean {
    if (other === this) return true;
    if (other === null || other === undefined || other.constructor !== this.constructor) return false;
    return this.propsEqual(other.props);
  }

  /**
   * Compares this value's props with `other`'s props of the same class; subclasses with a faster
   * comparison can override it.
   */
  protected propsEqual(other: DeepReadonly<TProps>): boolean {
    return deepEqual(this.props, other);
  }

  /**
   * Returns a new value with `patch` applied, validated again through the class's static
   * `create`.
   *
   * @param patch - The props to change.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} (or the class's own error) when the patched props are invalid.
   *
   * @example
   * ```ts
   * const moved = address.with({ city: 'Lyon' });
   * ```
   */
  with(patch: Partial<TProps>): this {
    const factory = (this.constructor as unknown as { create?: (props: unknown) => unknown }).create;
    if (typeof factory !== 'function') {
      throw new TypeError(`${this.constructor.name} has no static create(props), which with() needs to validate`);
    }
    return factory.call(this.constructor, { ...this.props, ...patch }) as this;
  }

  /** Returns the props, so that `JSON.stringify(value)` writes the plain value. */
  toJSON(): DeepReadonly<TProps> {
    return this.props;
  }
}
