// #region setup
import { inMemoryStore, stateStored } from 'tactical-ddd';
import { CommandBus, defineCommand, EventBus, OutboxRelay, retryOnConcurrency } from 'tactical-ddd/cqrs';
import * as z from 'zod';
import { Cart, CartId } from './getting-started.js';

export const AddToCart = defineCommand('AddToCart', z.object({ cartId: CartId.schema, sku: z.string().min(1) }));

const store = inMemoryStore({ aggregates: { carts: stateStored<Cart>('Cart') } });

export const eventBus = new EventBus();
export const relay = new OutboxRelay({ outbox: store.outbox as NonNullable<typeof store.outbox>, publisher: eventBus });

export const commandBus = new CommandBus({ middleware: [retryOnConcurrency({ maxAttempts: 3 })] }).register(
  AddToCart,
  // The whole handler is one session: state and outbox rows commit together, stamped with the
  // command's correlation and causation ids. A ConcurrencyError at commit re-runs it.
  ({ payload }, context) =>
    store.transaction(async (s) => {
      let cart = await s.carts.find(payload.cartId);
      if (cart === undefined) {
        cart = Cart.open(payload.cartId);
        s.carts.add(cart);
      }
      cart.add(payload.sku, 1);
    }, context),
);
// #endregion setup
