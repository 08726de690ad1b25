import type { Observer } from '../core/Observer.js';
import { parseWith } from '../core/parseWith.js';
import { ValidationError } from '../core/ValidationError.js';
import { contextOf } from './contextOf.js';
import type { DispatchOptions } from './DispatchOptions.js';
import { DuplicateHandlerError } from './DuplicateHandlerError.js';
import type { Handler } from './Handler.js';
import { HandlerNotFoundError } from './HandlerNotFoundError.js';
import type { Message } from './Message.js';
import type { MessageContext } from './MessageContext.js';
import type { AnyMessageDefinition } from './MessageDefinition.js';
import type { Dispatch, Middleware } from './Middleware.js';
import { tracing } from './tracing.js';

/**
 * The options of a `CommandBus` or `QueryBus`.
 *
 * @example
 * ```ts
 * const commandBus = new CommandBus({ middleware: [tracing(hook), retryOnConcurrency()] });
 * ```
 */
export interface BusOptions {
  /**
   * The pipeline, outermost first: each middleware wraps the ones after it and the handler.
   * Validation and correlation come first, built in.
   */
  readonly middleware?: readonly Middleware[];
  /**
   * Checks each handler's result against its definition's `resultSchema` (when it has one) and
   * rejects with a `ValidationError` naming `'<Type> result'` when it does not match: a guard
   * for development and tests, off by default.
   */
  readonly validateResults?: boolean;
  /**
   * Observes each dispatch (its `dispatch` hook), outside all the middleware, such as the one
   * `tactical-ddd/opentelemetry` makes: the observation's metadata reaches the handler's context.
   */
  readonly observer?: Observer;
}

interface Registration {
  readonly definition: AnyMessageDefinition;
  readonly handle: (message: Message, context: MessageContext) => unknown;
}

/** Runs the handler and checks its result against the definition's `resultSchema`. */
async function checkResult(
  registration: Registration,
  message: Message,
  context: MessageContext,
  schema: NonNullable<AnyMessageDefinition['resultSchema']>,
): Promise<unknown> {
  const result = await registration.handle(message, context);
  const checked = parseWith(`${message.type} result`, schema, result);
  if (!checked.success) throw checked.error;
  return checked.data;
}

/** What `CommandBus` and `QueryBus` share: one handler per type, validation, context, pipeline. @internal */
export abstract class MessageBus {
  private readonly registrations = new Map<string, Registration>();
  /** The middleware around the handler; `undefined` when there is none (the handler is called as it is). */
  private readonly pipeline: ((dispatch: Dispatch) => Promise<unknown>) | undefined;
  private readonly validateResults: boolean;

  protected constructor(
    private readonly kind: 'command' | 'query',
    options: BusOptions,
  ) {
    this.validateResults = options.validateResults === true;
    const observe = options.observer?.dispatch?.bind(options.observer);
    const middleware = options.middleware ?? [];
    const steps =
      observe === undefined
        ? middleware
        : [
            tracing(({ kind, message, context }) =>
              observe({
                kind,
                type: message.type,
                id: context.messageId,
                correlationId: context.correlationId,
                metadata: context.metadata,
              }),
            ),
            ...middleware,
          ];
    // The last step finds the handler by the type of the message it is given: a middleware may pass on another.
    const handle = (dispatch: Dispatch): Promise<unknown> =>
      this.run(this.registrations.get(dispatch.message.type) as Registration, dispatch.message, dispatch.context);
    this.pipeline =
      steps.length === 0
        ? undefined
        : steps.reduceRight<(dispatch: Dispatch) => Promise<unknown>>(
            (next, middleware) => (dispatch) => middleware(dispatch, next),
            handle,
          );
  }

  /** Runs a message's handler (and checks its result when asked to). */
  private run(registration: Registration, message: Message, context: MessageContext): Promise<unknown> {
    const schema = registration.definition.resultSchema;
    if (this.validateResults && schema !== undefined) return checkResult(registration, message, context, schema);
    // Not an async function: the handler's own promise goes back as it is, without the extra
    // promise (and the microtask turns) an `await` would add to every dispatch.
    try {
      return Promise.resolve(registration.handle(message, context));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Tells whether a handler is registered for a message type.
   *
   * @param type - The message type, such as `'ConfirmOrder'`.
   * @returns `true` when `dispatch` would find a handler.
   *
   * @example
   * ```ts
   * if (!commandBus.has(ConfirmOrder.type)) commandBus.register(ConfirmOrder, confirmOrder);
   * ```
   */
  has(type: string): boolean {
    return this.registrations.has(type);
  }

  /** Registers a handler for a definition of this bus's kind. @internal */
  protected add(definition: AnyMessageDefinition, handler: Handler<Message, unknown>): void {
    if (definition.kind !== this.kind) {
      throw ValidationError.of(
        `${this.kind} handler`,
        'definition',
        'wrong_kind',
        `"${definition.type}" is a ${definition.kind}, not a ${this.kind}`,
      );
    }
    if (this.registrations.has(definition.type)) throw new DuplicateHandlerError(this.kind, definition.type);
    const handle =
      typeof handler === 'function'
        ? handler
        : (message: Message, context: MessageContext) => handler.handle(message, context);
    this.registrations.set(definition.type, { definition, handle });
  }

  /** Validates, routes and runs a message through the middleware. @internal */
  protected send(message: Message, options: DispatchOptions | undefined): Promise<unknown> {
    if (typeof message !== 'object' || message === null || typeof message.type !== 'string') {
      return Promise.reject(
        ValidationError.of(this.kind, 'type', 'invalid_type', `A ${this.kind} must be an object with a string type`),
      );
    }
    const registration = this.registrations.get(message.type);
    if (registration === undefined) return Promise.reject(new HandlerNotFoundError(this.kind, message.type));
    const { definition } = registration;
    let valid = message;
    if (!definition.owns(message)) {
      const parsed = definition.safeParse(message);
      if (!parsed.success) return Promise.reject(parsed.error);
      valid = parsed.data;
    }
    const context = contextOf(valid, options);
    const pipeline = this.pipeline;
    if (pipeline === undefined) return this.run(registration, valid, context);
    return pipeline({ kind: this.kind, message: valid, definition, context });
  }
}
