import { type } from 'arktype';
import * as v from 'valibot';
import { describe, expectTypeOf, it } from 'vitest';
import * as z from 'zod';
import { type Command, CommandBus, defineCommand, defineQuery, ProcessInstance } from '../../src/cqrs/index.js';
import { defineEventRegistry, defineUpcaster, eventSchemaSnapshot } from '../../src/event-sourcing/index.js';
import {
  defineEvent,
  defineValueObject,
  type EventOf,
  type PropsOf,
  type SchemaInput,
  type SchemaOutput,
  type SnapshotMapping,
} from '../../src/index.js';

const Transfer = v.object({
  amount: v.pipe(v.string(), v.transform(Number)),
  note: v.optional(v.string()),
});

describe('Standard Schema inference', () => {
  it("types a valibot-defined command's payload: input for the creator, output for the handler", async () => {
    const SendMoney = defineCommand('SendMoney', Transfer, v.object({ receipt: v.string() }));
    expectTypeOf(SendMoney).parameter(0).toEqualTypeOf<{ amount: string; note?: string | undefined }>();
    const command = SendMoney({ amount: '12.50' });
    expectTypeOf(command).toEqualTypeOf<
      Command<'SendMoney', { amount: number; note?: string | undefined }, { receipt: string }>
    >();
    const bus = new CommandBus();
    bus.register(SendMoney, async (sent) => {
      expectTypeOf(sent.payload.amount).toEqualTypeOf<number>();
      return { receipt: 'r-1' };
    });
    expectTypeOf(await bus.dispatch(command)).toEqualTypeOf<{ receipt: string }>();
    // @ts-expect-error the amount goes in as a string
    SendMoney({ amount: 12.5 });
    // @ts-expect-error the handler must return the result schema's output
    bus.register(SendMoney, async () => ({ receipt: 1 }));
  });

  it('types arktype value objects, events and queries', () => {
    class Point extends defineValueObject('Point', type({ x: 'number', y: 'number' })) {}
    expectTypeOf<PropsOf<typeof Point>>().toEqualTypeOf<{ readonly x: number; readonly y: number }>();
    expectTypeOf(Point.create).parameter(0).toEqualTypeOf<{ x: number; y: number }>();
    const Moved = defineEvent('Moved', type({ to: 'string' }));
    expectTypeOf<EventOf<typeof Moved>['payload']>().toEqualTypeOf<{ to: string }>();
    const Find = defineQuery('Find', type({ id: 'string' }), type({ found: 'boolean' }));
    expectTypeOf(Find({ id: 'a' }).payload).toEqualTypeOf<{ id: string }>();
  });

  it('reads zod schemas as zod does', () => {
    const Zod = z.object({ at: z.coerce.number(), tags: z.array(z.string()).default([]) });
    expectTypeOf<SchemaInput<typeof Zod>>().toEqualTypeOf<z.input<typeof Zod>>();
    expectTypeOf<SchemaOutput<typeof Zod>>().toEqualTypeOf<z.output<typeof Zod>>();
    expectTypeOf<SchemaOutput<typeof Transfer>>().toEqualTypeOf<v.InferOutput<typeof Transfer>>();
    expectTypeOf<SchemaInput<typeof Transfer>>().toEqualTypeOf<v.InferInput<typeof Transfer>>();
  });

  it('mixes validators in one registry and upcaster chain', () => {
    const V1 = defineEvent('Paid', v.object({ amount: v.number() }));
    const V2 = defineEvent('Paid', z.object({ cents: z.int() }), { schemaVersion: 2 });
    const upcaster = defineUpcaster(V1, V2, (old) => {
      expectTypeOf(old).toEqualTypeOf<{ amount: number }>();
      return { cents: old.amount * 100 };
    });
    const registry = defineEventRegistry({ current: [V2], legacy: [V1], upcasters: [upcaster] });
    expectTypeOf(registry.parse({})).toEqualTypeOf<EventOf<typeof V2>>();
    // @ts-expect-error the drift guard reads zod schemas: a valibot event makes the registry unsuitable
    eventSchemaSnapshot(registry);
    eventSchemaSnapshot(defineEventRegistry({ current: [V2] }));
  });

  it('types mappings and process state from any validator, and keeps props objects', () => {
    const mapping: SnapshotMapping<{ id: string }, { count: number }> = {
      schema: v.object({ count: v.number() }),
      toSnapshot: () => ({ count: 1 }),
      fromSnapshot: () => ({ id: 'x' }),
    };
    expectTypeOf(mapping.schema).toExtend<object>();
    expectTypeOf(ProcessInstance.propsSchema(type({ step: "'a' | 'b'" })).parse({}).state).toEqualTypeOf<{
      step: 'a' | 'b';
    }>();
    const wrong: SnapshotMapping<{ id: string }, { count: number }> = {
      // @ts-expect-error the schema must output the snapshot type
      schema: v.object({ count: v.string() }),
      toSnapshot: () => ({ count: 1 }),
      fromSnapshot: () => ({ id: 'x' }),
    };
    expectTypeOf(wrong).not.toBeAny();
    // @ts-expect-error value object props are an object
    defineValueObject('Name', v.string());
  });
});
