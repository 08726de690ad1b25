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
  static open(): Cart {
    return new Cart(CartId.create(), { status: 'open', items: new Map() });
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
import { ConcurrencyError, InMemoryRepository } from 'tactical-ddd';

export async function checkOutTwice(): Promise<string> {
  const carts = new InMemoryRepository<Cart, CartId>({ name: 'Cart' });
  const cart = Cart.open();
  cart.add('TEA-001', 2);
  await carts.save(cart);

  const mine = await carts.getById(cart.id);
  const theirs = await carts.getById(cart.id);
  mine.checkOut();
  await carts.save(mine);
  theirs.add('MUG-042', 1);
  try {
    await carts.save(theirs); // loaded at version 1, but version 2 is stored now
    return 'saved';
  } catch (error) {
    return error instanceof ConcurrencyError ? `conflict: expected ${error.expected}, found ${error.actual}` : 'other';
  }
}
// #endregion repository
