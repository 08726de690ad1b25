/**
 * The source of the current time for the domain. Inject it where a rule depends on "now", so that
 * tests can fix time (`FixedClock` in `tactical-ddd/testing`).
 *
 * @example
 * ```ts
 * function isOverdue(order: Order, clock: Clock = systemClock): boolean {
 *   return clock.now().getTime() - order.props.createdAt.getTime() > 7 * 86_400_000;
 * }
 * ```
 */
export interface Clock {
  /** The current instant. */
  now(): Date;
}

/**
 * The {@link "tactical-ddd".Clock | Clock} that reads the system time.
 *
 * @example
 * ```ts
 * systemClock.now(); // new Date()
 * ```
 */
export const systemClock: Clock = /*@__PURE__*/ Object.freeze({ now: () => new Date() });
