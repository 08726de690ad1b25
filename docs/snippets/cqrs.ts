// #region setup
import { InMemoryOutbox, InMemoryRepository, InMemoryUnitOfWork } from 'tactical-ddd';
import { CommandBus, defineCommand, EventBus, OutboxRelay, retryOnConcurrency } from 'tactical-ddd/cqrs';
import * as z from 'zod';
import { Cart, CartId } from './getting-started.js';

export const AddToCart = defineCommand('AddToCart', z.object({ cartId: CartId.schema, sku: z.string().min(1) }));

const outbox = new InMemoryOutbox();
const carts = new InMemoryRepository<Cart, CartId>({ name: 'Cart', outbox });
const unitOfWork = new InMemoryUnitOfWork();

export const eventBus = new EventBus();
export const relay = new OutboxRelay({ outbox, publisher: eventBus });

export const commandBus = new CommandBus({ middleware: [retryOnConcurrency({ maxAttempts: 3 })] }).register(
  AddToCart,
  // The whole handler runs in one unit of work: state and outbox rows commit together, stamped
  // with the command's correlation and causation ids. A ConcurrencyError re-runs it.
  (command, context) =>
    unitOfWork.run(async (tx) => {
      const repository = carts.withTransaction(tx);
      const cart = (await repository.findById(command.payload.cartId)) ?? Cart.open(command.payload.cartId);
      cart.add(command.payload.sku, 1);
      await repository.save(cart);
    }, context),
);
// #endregion setup
