import type { StandardSchemaV1 } from '@standard-schema/spec';
import { type } from 'arktype';
import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { CommandBus, defineCommand, ProcessInstance, processInstanceMapping } from '../../src/cqrs/index.js';
import {
  defineEventRegistry,
  defineUpcaster,
  eventSchemaSnapshot,
  type ZodEventRegistry,
} from '../../src/event-sourcing/index.js';
import {
  AggregateRoot,
  defineEvent,
  defineId,
  defineValueObject,
  type IdOf,
  inMemoryStore,
  type SnapshotMapping,
  stateStored,
  UnsupportedSchemaError,
  ValidationError,
} from '../../src/index.js';

/**
 * The same shapes written with each validator: a contact (a name of 2 to 40 characters, an
 * optional non-negative integer age, a list of tags), a deposit (a positive integer of cents) and
 * a tally's stored document.
 */
const validators = [
  {
    vendor: 'valibot',
    contact: v.strictObject({
      name: v.pipe(v.string(), v.minLength(2), v.maxLength(40)),
      age: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
      tags: v.array(v.string()),
    }),
    deposit: v.object({ cents: v.pipe(v.number(), v.integer(), v.minValue(1)) }),
    tally: v.object({ count: v.pipe(v.number(), v.integer()), label: v.string() }),
    // What each rule of the shapes above is called in a ValidationError.
    rules: { tooShort: 'min_length', wrongType: 'invalid_type', missing: 'invalid_type', tooSmall: 'min_value' },
  },
  {
    vendor: 'arktype',
    contact: type({ name: '2 <= string <= 40', 'age?': 'number.integer >= 0', tags: 'string[]', '+': 'reject' }),
    deposit: type({ cents: 'number.integer >= 1' }),
    tally: type({ count: 'number.integer', label: 'string' }),
    rules: { tooShort: 'minLength', wrongType: 'domain', missing: 'required', tooSmall: 'min' },
  },
] as const;

const caught = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
};

const TallyId = defineId('Tally');
type TallyId = IdOf<typeof TallyId>;

class Tally extends AggregateRoot<TallyId, { count: number; label: string }, never> {
  static restore(id: TallyId, props: { count: number; label: string }, version: number): Tally {
    return new Tally(id, { ...props }, { version });
  }
  get count(): number {
    return this.state.count;
  }
  set(count: number): void {
    this.state.count = count;
  }
}

