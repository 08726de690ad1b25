import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppModule } from '../src/AppModule.js';
import { CustomerNotifications } from '../src/ordering/application/CustomerNotifications.js';

// The app as it runs: a real HTTP server on a free port, requests with fetch.
let app: INestApplication;
let base: string;

beforeAll(async () => {
  app = await NestFactory.create(AppModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
});
afterAll(() => app?.close());

const post = (path: string, body?: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });

const sent = () => app.get(CustomerNotifications).sent;

const waitFor = async (condition: () => boolean) => {
  for (let i = 0; i < 400 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
};

const order = { customerId: 'c-42', lines: [{ sku: 'TEA-1', quantity: 2 }] };

describe('the orders API', () => {
  it('places and confirms an order, and publishes its events through the outbox after commit', async () => {
    const placed = await post('/orders', order, { 'x-correlation-id': 'req-1' });
    expect(placed.status).toBe(201);
    const { id } = (await placed.json()) as { id: string };

    const confirmed = await post(`/orders/${id}/confirm`, undefined, { 'x-correlation-id': 'req-2' });
    expect(confirmed.status).toBe(204);

    const view = await fetch(`${base}/orders/${id}`);
    expect(view.status).toBe(200);
    expect(await view.json()).toEqual({ id, ...order, status: 'confirmed', version: 2 });

    await waitFor(() => sent().filter((n) => n.text.includes(id)).length === 2);
    expect(sent().filter((n) => n.text.includes(id))).toEqual([
      { customerId: 'c-42', text: `We received your order ${id}`, correlationId: 'req-1' },
      { customerId: 'c-42', text: `Your order ${id} is confirmed`, correlationId: 'req-2' },
    ]);
  });

  it('answers a command the domain refuses with a problem, and publishes nothing for it', async () => {
    const { id } = (await (await post('/orders', order)).json()) as { id: string };
    expect((await post(`/orders/${id}/confirm`)).status).toBe(204);
    await waitFor(() => sent().filter((n) => n.text.includes(id)).length === 2);

    const again = await post(`/orders/${id}/confirm`);
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
    expect(await again.json()).toMatchObject({ status: 409, code: 'core.invariant_violation' });

    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sent().filter((n) => n.text.includes(id))).toHaveLength(2);
    expect(await (await fetch(`${base}/orders/${id}`)).json()).toMatchObject({ status: 'confirmed', version: 2 });
  });

  it('answers invalid input with 400 and the field and rule that failed', async () => {
    const cases: [unknown, string][] = [
      [{ ...order, lines: [] }, 'lines'],
      [{ ...order, lines: [{ sku: 'TEA-1', quantity: 0 }] }, 'lines.0.quantity'],
      [{ ...order, lines: [{ sku: 'TEA-1', quantity: 1.5 }] }, 'lines.0.quantity'],
      [{ ...order, lines: [{ sku: ' ', quantity: 1 }] }, 'lines.0.sku'],
      [{ ...order, customerId: 'é'.repeat(65) }, 'customerId'],
      [{ lines: order.lines }, 'customerId'],
      [[1, 2], ''],
    ];
    for (const [body, field] of cases) {
      const response = await post('/orders', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      const problem = (await response.json()) as { code: string; errors: { field: string }[] };
      expect(problem.code).toBe('core.validation');
      expect(problem.errors.map((e) => e.field)).toContain(field);
    }

    const badHeader = await post('/orders', order, { 'x-correlation-id': 'no spaces allowed' });
    expect(badHeader.status).toBe(400);
    expect(await badHeader.json()).toMatchObject({ errors: [{ field: 'x-correlation-id', rule: 'invalid_format' }] });

    const badId = await post('/orders/not-a-uuid/confirm');
    expect(badId.status).toBe(400);
    expect(await badId.json()).toMatchObject({ errors: [{ field: 'orderId' }] });

    expect((await post('/orders', '{"customerId": ')).status).toBe(400); // malformed JSON, answered by Nest
  });

  it('answers an unknown order with 404', async () => {
    const unknown = '01936f0e-8c3a-7b4e-9f2d-5a6b7c8d9e0f';
    const got = await fetch(`${base}/orders/${unknown}`);
    expect(got.status).toBe(404);
    expect(await got.json()).toMatchObject({ status: 404, code: 'core.not_found' });
    expect((await post(`/orders/${unknown}/confirm`)).status).toBe(404);
  });

  it('keeps every order of concurrent requests, each published once', async () => {
    const before = sent().length;
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        post('/orders', { customerId: `c-${i}`, lines: [{ sku: 'X', quantity: 1 }] }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201));
    const ids = await Promise.all(responses.map(async (r) => ((await r.json()) as { id: string }).id));
    expect(new Set(ids).size).toBe(20);
    await waitFor(() => sent().length === before + 20);
  });
});

describe('shutting down', () => {
  it('has published every committed event by the time the app has closed', async () => {
    const other = await NestFactory.create(AppModule, { logger: false });
    await other.listen(0, '127.0.0.1');
    const url = `http://127.0.0.1:${(other.getHttpServer().address() as AddressInfo).port}`;
    const response = await fetch(`${url}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(order),
    });
    const { id } = (await response.json()) as { id: string };
    const notifications = other.get(CustomerNotifications);
    await other.close(); // no wait: whatever the relay had not published yet, close publishes
    expect(notifications.sent.map((n) => n.text)).toEqual([`We received your order ${id}`]);
  });
});
