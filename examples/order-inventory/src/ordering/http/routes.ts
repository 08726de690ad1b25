import { type Context, Hono } from 'hono';
import type { Command, CommandBus, QueryBus } from 'tactical-ddd/cqrs';
import type { ZodType } from 'zod';
import { fromInput, fromRequest, type HttpEnv, ifMatch, readBody } from '../../shared/http.js';
import {
  AddOrderItem,
  CancelOrder,
  ConfirmOrder,
  DeliverOrder,
  PlaceOrder,
  ShipOrder,
} from '../application/commands.js';
import { GetOrder, ListCustomerOrders, ListOverdueOrders } from '../application/queries.js';

/**
 * Ordering's HTTP routes: each turns a request into a command or query (its zod schema validates
 * the body, and errors become problem documents in one place), dispatches it, and shapes the
 * reply. No rules here.
 */
export function orderRoutes(commandBus: CommandBus, queryBus: QueryBus): Hono<HttpEnv> {
  const routes = new Hono<HttpEnv>();
  const changed = (c: { header(name: string, value: string): void }, result: { version: number }) =>
    c.header('ETag', `"${result.version}"`);

  routes.post('/', async (c) => {
    const result = await commandBus.dispatch(fromInput(PlaceOrder, await readBody(c)), fromRequest(c));
    changed(c, result);
    c.header('Location', `/orders/${result.orderId}`);
    return c.json(result, 201);
  });

  routes.get('/', async (c) => {
    const page = await queryBus.dispatch(
      fromInput(ListCustomerOrders, {
        customerId: c.req.query('customerId'),
        limit: c.req.query('limit') ?? 20,
        offset: c.req.query('offset') ?? 0,
      }),
      fromRequest(c),
    );
    return c.json(page);
  });

  routes.get('/overdue', async (c) =>
    c.json(await queryBus.dispatch(ListOverdueOrders({ days: c.req.query('days') ?? 7 }), fromRequest(c))),
  );

  routes.get('/:id', async (c) => {
    const view = await queryBus.dispatch(fromInput(GetOrder, { orderId: c.req.param('id') }), fromRequest(c));
    c.header('ETag', `"${view.version}"`);
    return c.json(view);
  });

  routes.post('/:id/items', async (c) => {
    const body = await readBody(c);
    const command = fromInput(AddOrderItem, { ...body, orderId: c.req.param('id'), expectedVersion: ifMatch(c) });
    const result = await commandBus.dispatch(command, fromRequest(c));
    changed(c, result);
    return c.json(result);
  });

  const transition =
    (
      make: {
        type: string;
        schema: ZodType;
        parse(json: unknown): Command<string, unknown, { orderId: string; version: number }>;
      },
      withBody = false,
    ) =>
    async (c: Context<HttpEnv>) => {
      const body = withBody ? await readBody(c) : {};
      const command = fromInput(make, { ...body, orderId: c.req.param('id'), expectedVersion: ifMatch(c) });
      const result = await commandBus.dispatch(command, fromRequest(c));
      changed(c, result);
      return c.json(result);
    };
  routes.post('/:id/confirm', transition(ConfirmOrder));
  routes.post('/:id/cancel', transition(CancelOrder, true));
  routes.post('/:id/ship', transition(ShipOrder));
  routes.post('/:id/deliver', transition(DeliverOrder));
  return routes;
}