describe.each(validators)('with $vendor', ({ vendor, contact, deposit, tally, rules }) => {
  class Contact extends defineValueObject('Contact', contact) {
    get initial(): string {
      return this.props.name.slice(0, 1);
    }
  }

  describe('a value object', () => {
    it('validates, freezes, compares structurally and keeps its methods', () => {
      const ada = Contact.create({ name: 'Ada', age: 36, tags: ['math'] });
      expect(ada).toBeInstanceOf(Contact);
      expect(ada.initial).toBe('A');
      expect(ada.props).toEqual({ name: 'Ada', age: 36, tags: ['math'] });
      expect(Object.isFrozen(ada.props) && Object.isFrozen(ada.props.tags)).toBe(true);
      expect(ada.equals(Contact.create({ tags: ['math'], age: 36, name: 'Ada' }))).toBe(true);
      expect(ada.equals(Contact.create({ name: 'Ada', tags: [] }))).toBe(false);
      expect(Contact.schema).toBe(contact);
    });

    it('names the field and the rule of bad input, from create and safeCreate', () => {
      const short = caught(() => Contact.create({ name: 'A', tags: [] }));
      expect(short).toBeInstanceOf(ValidationError);
      expect(short).toMatchObject({ subject: 'Contact', field: 'name', rule: rules.tooShort });
      const nested = Contact.safeCreate({ name: 'Ada', tags: ['ok', 7] });
      expect(nested.success).toBe(false);
      if (nested.success) return;
      expect(nested.error).toMatchObject({ field: 'tags.1', rule: rules.wrongType });
      expect(nested.error.issues[0]?.path).toEqual(['tags', 1]);
      expect(Contact.safeCreate({ tags: [] })).toMatchObject({
        success: false,
        error: { field: 'name', rule: rules.missing },
      });
      expect(Contact.safeCreate({ name: 'Ada', tags: [], age: -1 })).toMatchObject({
        success: false,
        error: { field: 'age', rule: rules.tooSmall },
      });
      expect(Contact.safeCreate(null)).toMatchObject({ success: false, error: { field: '', rule: rules.wrongType } });
      expect(Contact.safeCreate({ name: 'Ada', tags: [], extra: 1 }).success).toBe(false);
    });

    it('refuses forbidden keys, hostile depth and unreadable input, as for zod', () => {
      const proto = JSON.parse('{"name":"Ada","tags":[],"__proto__":{"admin":true}}');
      expect(Contact.safeCreate(proto)).toMatchObject({ success: false, error: { rule: 'forbidden_key' } });
      let deep: unknown = 'x';
      for (let i = 0; i < 10_000; i++) deep = [deep];
      expect(Contact.safeCreate({ name: 'Ada', tags: deep })).toMatchObject({
        success: false,
        error: { rule: 'too_deep' },
      });
      const throwing = Object.defineProperty({ tags: [] }, 'name', {
        enumerable: true,
        get() {
          throw new Error('no');
        },
      });
      expect(Contact.safeCreate(throwing)).toMatchObject({ success: false, error: { rule: 'unreadable' } });
    });

    it('keeps unicode as given, counted as the validator counts it', () => {
      expect(Contact.create({ name: 'Zoë 🦆', tags: ['東京'] }).props.name).toBe('Zoë 🦆');
      // One astral character is two UTF-16 units: this validator counts units, as String#length does.
      expect(Contact.safeCreate({ name: '🦆', tags: [] }).success).toBe(true);
      expect(Contact.safeCreate({ name: 'x'.repeat(41), tags: [] })).toMatchObject({ success: false });
    });

    it('never freezes or shares the object it was given', () => {
      const input = { name: 'Ada', tags: ['a'] };
      const ada = Contact.create(input);
      expect(Object.isFrozen(input) || Object.isFrozen(input.tags)).toBe(false);
      input.tags.push('b');
      expect(ada.props.tags).toEqual(['a']);
    });

    it('re-validates with()', () => {
      const ada = Contact.create({ name: 'Ada', tags: [] });
      expect(ada.with({ name: 'Grace' }).props.name).toBe('Grace');
      expect(() => ada.with({ name: '' })).toThrow(ValidationError);
    });

    it('accepts exactly what the validator accepts, and keeps its output', () => {
      const field = fc.oneof(fc.string({ maxLength: 45 }), fc.integer(), fc.constant(undefined), fc.boolean());
      const input = fc.record(
        {
          name: field,
          age: fc.oneof(fc.integer({ min: -3, max: 200 }), fc.double(), fc.string()),
          tags: fc.array(field),
        },
        { requiredKeys: [] },
      );
      fc.assert(
        fc.property(input, (candidate) => {
          const own = contact['~standard'].validate(candidate) as StandardSchemaV1.Result<unknown>;
          const made = Contact.safeCreate(candidate);
          expect(made.success).toBe(own.issues === undefined);
          if (made.success && own.issues === undefined) expect(made.data.props).toEqual(own.value);
          if (!made.success && own.issues !== undefined) expect(made.error.issues).toHaveLength(own.issues.length);
        }),
        { numRuns: 300 },
      );
    });
  });

  describe('an event', () => {
    const Deposited = defineEvent('Deposited', deposit, { schemaVersion: 2 });
    const envelope = {
      id: '0190d2a4-5f6e-7c3b-9a1d-2e4f6a8b0c1d',
      type: 'Deposited',
      schemaVersion: 2,
      aggregateId: 'account-1',
      aggregateVersion: 1,
      occurredAt: '2026-01-02T03:04:05.000Z',
      payload: { cents: 250 },
      metadata: {},
    };

    it('validates its payload when raised and when parsed, naming the field under payload', () => {
      expect(Deposited({ cents: 5 }).payload).toEqual({ cents: 5 });
      expect(caught(() => Deposited({ cents: 0 }))).toMatchObject({ subject: 'Deposited', field: 'cents' });
      const parsed = Deposited.parse(envelope);
      expect(parsed.payload).toEqual({ cents: 250 });
      expect(Object.isFrozen(parsed.payload)).toBe(true);
      const bad = Deposited.safeParse({ ...envelope, payload: { cents: 'x' } });
      expect(bad).toMatchObject({ success: false, error: { field: 'payload.cents', rule: rules.wrongType } });
      expect(Deposited.safeParse({ ...envelope, payload: undefined })).toMatchObject({
        success: false,
        error: { field: 'payload' },
      });
      expect(Deposited.envelopeSchema.safeParse(envelope).success).toBe(true);
    });

    it('decodes through a registry and its upcasters, and refuses a bad stored payload', () => {
      const DepositedV1 = defineEvent('Deposited', z.object({ amount: z.number() }));
      const registry = defineEventRegistry({
        current: [Deposited],
        legacy: [DepositedV1],
        upcasters: [defineUpcaster(DepositedV1, Deposited, (old) => ({ cents: Math.round(old.amount * 100) }))],
      });
      const old = { ...envelope, schemaVersion: 1, payload: { amount: 1.5 } };
      expect(registry.deserialize(JSON.stringify(old))).toMatchObject({ schemaVersion: 2, payload: { cents: 150 } });
      expect(registry.parse(envelope).payload).toEqual({ cents: 250 });
      expect(caught(() => registry.parse({ ...envelope, payload: { cents: -1 } }))).toMatchObject({
        field: 'payload.cents',
        rule: rules.tooSmall,
      });
      expect(registry.parsePayload({ type: 'Deposited', schemaVersion: 2, payload: { cents: 3 } })).toEqual({
        cents: 3,
      });
      expect(caught(() => registry.parsePayload({ type: 'Deposited', schemaVersion: 2, payload: {} }))).toMatchObject({
        subject: 'Deposited',
        field: 'payload.cents',
        rule: rules.missing,
      });
      // The upcaster's output goes through the current (non-zod) schema too.
      const broken = defineEventRegistry({
        current: [Deposited],
        legacy: [DepositedV1],
        upcasters: [defineUpcaster(DepositedV1, Deposited, () => ({ cents: 0 }))],
      });
      expect(caught(() => broken.parse(old))).toMatchObject({ field: 'payload.cents', rule: rules.tooSmall });
    });

    it('is refused by the JSON Schema drift guard, which needs zod schemas', () => {
      const registry = defineEventRegistry({ current: [Deposited] });
      const error = caught(() => eventSchemaSnapshot(registry as unknown as ZodEventRegistry));
      expect(error).toBeInstanceOf(UnsupportedSchemaError);
      expect(error).toMatchObject({
        code: 'core.unsupported_schema',
        reason: 'zod_only',
        vendor,
        subject: 'Deposited@2',
      });
    });
  });

  describe('a command', () => {
    it('is validated before any handler runs, and its result when asked', async () => {
      const Deposit = defineCommand('Deposit', deposit, deposit);
      const handler = vi.fn(async (command: { payload: { cents: number } }) => ({ cents: command.payload.cents * 2 }));
      const bus = new CommandBus({ validateResults: true });
      bus.register(Deposit, handler);
      await expect(bus.dispatch(Deposit({ cents: 2 }))).resolves.toEqual({ cents: 4 });
      expect(caught(() => Deposit({ cents: 1.5 }))).toMatchObject({ subject: 'Deposit', field: 'cents' });
      await expect(bus.dispatch({ type: 'Deposit', payload: { cents: 'many' } } as never)).rejects.toMatchObject({
        name: 'ValidationError',
        field: 'payload.cents',
        rule: rules.wrongType,
      });
      expect(handler).toHaveBeenCalledTimes(1);
      expect(Deposit.parse({ type: 'Deposit', payload: { cents: 9 } }).payload).toEqual({ cents: 9 });

      const Broken = defineCommand('Broken', deposit, deposit);
      bus.register(Broken, async () => ({ cents: -5 }));
      await expect(bus.dispatch(Broken({ cents: 1 }))).rejects.toMatchObject({
        subject: 'Broken result',
        field: 'cents',
        rule: rules.tooSmall,
      });
    });
  });

  describe('a state-stored mapping', () => {
    const mapping: SnapshotMapping<Tally, { count: number; label: string }> = {
      schema: tally,
      toSnapshot: (aggregate) => ({ count: aggregate.count, label: 'tally' }),
      fromSnapshot: (data, { id, version }) => Tally.restore(TallyId.parse(id), data, version),
    };

    it('stores validated documents and refuses a bad one, writing nothing', async () => {
      const store = inMemoryStore({ aggregates: { tallies: stateStored('Tally', mapping) } });
      const id = TallyId.create();
      await store.transaction(async (s) => {
        s.tallies.add(Tally.restore(id, { count: 1, label: 'tally' }, 0));
      });
      await expect(
        store.transaction(async (s) => {
          (await s.tallies.get(id)).set(1.5);
        }),
      ).rejects.toMatchObject({ name: 'ValidationError', subject: 'Tally snapshot', field: 'count' });
      const loaded = await store.transaction(async (s) => s.tallies.get(id));
      expect([loaded.count, loaded.version]).toEqual([1, 1]);
    });
  });
});

