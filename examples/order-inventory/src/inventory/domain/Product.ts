import { InvariantViolationError } from 'tactical-ddd';
import { type EventHandlers, EventSourcedAggregate } from 'tactical-ddd/event-sourcing';
import { Money } from 'tactical-ddd/money';
import { ProductAdded, type ProductEvent, StockReceived, UnitsReleased, UnitsReserved } from './events.js';
import { ProductId, type ReservationId } from './ids.js';

export interface ProductState {
  sku: string;
  name: string;
  price: Money;
  /** Units in the warehouse, reserved or not. */
  onHand: number;
  /** Units set aside for reservations. Invariant: 0 ≤ reserved ≤ onHand. */
  reserved: number;
}

/** Thrown when a reservation asks for more than is available. */
export class InsufficientStockError extends InvariantViolationError {
  declare readonly productId: ProductId;
  declare readonly requested: number;
  declare readonly available: number;

  constructor(productId: ProductId, requested: number, available: number) {
    super('inventory.sufficient_stock', `Product ${productId}: ${requested} requested, ${available} available`);
    this.productId = productId;
    this.requested = requested;
    this.available = available;
  }
}

const positive = (quantity: number, what: string): void => {
  if (!Number.isSafeInteger(quantity) || quantity <= 0) {
    throw new InvariantViolationError('inventory.positive_quantity', `${what} needs a positive whole quantity`);
  }
};

/**
 * The Product aggregate of Inventory: its stock on hand and what is reserved. `reserve` and
 * `release` keep `0 ≤ reserved ≤ onHand`; the available stock is the difference.
 */
export class Product extends EventSourcedAggregate<ProductId, ProductState, ProductEvent> {
  static blank(id: ProductId): Product {
    return new Product(id, { sku: '', name: '', price: Money.zero('USD'), onHand: 0, reserved: 0 });
  }

  static add(input: { sku: string; name: string; price: Money; onHand: number }): Product {
    if (!Number.isSafeInteger(input.onHand) || input.onHand < 0) {
      throw new InvariantViolationError('inventory.stock_not_negative', 'Initial stock cannot be negative');
    }
    const product = Product.blank(ProductId.create());
    product.raise(
      ProductAdded({ sku: input.sku, name: input.name, price: input.price.toJSON(), onHand: input.onHand }),
    );
    return product;
  }

  static restore(id: ProductId, state: ProductState): Product {
    return new Product(id, state);
  }

  protected readonly when: EventHandlers<ProductState, ProductEvent> = {
    ProductAdded: (state, { payload }) => {
      state.sku = payload.sku;
      state.name = payload.name;
      state.price = Money.fromJSON(payload.price);
      state.onHand = payload.onHand;
    },
    StockReceived: (state, { payload }) => {
      state.onHand += payload.quantity;
    },
    UnitsReserved: (state, { payload }) => {
      state.reserved += payload.quantity;
    },
    UnitsReleased: (state, { payload }) => {
      state.reserved -= payload.quantity;
    },
  };

  get name(): string {
    return this.state.name;
  }

  get price(): Money {
    return this.state.price;
  }

  /** Units that can still be reserved. */
  get available(): number {
    return this.state.onHand - this.state.reserved;
  }

  receive(quantity: number): void {
    positive(quantity, 'Receiving stock');
    this.raise(StockReceived({ quantity }));
  }

  /** @throws InsufficientStockError when fewer than `quantity` units are available. */
  reserve(reservationId: ReservationId, quantity: number): void {
    positive(quantity, 'A reservation');
    if (quantity > this.available) throw new InsufficientStockError(this.id, quantity, this.available);
    this.raise(UnitsReserved({ reservationId, quantity }));
  }

  /** @throws InvariantViolationError `inventory.release_within_reserved` when releasing more than is reserved. */
  release(reservationId: ReservationId, quantity: number): void {
    positive(quantity, 'A release');
    if (quantity > this.state.reserved) {
      throw new InvariantViolationError(
        'inventory.release_within_reserved',
        `Product ${this.id}: cannot release ${quantity}, only ${this.state.reserved} reserved`,
      );
    }
    this.raise(UnitsReleased({ reservationId, quantity }));
  }
}
