import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import {
  CommandBus,
  DuplicateHandlerError,
  defineCommand,
  defineQuery,
  HandlerNotFoundError,
  type MessageContext,
  type Middleware,
  QueryBus,
} from '../../src/cqrs/index.js';
import { ValidationError } from '../../src/index.js';
import { caught } from '../support/caught.js';

const Rename = defineCommand('Rename', z.object({ name: z.string().min(2) }), z.string());
const Ping = defineCommand('Ping', z.object({}));
const CountOf = defineQuery('CountOf', z.object({ word: z.string() }), z.int());

describe('CommandBus', () => {
  it('routes a command to its one handler and resolves to its typed result', async () => {
    const bus = new CommandBus();
    bus.register(Rename, (command) => command.payload.name.toUpperCase());
    await expect(bus.dispatch(Rename({ name: 'ada' }))).resolves.toBe('ADA');
    expect(bus.has('Rename')).toBe(true);
  });

  it('accepts handler objects (class instances with dependencies)', async () => {
    class RenameHandler {
      constructor(private readonly prefix: string) {}
      async handle(command: ReturnType<typeof Rename>, context: MessageContext): Promise<string> {
        return `${this.prefix}${command.payload.name}@${context.attempt}`;
      }
    }
    const bus = new CommandBus().register(Rename, new RenameHandler('>'));
    await expect(bus.dispatch(Rename({ name: 'ada' }))).resolves.toBe('>ada@1');
  });

  it('refuses a second handler for the same type', async () => {
    const bus = new CommandBus().register(Ping, () => undefined);
    const error = await caught(() => bus.register(Ping, () => undefined));
    expect(error).toBeInstanceOf(DuplicateHandlerError);
    expect(error).toMatchObject({ code: 'cqrs.duplicate_handler', messageType: 'Ping', kind: 'command' });
  });

  it('refuses a query definition on the command bus', () => {
    // @ts-expect-error a query is not a command
    expect(() => new CommandBus().register(CountOf, () => 1)).toThrow(ValidationError);
  });

  it('names the type when it has no handler', async () => {
    const error = await new CommandBus().dispatch(Ping({})).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HandlerNotFoundError);
    expect(error).toMatchObject({ code: 'cqrs.handler_not_found', messageType: 'Ping', kind: 'command' });
    expect((error as Error).message).toContain('"Ping"');
  });

  it('validates plain messages from outside before any middleware or handler runs', async () => {
    const handler = vi.fn(() => 'never');
    const middleware = vi.fn<Middleware>((dispatch, next) => next(dispatch));
    const bus = new CommandBus({ middleware: [middleware] }).register(Rename, handler);
    const error = await bus
      .dispatch({ type: 'Rename', id: 'c-1', payload: { name: 'x' }, metadata: {} })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ subject: 'Rename', field: 'payload.name', rule: 'too_small' });
    expect(handler).not.toHaveBeenCalled();
    expect(middleware).not.toHaveBeenCalled();
    // A valid plain message is parsed (frozen, validated) and handled.
    await expect(bus.dispatch({ type: 'Rename', id: 'c-2', payload: { name: 'xy' }, metadata: {} })).resolves.toBe(
      'never',
    );
    await expect(bus.dispatch(null as never)).rejects.toBeInstanceOf(ValidationError);
  });

  it('runs middleware outermost first, around the handler', async () => {
    const trail: string[] = [];
    const step =
      (name: string): Middleware =>
      async (dispatch, next) => {
        trail.push(`${name}>`);
        const result = await next(dispatch);
        trail.push(`<${name}`);
        return result;
      };
    const bus = new CommandBus({ middleware: [step('a'), step('b')] }).register(Ping, () => {
      trail.push('handler');
    });
    await bus.dispatch(Ping({}));
    expect(trail).toEqual(['a>', 'b>', 'handler', '<b', '<a']);
  });

  it('turns a synchronous throw of a handler into a rejection', async () => {
    const bus = new CommandBus().register(Ping, () => {
      throw new Error('sync');
    });
    await expect(bus.dispatch(Ping({}))).rejects.toThrow('sync');
  });
});

describe('QueryBus', () => {
  it('shares the pipeline and rules of the command bus', async () => {
    const seen: string[] = [];
    const bus = new QueryBus({
      middleware: [
        (dispatch, next) => {
          seen.push(`${dispatch.kind}:${dispatch.message.type}`);
          return next(dispatch);
        },
      ],
    });
    bus.register(CountOf, (query) => query.payload.word.length);
    await expect(bus.dispatch(CountOf({ word: 'hello' }))).resolves.toBe(5);
    expect(seen).toEqual(['query:CountOf']);
    expect(() => bus.register(CountOf, () => 0)).toThrow(DuplicateHandlerError);
    await expect(new QueryBus().dispatch(CountOf({ word: '' }))).rejects.toMatchObject({ kind: 'query' });
    await expect(bus.dispatch({ type: 'CountOf', id: 'q', payload: { word: 1 }, metadata: {} })).rejects.toThrow(
      ValidationError,
    );
  });
});

describe('validation marks', () => {
  it('re-validates a copy of a valid command whose payload was changed', async () => {
    const bus = new CommandBus().register(Rename, (command) => command.payload.name);
    const valid = Rename({ name: 'ada' });
    const tampered = { ...valid, payload: { name: 'x' } };
    await expect(bus.dispatch(tampered)).rejects.toBeInstanceOf(ValidationError);
    expect(Object.keys(valid)).toEqual(['type', 'id', 'payload', 'metadata']);
    expect(JSON.parse(JSON.stringify(valid))).toEqual({
      type: 'Rename',
      id: valid.id,
      payload: { name: 'ada' },
      metadata: {},
    });
  });
});

describe('validateResults', () => {
  it('checks handler results against the result schema when asked, and only then', async () => {
    const Lying = defineQuery('Lying', z.object({}), z.int());
    const handler = () => 'not a number' as unknown as number;
    const strict = new QueryBus({ validateResults: true }).register(Lying, handler);
    const error = await caught(() => strict.dispatch(Lying({})));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ subject: 'Lying result', rule: 'invalid_type' });
    const lax = new QueryBus().register(Lying, handler);
    await expect(lax.dispatch(Lying({}))).resolves.toBe('not a number');
    const noSchema = new CommandBus({ validateResults: true }).register(Ping, () => undefined);
    await expect(noSchema.dispatch(Ping({}))).resolves.toBeUndefined();
  });
});
