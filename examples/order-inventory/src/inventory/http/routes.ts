import { Hono } from 'hono';
import type { CommandBus, QueryBus } from 'tactical-ddd/cqrs';
import { fromInput, fromRequest, type HttpEnv, readBody } from '../../shared/http.js';
import { AddProduct, ReceiveStock } from '../application/commands.js';
import { GetProduct, ListProducts } from '../application/queries.js';

/** Inventory's HTTP routes: products and their stock. */
export function productRoutes(commandBus: CommandBus, queryBus: QueryBus): Hono<HttpEnv> {
  const routes = new Hono<HttpEnv>();

  routes.get('/', async (c) => c.json(await queryBus.dispatch(ListProducts({}), fromRequest(c))));

  routes.post('/', async (c) => {
    const result = await commandBus.dispatch(fromInput(AddProduct, await readBody(c)), fromRequest(c));
    c.header('Location', `/products/${result.productId}`);
    return c.json(result, 201);
  });

  routes.get('/:id', async (c) =>
    c.json(await queryBus.dispatch(fromInput(GetProduct, { productId: c.req.param('id') }), fromRequest(c))),
  );

  routes.post('/:id/stock', async (c) => {
    const body = await readBody(c);
    await commandBus.dispatch(fromInput(ReceiveStock, { ...body, productId: c.req.param('id') }), fromRequest(c));
    return c.json(await queryBus.dispatch(fromInput(GetProduct, { productId: c.req.param('id') }), fromRequest(c)));
  });
  return routes;
}
