// #region setup
import { inMemoryStore, stateStored } from 'tactical-ddd';
import { CommandBus, defineCommand, EventBus, OutboxRelay } from 'tactical-ddd/cqrs';
import { openTelemetry } from 'tactical-ddd/opentelemetry';
import * as z from 'zod';
import { Cart, CartId } from './getting-started.js';

export const AddToCart = defineCommand('AddToCart', z.object({ cartId: CartId.schema, sku: z.string().min(1) }));

/** Builds the app once the OpenTelemetry SDK has started (its global providers are the default). */
export function createApp() {
  const observer = openTelemetry(); // one observer: give it to every part
  const store = inMemoryStore({ aggregates: { carts: stateStored<Cart>('Cart') }, observer });
  const eventBus = new EventBus();
  const relay = new OutboxRelay({ outbox: store.outbox, publisher: eventBus, observer });
  const commandBus = new CommandBus({ observer }).register(AddToCart, ({ payload }, context) =>
    store.transaction(async (s) => {
      let cart = await s.carts.find(payload.cartId);
      if (cart === undefined) {
        cart = Cart.open(payload.cartId);
        s.carts.add(cart);
      }
      cart.add(payload.sku, 1);
    }, context),
  );
  // Broker consumers and process managers take it too:
  // new RabbitMQConsumer({ ...options, observer }), new ProcessManager({ ...options, observer })
  return { store, eventBus, relay, commandBus };
}

// #endregion setup

// #region request
import { context, type Span, trace } from '@opentelemetry/api';
import { traceMetadata } from 'tactical-ddd/opentelemetry';

/** In an HTTP handler: the request's span becomes the parent of the command's. */
export async function addToCart(app: ReturnType<typeof createApp>, requestSpan: Span, cartId: CartId) {
  const metadata = traceMetadata(trace.setSpan(context.active(), requestSpan)); // { traceparent, tracestate? }
  await app.commandBus.dispatch(AddToCart({ cartId, sku: 'TEA-001' }), { metadata });
}
// #endregion request
