import type { MessageOptions } from 'tactical-ddd/cqrs';

/**
 * Makes a command or query from input nobody has checked yet (a request body, route and query
 * parameters, a payload off the wire). The creator's zod schema validates it, so a bad or missing
 * field is a `ValidationError` naming it (a 400 over HTTP); the result keeps the message's type.
 * The creator's payload type describes valid input, which this input is not yet: hence the one
 * cast, here rather than in every route.
 *
 * @example
 * ```ts
 * const command = messageFrom(AddOrderItem, { ...(await readBody(c)), orderId: c.req.param('id') });
 * ```
 */
export function messageFrom<TMessage>(
  create: (payload: never, options?: MessageOptions) => TMessage,
  input: unknown,
  options?: MessageOptions,
): TMessage {
  return (create as (payload: unknown, options?: MessageOptions) => TMessage)(input, options);
}