describe('process state of another validator', () => {
  it('is embedded in the zod schema of the stored run, its issues named under state', () => {
    const mapping = processInstanceMapping(type({ step: "'reserving' | 'reserved'" }));
    const run = {
      process: 'Fulfilment',
      state: { step: 'reserving' },
      status: 'running',
      handled: [],
      compensations: [],
    };
    expect(mapping.schema.parse(run).state).toEqual({ step: 'reserving' });
    const checked = ProcessInstance.propsSchema(v.object({ step: v.picklist(['reserving', 'reserved']) })).safeParse({
      ...run,
      state: { step: 'shipped' },
    });
    expect(checked.success).toBe(false);
    if (checked.success) return;
    expect(ValidationError.fromZod('run', checked.error)).toMatchObject({ field: 'state.step', rule: 'invalid_type' });
  });
});

describe('an asynchronous validator', () => {
  const asyncName = v.pipeAsync(
    v.object({ name: v.string() }),
    v.checkAsync(async () => true, 'never fails'),
  );

  it('is refused with an UnsupportedSchemaError, never a silent pass, from every factory', async () => {
    const Named = defineValueObject('Named', asyncName);
    for (const run of [() => Named.create({ name: 'a' }), () => Named.safeCreate({ name: 'a' })]) {
      expect(caught(run)).toMatchObject({ name: 'UnsupportedSchemaError', reason: 'async', vendor: 'valibot' });
    }
    const Renamed = defineEvent('Renamed', asyncName);
    expect(caught(() => Renamed({ name: 'a' }))).toBeInstanceOf(UnsupportedSchemaError);
    expect(caught(() => Renamed.safeParse({ payload: { name: 'a' } }))).toBeInstanceOf(UnsupportedSchemaError);
    const Rename = defineCommand('Rename', asyncName);
    expect(caught(() => Rename({ name: 'a' }))).toBeInstanceOf(UnsupportedSchemaError);
    expect(caught(() => Rename.safeParse({ type: 'Rename', payload: { name: 'a' } }))).toBeInstanceOf(
      UnsupportedSchemaError,
    );
  });

  it('leaves no unhandled rejection behind when its promise rejects', async () => {
    const rejected = vi.fn();
    process.on('unhandledRejection', rejected);
    try {
      const failing: StandardSchemaV1<{ a: number }> = {
        '~standard': { version: 1, vendor: 'custom', validate: () => Promise.reject(new Error('offline')) },
      };
      const Thing = defineValueObject('Thing', failing);
      expect(caught(() => Thing.create({ a: 1 }))).toMatchObject({ reason: 'async', vendor: 'custom' });
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(rejected).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', rejected);
    }
  });
});

describe('a value that is no schema', () => {
  it('is refused where it is given', () => {
    for (const schema of [
      undefined,
      {},
      { '~standard': { version: 2, validate: () => ({ value: 1 }) } },
      'z.string()',
    ]) {
      const error = caught(() => defineValueObject('Bad', schema as never));
      expect(error).toMatchObject({ name: 'UnsupportedSchemaError', reason: 'not_a_schema', subject: 'Bad' });
      expect(caught(() => defineEvent('Bad', schema as never))).toBeInstanceOf(UnsupportedSchemaError);
      expect(caught(() => defineCommand('Bad', schema as never))).toBeInstanceOf(UnsupportedSchemaError);
    }
    expect(caught(() => defineCommand('Bad', z.object({}), 42 as never))).toMatchObject({ subject: 'Bad result' });
  });
});
