/**
 * The injection token of the store given to `TacticalDddModule` (`@Inject(TACTICAL_DDD_STORE)`).
 * The buses and the relay are injected by their classes (`CommandBus`, `QueryBus`, `EventBus`,
 * `OutboxRelay` from `tactical-ddd/cqrs`).
 *
 * @example
 * ```ts
 * constructor(@Inject(TACTICAL_DDD_STORE) private readonly store: OrderStore) {}
 * ```
 */
export const TACTICAL_DDD_STORE: unique symbol = /*@__PURE__*/ Symbol('tactical-ddd:store');

/** The injection token of the module's options. @internal */
export const TACTICAL_DDD_OPTIONS: unique symbol = /*@__PURE__*/ Symbol('tactical-ddd:options');
