import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { expressApp, fastifyApp, honoApp } from './http.js';

/** The three recipes, each answering a request the way its framework serves it. */
type Answer = { status: number; type: string | null; body: Record<string, unknown> };
let expressUrl = '';
let closeExpress: () => void = () => undefined;

beforeAll(async () => {
  const server = expressApp.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  expressUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  closeExpress = () => server.close();
});
afterAll(() => closeExpress());

const fastify = fastifyApp();
afterAll(() => fastify.close());

const frameworks: Record<string, (path: string) => Promise<Answer>> = {
  hono: async (path) => {
    const response = await honoApp.request(path);
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      body: (await response.json()) as Answer['body'],
    };
  },
  express: async (path) => {
    const response = await fetch(`${expressUrl}${path}`);
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      body: (await response.json()) as Answer['body'],
    };
  },
  fastify: async (path) => {
    const response = await fastify.inject({ method: 'GET', url: path });
    return { status: response.statusCode, type: response.headers['content-type'] as string, body: response.json() };
  },
};

describe.each(Object.keys(frameworks))('the %s recipe', (name) => {
  const get = frameworks[name] as (path: string) => Promise<Answer>;

  it('answers a result as JSON', async () => {
    expect(await get('/orders/o-1')).toMatchObject({ status: 200, body: { id: 'o-1', status: 'confirmed' } });
  });

  it('answers a missing order with a 404 problem', async () => {
    const answer = await get('/orders/o-2');
    expect(answer.status).toBe(404);
    expect(answer.type).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({ code: 'core.not_found', entity: 'Order', id: 'o-2', instance: '/orders/o-2' });
  });

  it('answers a malformed id with a 400 naming the field', async () => {
    const answer = await get('/orders/%F0%9F%92%A5');
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([{ field: 'id', rule: 'invalid_format', message: 'An order id is o-<number>' }]);
  });
});

describe('problem options', () => {
  it('point the type at the API’s own documentation and map the application’s codes', async () => {
    const { DomainError } = await import('tactical-ddd');
    const { apiProblem } = await import('./http.js');
    class PaymentDeclinedError extends DomainError {
      readonly code = 'billing.payment_declined';
    }
    expect(apiProblem(new PaymentDeclinedError('Card declined'), '/payments/p-1')).toMatchObject({
      type: 'https://api.example.com/problems/billing.payment_declined',
      status: 402,
      detail: 'Card declined',
      instance: '/payments/p-1',
    });
  });
});

describe('a server error in the recipes', () => {
  it('is logged, and the client learns nothing of it', async () => {
    const { toProblem } = await import('tactical-ddd/http');
    const { logServerError } = await import('./http.js');
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const error = new Error('connection refused by db.internal:5432');
    const problem = toProblem(error);
    logServerError(problem, error);
    expect(log).toHaveBeenCalledWith(error);
    expect(JSON.stringify(problem)).not.toContain('db.internal');
    log.mockRestore();
  });
});
