import { type Tracer, trace } from '@opentelemetry/api';
import type { Hono } from 'hono';
import { createHttp } from '../app/http.js';
import type { ProductView } from '../inventory/application/queries.js';
import type { OrderView } from '../ordering/application/OrderView.js';
import type { HttpEnv } from '../shared/http.js';
import { type Problem, problemResponse, upstreamProblemType } from '../shared/problem.js';
import { listen, type RunningService } from './runtime.js';

export interface GatewayOptions {
  readonly ordersUrl: string;
  readonly inventoryUrl: string;
  /** How long to wait for a service (ms, default 3000): then 504. */
  readonly timeoutMs?: number;
  readonly tracer?: Tracer;
}

/** An order with each line's product and stock, as `GET /orders/:id/details` returns it. */
export interface OrderDetails extends Omit<OrderView, 'items'> {
  readonly items: readonly (OrderView['items'][number] & {
    readonly product: Pick<ProductView, 'sku' | 'name' | 'price'> | null;
    readonly stock: Pick<ProductView, 'onHand' | 'reserved' | 'available'> | null;
  })[];
}

/** A service that did not answer (502) or not in time (504). */
class UpstreamFailure extends Error {
  constructor(
    readonly service: string,
    readonly status: 502 | 504,
    detail: string,
  ) {
    super(detail);
  }

  problem(instance: string): Problem {
    return {
      type: upstreamProblemType,
      title: this.status === 504 ? 'A service did not answer in time' : 'A service is unavailable',
      status: this.status,
      detail: this.message,
      instance,
      code: this.status === 504 ? 'upstream.timeout' : 'upstream.unavailable',
      service: this.service,
    };
  }
}

/**
 * The gateway's API: `GET /orders/:id/details` asks the orders service for the order, then the
 * inventory service for each product (in parallel), and answers with the order and, per line, its
 * product and stock. The orders service's own problems (404, 400) pass through; a service that is
 * down or answers 5xx is a 502 problem naming it, one that does not answer in time a 504.
 */
export function createGateway(options: GatewayOptions): Hono<HttpEnv> {
  const tracer = options.tracer ?? trace.getTracer('gateway');
  const timeoutMs = options.timeoutMs ?? 3_000;
  const http = createHttp(tracer);

  const get = async (service: string, url: string, traceparent: string | undefined): Promise<Response> => {
    let response: Response;
    try {
      response = await fetch(url, {
        headers: traceparent === undefined ? {} : { traceparent },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'TimeoutError') {
        throw new UpstreamFailure(service, 504, `The ${service} service did not answer within ${timeoutMs} ms`);
      }
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
      throw new UpstreamFailure(service, 502, `The ${service} service cannot be reached (${cause})`);
    }
    if (response.status >= 500) {
      throw new UpstreamFailure(service, 502, `The ${service} service failed with ${response.status}`);
    }
    return response;
  };

  http.get('/health', (c) => c.json({ service: 'gateway', status: 'ok' }));
  http.get('/orders/:id/details', async (c) => {
    const traceparent = c.get('traceparent');
    try {
      const orderResponse = await get(
        'orders',
        `${options.ordersUrl}/orders/${encodeURIComponent(c.req.param('id'))}`,
        traceparent,
      );
      if (!orderResponse.ok) {
        return new Response(orderResponse.body, { status: orderResponse.status, headers: orderResponse.headers });
      }
      const order = (await orderResponse.json()) as OrderView;
      const productIds = [...new Set(order.items.map((item) => item.productId))];
      const products = new Map<string, ProductView>();
      await Promise.all(
        productIds.map(async (id) => {
          const response = await get('inventory', `${options.inventoryUrl}/products/${id}`, traceparent);
          if (response.ok) products.set(id, (await response.json()) as ProductView);
          else await response.body?.cancel();
        }),
      );
      const details: OrderDetails = {
        ...order,
        items: order.items.map((item) => {
          const product = products.get(item.productId);
          return {
            ...item,
            product: product === undefined ? null : { sku: product.sku, name: product.name, price: product.price },
            stock:
              product === undefined
                ? null
                : { onHand: product.onHand, reserved: product.reserved, available: product.available },
          };
        }),
      };
      return c.json(details);
    } catch (error) {
      if (error instanceof UpstreamFailure) return problemResponse(error.problem(c.req.path));
      throw error;
    }
  });
  return http;
}

/** Starts the gateway on a port (0: a free one). */
export async function startGateway(options: GatewayOptions & { readonly port?: number }): Promise<RunningService> {
  const server = await listen(createGateway(options), options.port ?? 0);
  return { name: 'gateway', port: server.port, url: `http://127.0.0.1:${server.port}`, stop: server.close };
}
