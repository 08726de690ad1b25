// #region aggregate
import { AggregateRoot, defineEvent, defineId, type EventOf, type IdOf, InvariantViolationError } from 'tactical-ddd';
import * as z from 'zod';

export const CartId = defineId('Cart');
export type CartId = IdOf<typeof CartId>;

export const ItemAdded = defineEvent('ItemAdded', z.object({ sku: z.string(), quantity: z.int().positive() }));
export const CartCheckedOut = defineEvent('CartCheckedOut', z.object({ items: z.int() }));
export type CartEvent = EventOf<typeof ItemAdded> | EventOf<typeof CartCheckedOut>;

interface CartProps {
  status: 'open' | 'checked_out';
  items: Map<string, number>;
}

export class Cart extends AggregateRoot<CartId, CartProps, CartEvent> {
  static open(id: CartId = CartId.create()): Cart {
    return new Cart(id, { status: 'open', items: new Map() });
  }

  add(sku: string, quantity: number): void {
    if (this.state.status !== 'open') throw new InvariantViolationError('cart.open', 'The cart is checked out');
    const added = ItemAdded({ sku, quantity }); // validates the payload
    this.state.items.set(sku, (this.state.items.get(sku) ?? 0) + quantity);
    this.raise(added);
  }

  checkOut(): void {
    if (this.state.items.size === 0) throw new InvariantViolationError('cart.not_empty', 'The cart is empty');
    this.state.status = 'checked_out';
    this.raise(CartCheckedOut({ items: this.state.items.size }));
  }
}

// #endregion aggregate

// #region repository
import { ConcurrencyError, inMemoryStore, stateStored } from 'tactical-ddd';

export async function checkOutTwice(): Promise<string> {
  const store = inMemoryStore({ aggregates: { carts: stateStored<Cart>('Cart') } });
  const cart = Cart.open();
  cart.add('TEA-001', 2);
  await store.carts.save(cart); // a session of its own: the cart and its event, in the outbox

  try {
    await store.transaction(async (s) => {
      const theirs = await s.carts.get(cart.id); // loaded at version 1
      await store.transaction(async (other) => (await other.carts.get(cart.id)).checkOut()); // version 2 now
      theirs.add('MUG-042', 1);
    }); // the commit checks the version: this session loses whole
    return 'saved';
  } catch (error) {
    return error instanceof ConcurrencyError ? `conflict: expected ${error.expected}, found ${error.actual}` : 'other';
  }
}
// #endregion repository
