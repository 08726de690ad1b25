import type { StandardSchemaV1 } from '@standard-schema/spec';

/**
 * How a state-stored aggregate becomes a validated JSON document and back: the stores keep the
 * document (a database row, or a copy in memory), never the live object.
 *
 * @typeParam TAggregate - The aggregate type.
 * @typeParam TSnapshot - Its stored document.
 *
 * @example
 * ```ts
 * const OrderSnapshot = z.object({ status: z.enum(['pending', 'confirmed']), lines: z.array(z.string()) });
 * const orderMapping: SnapshotMapping<Order, z.infer<typeof OrderSnapshot>> = {
 *   schema: OrderSnapshot,
 *   toSnapshot: (order) => ({ status: order.status, lines: [...order.lines] }),
 *   fromSnapshot: (data, { id, version }) => Order.restore(OrderId.parse(id), data, version),
 * };
 * ```
 */
export interface SnapshotMapping<TAggregate, TSnapshot> {
  /** Validates the document on the way in and out: a zod schema, or any Standard Schema v1 validator. */
  readonly schema: StandardSchemaV1<unknown, TSnapshot>;
  /** The aggregate's document (plain JSON data). */
  toSnapshot(aggregate: TAggregate): TSnapshot;
  /** Rebuilds the aggregate from its validated document and its stored id and version. */
  fromSnapshot(snapshot: TSnapshot, stored: { readonly id: string; readonly version: number }): TAggregate;
}
