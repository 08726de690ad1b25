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
  declare readonly name: 'NotFoundError';
  declare readonly code: 'core.not_found';
  /** The kind of thing looked up, such as `'Order'`. */
  declare readonly entity: string;
  /** The id that was not found. */
  declare readonly id: string;

  /**
   * @param entity - The kind of thing looked up.
   * @param id - The id that was not found.
   */
  constructor(entity: string, id: string) {
    super(`${entity} ${id} was not found`);
    this.name = 'NotFoundError';
    this.code = 'core.not_found';
    this.entity = entity;
    this.id = id;
  }
}
