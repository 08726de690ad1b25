import { ROOT_CONTEXT, SpanKind, type Tracer, trace } from '@opentelemetry/api';
import { Hono } from 'hono';
import { toProblem } from 'tactical-ddd/http';
import { traceContextOf, traceMetadata } from 'tactical-ddd/opentelemetry';
import type { HttpEnv } from '../shared/http.js';
import { problemResponse } from '../shared/problem.js';

/**
 * A Hono app with what every API of the example shares: a server span per request (child of the
 * caller's `traceparent`), a request id, errors as problem documents, and a problem for unknown routes.
 */
export function createHttp(tracer: Tracer): Hono<HttpEnv> {
  const http = new Hono<HttpEnv>();
  http.use(async (c, next) => {
    const span = tracer.startSpan(
      `HTTP ${c.req.method}`,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': c.req.method, 'url.path': c.req.path } },
      traceContextOf(
        { traceparent: c.req.header('traceparent'), tracestate: c.req.header('tracestate') },
        ROOT_CONTEXT,
      ),
    );
    c.set('traceparent', traceMetadata(trace.setSpan(ROOT_CONTEXT, span)).traceparent as string | undefined);
    c.set('requestId', c.req.header('x-request-id') ?? crypto.randomUUID());
    try {
      await next();
    } finally {
      span.updateName(`${c.req.method} ${c.req.routePath}`);
      span.setAttribute('http.response.status_code', c.res.status);
      span.end();
    }
  });
  http.onError((error, c) => {
    const problem = toProblem(error, { instance: c.req.path });
    if (problem.status >= 500) console.error(error);
    return problemResponse(problem);
  });
  http.notFound((c) =>
    problemResponse({
      type: 'about:blank',
      title: 'Not found',
      status: 404,
      detail: `No route for ${c.req.method} ${c.req.path}`,
      code: 'route.not_found',
    }),
  );
  return http;
}
