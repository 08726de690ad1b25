import type { DeepReadonly } from './DeepReadonly.js';

/**
 * An entity: something with an identity that stays the same while its props change. Two entities
 * are equal when they are of the same class and have the same id, never because their props match.
 *
 * Subclasses change their props through `this.state` inside intention-revealing methods; the
 * outside sees `props`, typed read-only.
 *
 * @typeParam TId - The entity's id type, usually a branded {@link Id}.
 * @typeParam TProps - The entity's props.
 *
 * @example
 * ```ts
 * class OrderLine extends Entity<LineId, { sku: string; quantity: number }> {
 *   constructor(id: LineId, props: { sku: string; quantity: number }) {
 *     super(id, props);
 *   }
 *   increase(by: number): void {
 *     this.state.quantity += by;
 *   }
 * }
 * ```
 */
export abstract class Entity<TId extends string, TProps extends object> {
  /** The entity's identity. */
  readonly id: TId;
  /** The entity's mutable props, for the subclass's own methods. */
  protected state: TProps;

  /**
   * @param id - The entity's identity.
   * @param props - Its initial props.
   */
  protected constructor(id: TId, props: TProps) {
    this.id = id;
    this.state = props;
  }

  /** The entity's props, read-only to the outside. */
  get props(): DeepReadonly<TProps> {
    return this.state as DeepReadonly<TProps>;
  }

  /**
   * Tells whether `other` is the same entity: the same class and the same id.
   *
   * @param other - The value to compare with (`null` and `undefined` give `false`).
   */
  equals(other: Entity<TId, TProps> | null | undefined): boolean {
    if (other === this) return true;
    return other !== null && other !== undefined && other.constructor === this.constructor && other.id === this.id;
  }
}
