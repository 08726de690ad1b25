/**
 * A named place for creating an aggregate (or entity) when creation is more than a constructor
 * call: it gathers data, applies creation rules and returns a valid object.
 *
 * @typeParam TInput - What creation needs.
 * @typeParam TResult - What it makes.
 *
 * @example
 * ```ts
 * const orderFactory: Factory<{ customerId: CustomerId; cart: Cart }, Order> = {
 *   create: ({ customerId, cart }) => Order.place(customerId, cart.lines),
 * };
 * ```
 */
export interface Factory<TInput, TResult> {
  /** Makes a valid object from `input`, or throws a `DomainError` naming the broken rule. */
  create(input: TInput): TResult | Promise<TResult>;
}
