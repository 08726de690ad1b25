import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { entries } from '../../entries.js';
import { defaultProblemTypeBase, problemContentType, problemKinds, toProblem } from '../../src/http/index.js';
import {
  ConcurrencyError,
  DomainError,
  InvariantViolationError,
  NotFoundError,
  StaleVersionError,
  type TransactionClosedError,
  ValidationError,
} from '../../src/index.js';
import type { CurrencyMismatchError } from '../../src/money/index.js';

const event = {
  id: '0199a8b2-7c1d-7e2f-8a3b-000000000001',
  type: 'OrderPlaced',
  schemaVersion: 1,
  aggregateId: 'o-1',
  aggregateVersion: 1,
  occurredAt: '2026-12-06T10:00:00.000Z',
  payload: {},
  metadata: {},
};

/**
 * One instance of each error class the package exports, and the status it must answer with: a new
 * exported error class without a row here fails the first test, so each one gets a mapping decision.
 */
const samples: Record<
  string,
  { readonly make: (Class: new (...args: never[]) => Error) => Error; readonly status: number }
> = {
  ValidationError: {
    make: () => ValidationError.of('PlaceOrder', 'items.0.quantity', 'too_small', 'Too small'),
    status: 400,
  },
  NotFoundError: { make: (C) => new (C as typeof NotFoundError)('Order', 'o-1'), status: 404 },
  ConcurrencyError: { make: (C) => new (C as typeof ConcurrencyError)('Order-o-1', 2, 3), status: 409 },
  StaleVersionError: { make: (C) => new (C as typeof StaleVersionError)('Order', 'o-1', 2, 3), status: 412 },
  InvariantViolationError: {
    make: (C) => new (C as typeof InvariantViolationError)('order.not_empty', 'An order needs an item'),
    status: 422,
  },
  CurrencyMismatchError: { make: (C) => new (C as typeof CurrencyMismatchError)('add', 'USD', 'EUR'), status: 422 },
  DuplicateEventError: {
    make: (C) => new (C as never as Ctor)('Order-o-1', event.id, 'content_mismatch'),
    status: 409,
  },
  TransactionClosedError: { make: (C) => new (C as typeof TransactionClosedError)('tx-1', 'committed'), status: 500 },
  DuplicateHandlerError: { make: (C) => new (C as never as Ctor)('command', 'PlaceOrder'), status: 500 },
  HandlerNotFoundError: { make: (C) => new (C as never as Ctor)('command', 'PlaceOrder'), status: 500 },
  EventDeliveryError: { make: (C) => new (C as never as Ctor)(event, []), status: 500 },
  MessageDecodeError: { make: (C) => new (C as never as Ctor)('payload', 'invalid', 'bad payload'), status: 500 },
  StreamGapError: { make: (C) => new (C as never as Ctor)('orders', 'billing', '1-0', '5-0'), status: 500 },
  TransactionAbortedError: { make: (C) => new (C as never as Ctor)(), status: 500 },
  TransactionClientRequiredError: { make: (C) => new (C as never as Ctor)(), status: 500 },
  TransactionEndedError: { make: (C) => new (C as never as Ctor)(), status: 500 },
  MissingPeerDependencyError: { make: (C) => new (C as never as Ctor)('pg', 'connectPg'), status: 500 },
  DataDirectoryLockedError: { make: (C) => new (C as never as Ctor)('/data', '/data/.lock', 42), status: 500 },
  UntranslatableSpecificationError: { make: (C) => new (C as never as Ctor)('isOverdue'), status: 500 },
  UnsupportedSchemaError: { make: (C) => new (C as never as Ctor)('Order', 'valibot', 'async'), status: 500 },
  ProcessEndedError: { make: (C) => new (C as never as Ctor)('OrderFulfilment', 'c-1', 'completed'), status: 500 },
  StreamDeletedError: { make: (C) => new (C as never as Ctor)('Account-a-1', 'soft'), status: 410 },
  SubjectForgottenError: { make: (C) => new (C as never as Ctor)('customer-1'), status: 422 },
  ScenarioAssertionError: { make: (C) => new (C as never as Ctor)('expected events', [], []), status: 500 },
};
type Ctor = new (...args: unknown[]) => Error;

/** Every class extending `Error` that some entry point of the package exports, by name. */
async function exportedErrorClasses(): Promise<Map<string, Ctor>> {
  const found = new Map<string, Ctor>();
  for (const file of Object.values(entries)) {
    const module: Record<string, unknown> = await import(
      /* @vite-ignore */ new URL(`../../${file}`, import.meta.url).href
    );
    for (const value of Object.values(module)) {
      if (typeof value === 'function' && value.prototype instanceof Error) found.set(value.name, value as Ctor);
    }
  }
  return found;
}

