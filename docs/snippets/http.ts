// #region shared
import { NotFoundError, ValidationError } from 'tactical-ddd';
import { type Problem, problemContentType, toProblem } from 'tactical-ddd/http';

/** A small use case for the recipes: finds an order, or throws the library's errors. */
export async function findOrder(id: string): Promise<{ id: string; status: string }> {
  if (!/^o-\d+$/.test(id))
    throw ValidationError.of('GET /orders/:id', 'id', 'invalid_format', 'An order id is o-<number>');
  if (id !== 'o-1') throw new NotFoundError('Order', id);
  return { id, status: 'confirmed' };
}

/** Every server error is logged here: the client's problem document tells it nothing. */
export function logServerError(problem: Problem, error: unknown): void {
  if (problem.status >= 500) console.error(error);
}

// #endregion shared

// #region options
export const apiProblem = (error: unknown, path: string) =>
  toProblem(error, {
    instance: path,
    typeBase: 'https://api.example.com/problems/',
    kinds: { 'billing.payment_declined': { status: 402, title: 'Payment declined' } },
  });

// #endregion options

// #region hono
import { Hono } from 'hono';

export const honoApp = new Hono();
honoApp.get('/orders/:id', async (c) => c.json(await findOrder(c.req.param('id'))));
honoApp.onError((error, c) => {
  const problem = toProblem(error, { instance: c.req.path });
  logServerError(problem, error);
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { 'Content-Type': problemContentType },
  });
});

// #endregion hono

// #region express
import express, { type NextFunction, type Request, type Response } from 'express';

export const expressApp = express();
expressApp.get('/orders/:id', async (req, res) => {
  res.json(await findOrder(req.params.id)); // Express 5 hands a rejection to the error handler
});
// An error handler has four parameters, and comes after the routes.
expressApp.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
  const problem = toProblem(error, { instance: req.originalUrl });
  logServerError(problem, error);
  res.status(problem.status).type(problemContentType).send(JSON.stringify(problem));
});

// #endregion express

// #region fastify
import Fastify from 'fastify';

export function fastifyApp() {
  const app = Fastify();
  app.get<{ Params: { id: string } }>('/orders/:id', async (request) => findOrder(request.params.id));
  app.setErrorHandler((error, request, reply) => {
    const problem = toProblem(error, { instance: request.url });
    logServerError(problem, error);
    return reply.status(problem.status).type(problemContentType).send(JSON.stringify(problem));
  });
  return app;
}
// #endregion fastify
