import { DomainError } from './DomainError.js';

/**
 * Thrown when something looked up by id does not exist (`Repository.getById`).
 *
 * @example
 * ```ts
 * throw new NotFoundError('Order', orderId);
 * ```
 */
export class NotFoundError extends DomainError {
  override readonly name = 'NotFoundError';
  readonly code = 'core.not_found' as const;
  /** The kind of thing looked up, such as `'Order'`. */
  readonly entity: string;
  /** The id that was not found. */
  readonly id: string;

  /**
   * @param entity - The kind of thing looked up.
   * @param id - The id that was not found.
   */
  constructor(entity: string, id: string) {
    super(`${entity} ${id} was not found`);
    this.entity = entity;
    this.id = id;
  }
}
