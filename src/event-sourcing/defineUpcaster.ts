import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { DomainEvent } from '../core/DomainEvent.js';
import type { EventCreator } from '../core/defineEvent.js';
import type { SchemaInput, SchemaOutput } from '../core/SchemaTypes.js';

/**
 * Lifts stored events of one (type, schemaVersion) to the next shape. An {@link EventRegistry}
 * chains upcasters on read until it reaches the current version of the event.
 *
 * @example
 * ```ts
 * const upcasters: Upcaster[] = [defineUpcaster(MoneyDepositedV1, MoneyDeposited, (old) => ({ cents: old.amount * 100 }))];
 * ```
 */
export interface Upcaster {
  /** The event creator of the stored (older) shape. */
  readonly from: EventCreator<string, StandardSchemaV1>;
  /** The event creator of the shape it produces. */
  readonly to: EventCreator<string, StandardSchemaV1>;
  /** Computes the new payload from the old event; the result is validated by `to`'s schema. */
  readonly upcast: (payload: unknown, event: DomainEvent) => unknown;
}

/**
 * Defines how events stored with `from`'s schema become events of `to`'s schema (usually the
 * same type with the next `schemaVersion`; a renamed type works too).
 *
 * @param from - The event creator of the older schema version (keep it defined, as a legacy event).
 * @param to - The event creator of the next schema version.
 * @param upcast - Builds the new payload from the old one (and the old event, for its metadata).
 * @returns An {@link Upcaster} to register with {@link defineEventRegistry}.
 * @throws {@link "tactical-ddd".ValidationError | ValidationError} when `from` and `to` are the same type and schema version.
 *
 * @example
 * ```ts
 * const MoneyDepositedV1 = defineEvent('MoneyDeposited', z.object({ amount: z.number() }));
 * const MoneyDeposited = defineEvent('MoneyDeposited', z.object({ cents: z.int() }), { schemaVersion: 2 });
 * const v1ToV2 = defineUpcaster(MoneyDepositedV1, MoneyDeposited, (old) => ({ cents: Math.round(old.amount * 100) }));
 * ```
 */
/*@__NO_SIDE_EFFECTS__*/
export function defineUpcaster<
  TFromType extends string,
  TFromSchema extends StandardSchemaV1,
  TToType extends string,
  TToSchema extends StandardSchemaV1,
>(
  from: EventCreator<TFromType, TFromSchema>,
  to: EventCreator<TToType, TToSchema>,
  upcast: (
    payload: SchemaOutput<TFromSchema>,
    event: DomainEvent<TFromType, SchemaOutput<TFromSchema>>,
  ) => SchemaInput<TToSchema>,
): Upcaster {
  return Object.freeze({ from, to, upcast: upcast as Upcaster['upcast'] });
}
