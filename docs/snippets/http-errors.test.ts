import { ConcurrencyError, defineId, InvariantViolationError, NotFoundError } from 'tactical-ddd';
import { CurrencyMismatchError } from 'tactical-ddd/money';
import { describe, expect, it } from 'vitest';
import { handle, toProblem } from './http-errors.js';

describe('mapping errors to problem documents', () => {
  it('reports each broken field of a ValidationError with a 400', async () => {
    const OrderId = defineId('Order');
    const reply = await handle(async () => OrderId.parse('order-1'));
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({
      code: 'core.validation',
      errors: expect.arrayContaining([expect.objectContaining({ rule: expect.any(String) })]),
    });
  });

  it('maps not found, conflicts and broken rules to 404, 409 and 422', () => {
    expect(toProblem(new NotFoundError('Order', 'o-1')).status).toBe(404);
    expect(toProblem(new ConcurrencyError('Order-o-1', 1, 2)).status).toBe(409);
    expect(toProblem(new InvariantViolationError('order.not_empty', 'Cannot confirm an empty order')).status).toBe(422);
  });

  it('maps other domain errors to 400 and hides anything else behind a 500', () => {
    const mismatch = new CurrencyMismatchError('add', 'EUR', 'USD');
    expect(toProblem(mismatch)).toMatchObject({ status: 400, code: 'money.currency_mismatch' });
    const internal = toProblem(new Error('connection string with a password'));
    expect(internal).toEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'Something went wrong',
    });
  });
});
