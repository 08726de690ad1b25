import type * as z from 'zod';
import { ValidationError } from '../core/ValidationError.js';
import type { CommandBus } from '../cqrs/CommandBus.js';
import type { CommandDefinition } from '../cqrs/defineCommand.js';
import type { QueryDefinition } from '../cqrs/defineQuery.js';
import type { EventBus } from '../cqrs/EventBus.js';
import type { MessageContext } from '../cqrs/MessageContext.js';
import type { QueryBus } from '../cqrs/QueryBus.js';
import { COMMAND_HANDLER, EVENT_HANDLER, type HandlerMetadata, QUERY_HANDLER } from './handlerMetadata.js';

/** What the registration needs of a provider Nest's `DiscoveryService` found. @internal */
export interface DiscoveredProvider {
  readonly name: unknown;
  readonly instance: unknown;
  readonly metatype: unknown;
  readonly isTransient: boolean;
  isDependencyTreeStatic(): boolean;
}

/** The buses handlers are registered on. @internal */
export interface Buses {
  readonly commandBus: CommandBus;
  readonly queryBus: QueryBus;
  readonly eventBus: EventBus;
}

type ReadMetadata = <TKey extends keyof HandlerMetadata>(
  key: TKey,
  target: object,
) => HandlerMetadata[TKey] | undefined;

/** A handler provider's instance: `handle(message, context)` for commands and queries, `handle(event)` for events. */
interface HandlerInstance {
  handle(message: unknown, context?: MessageContext): unknown;
}

/**
 * Registers every provider marked with `CommandHandlerFor`, `QueryHandlerFor` or
 * `EventHandlerFor` on its bus, once per instance (a provider aliased under several tokens is
 * one handler).
 *
 * @throws {@link DuplicateHandlerError} when two providers handle one command or query.
 * @throws {@link ValidationError} when a marked provider is request-scoped or transient, or has no `handle` method.
 * @internal
 */
export function registerHandlers(providers: readonly DiscoveredProvider[], read: ReadMetadata, buses: Buses): void {
  const seen = new Set<unknown>();
  for (const provider of providers) {
    const target = classOf(provider);
    if (target === undefined) continue;
    const command = read(COMMAND_HANDLER, target);
    const query = read(QUERY_HANDLER, target);
    const events = read(EVENT_HANDLER, target);
    if (command === undefined && query === undefined && events === undefined) continue;
    const name = (target as { name?: string }).name || String(provider.name);
    const instance = handlerInstance(provider, name);
    if (seen.has(instance)) continue;
    seen.add(instance);
    if (command !== undefined)
      buses.commandBus.register(command as CommandDefinition<string, z.ZodType, unknown>, instance);
    if (query !== undefined) buses.queryBus.register(query as QueryDefinition<string, z.ZodType, unknown>, instance);
    for (const type of events ?? []) {
      buses.eventBus.subscribe(
        type,
        async (event) => {
          await instance.handle(event);
        },
        { name },
      );
    }
  }
}

/** The class whose metadata tells what the provider handles: its instance's, else its own. */
function classOf(provider: DiscoveredProvider): object | undefined {
  const { instance, metatype } = provider;
  if (typeof instance === 'object' && instance !== null && typeof instance.constructor === 'function') {
    return instance.constructor;
  }
  return typeof metatype === 'function' ? metatype : undefined;
}

function handlerInstance(provider: DiscoveredProvider, name: string): HandlerInstance {
  if (provider.isTransient || !provider.isDependencyTreeStatic()) {
    throw ValidationError.of(
      'TacticalDddModule',
      name,
      'not_singleton',
      `${name} is transient, request-scoped or depends on a request-scoped provider: a handler on a bus is one instance for the whole application`,
    );
  }
  const instance = provider.instance as Partial<HandlerInstance> | null | undefined;
  if (typeof instance?.handle !== 'function') {
    throw ValidationError.of('TacticalDddModule', name, 'no_handle_method', `${name} has no handle method`);
  }
  return instance as HandlerInstance;
}