describe('toProblem over the whole error family', () => {
  it('has a decided status for every error class the package exports, and answers with it', async () => {
    const classes = await exportedErrorClasses();
    expect(classes.size).toBeGreaterThanOrEqual(Object.keys(samples).length);
    const unmapped = [...classes.keys()].filter((name) => name !== 'DomainError' && samples[name] === undefined);
    expect(unmapped, 'exported error classes without a problem mapping decision').toEqual([]);
    for (const [name, Class] of classes) {
      if (name === 'DomainError') continue;
      const sample = samples[name] as (typeof samples)[string];
      const error = sample.make(Class);
      expect(error).toBeInstanceOf(Class);
      const problem = toProblem(error, { instance: '/orders/o-1' });
      expect(problem.status, name).toBe(sample.status);
      expect(problem.instance).toBe('/orders/o-1');
      expect(problem.title.length).toBeGreaterThan(0);
      if (sample.status < 500) {
        expect(problem.code).toBe((error as DomainError).code);
        expect(problem.type).toBe(`${defaultProblemTypeBase}${problem.code}`);
        expect(problem.detail).toBe(error.message);
      } else {
        expect(problem).toEqual({
          type: `${defaultProblemTypeBase}internal`,
          title: 'Internal server error',
          status: 500,
          detail: 'The server failed to handle the request',
          code: 'internal',
          instance: '/orders/o-1',
        });
      }
    }
  });

  it('lists every client-facing code in problemKinds, and only those', () => {
    const clientCodes = Object.entries(samples)
      .filter(([, sample]) => sample.status < 500)
      .map(([name]) => name);
    expect(Object.keys(problemKinds)).toHaveLength(clientCodes.length);
  });

  it('puts each invalid field, rule and message of a validation error in errors, and nothing else of the issue', () => {
    const error = ValidationError.fromZod('PlaceOrder', {
      issues: [
        { path: ['items', 0, 'quantity'], code: 'too_small', message: 'Too small' },
        { path: ['customer'], code: 'invalid_type', message: 'Required' },
      ],
    });
    expect(toProblem(error)).toEqual({
      type: `${defaultProblemTypeBase}core.validation`,
      title: 'The request is not valid',
      status: 400,
      detail: error.message,
      code: 'core.validation',
      errors: [
        { field: 'items.0.quantity', rule: 'too_small', message: 'Too small' },
        { field: 'customer', rule: 'invalid_type', message: 'Required' },
      ],
    });
  });

  it('answers a version conflict with the versions, a missing aggregate with its entity and id', () => {
    expect(toProblem(new StaleVersionError('Order', 'o-1', 2, 3))).toMatchObject({
      status: 412,
      expected: 2,
      actual: 3,
    });
    expect(toProblem(new ConcurrencyError('Order-o-1', 'no_stream', 3))).toMatchObject({
      status: 409,
      expected: 'no_stream',
      actual: 3,
    });
    expect(toProblem(new NotFoundError('Order', 'o-1'))).toMatchObject({ entity: 'Order', id: 'o-1' });
    expect(toProblem(new InvariantViolationError('order.not_empty'))).toMatchObject({ invariant: 'order.not_empty' });
  });

  it('never leaks what a server error says, whatever was thrown', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ minLength: 1 }), fc.anything()), (thrown) => {
        const secret = 'password=hunter2';
        const errors = [new Error(`${secret} ${String(thrown)}`), thrown, { code: 'core.not_found', message: secret }];
        for (const error of errors) {
          const problem = toProblem(error);
          expect(problem.status).toBe(500);
          expect(JSON.stringify(problem)).not.toContain('hunter2');
          expect(Object.keys(problem).sort()).toEqual(['code', 'detail', 'status', 'title', 'type']);
        }
      }),
    );
  });

  it('takes the base of type and problem kinds of the application’s own codes', () => {
    class PaymentDeclinedError extends DomainError {
      declare readonly code: 'billing.payment_declined';
      constructor() {
        super('The card was declined');
        this.name = 'PaymentDeclinedError';
        this.code = 'billing.payment_declined';
      }
    }
    expect(toProblem(new PaymentDeclinedError()).status).toBe(500);
    const problem = toProblem(new PaymentDeclinedError(), {
      typeBase: 'https://api.example.com/problems/',
      kinds: { 'billing.payment_declined': { status: 402, title: 'Payment declined' } },
    });
    expect(problem).toEqual({
      type: 'https://api.example.com/problems/billing.payment_declined',
      title: 'Payment declined',
      status: 402,
      detail: 'The card was declined',
      code: 'billing.payment_declined',
    });
    expect(problemContentType).toBe('application/problem+json');
  });

  it('serialises to JSON and back unchanged (a plain document)', () => {
    const problem = toProblem(ValidationError.of('request body', '', 'invalid_json', 'Not JSON: \u{1F4A5}'));
    expect(JSON.parse(JSON.stringify(problem))).toEqual(problem);
  });
});
