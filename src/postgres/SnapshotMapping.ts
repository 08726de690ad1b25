import type * as z from 'zod';

/**
 * How a {@link PostgresRepository} turns an aggregate into a JSON document and back. The document
 * is validated with `schema` when it is written and again when it is read, so a bad document never
 * reaches the database nor the domain.
 *
 * @typeParam TAggregate - The aggregate type.
 * @typeParam TSnapshot - Its stored (JSON) shape.
 *
 * @example
 * ```ts
 * const orderMapping: SnapshotMapping<Order, z.infer<typeof OrderSnapshot>> = {
 *   schema: OrderSnapshot, // z.object({ status: z.enum(['pending', 'confirmed']), lines: z.int() })
 *   toSnapshot: (order) => ({ status: order.props.status, lines: order.props.lines }),
 *   fromSnapshot: (snapshot, { id, version }) => Order.restore(OrderId.parse(id), snapshot, version),
 * };
 * ```
 */
export interface SnapshotMapping<TAggregate, TSnapshot> {
  /** Validates the document (a zod schema of plain JSON: no transforms that change its shape). */
  readonly schema: z.ZodType<TSnapshot>;
  /** Captures the aggregate's state as a JSON-compatible document (the id and version are stored apart). */
  toSnapshot(aggregate: TAggregate): TSnapshot;
  /**
   * Rebuilds the aggregate from a validated document. The repository then marks it persisted at
   * `version`, so the aggregate's constructor may ignore it.
   */
  fromSnapshot(snapshot: TSnapshot, stored: { readonly id: string; readonly version: number }): TAggregate;
}
