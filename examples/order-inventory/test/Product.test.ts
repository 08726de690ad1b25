import { Money } from 'tactical-ddd/money';
import { forAggregate } from 'tactical-ddd/testing';
import { describe, expect, it } from 'vitest';
import { ProductAdded, StockReceived, UnitsReleased, UnitsReserved } from '../src/inventory/domain/events.js';
import { ProductId, ReservationId } from '../src/inventory/domain/ids.js';
import { InsufficientStockError, Product } from '../src/inventory/domain/Product.js';
import { StockAllocator } from '../src/inventory/domain/StockAllocator.js';
import { StockReservation } from '../src/inventory/domain/StockReservation.js';

const productId = ProductId.create();
const reservationId = ReservationId.create();
const added = ProductAdded({ sku: 'TEA-1', name: 'Tea', price: { amount: '12.50', currency: 'USD' }, onHand: 3 });
const product = forAggregate(() => Product.blank(productId));

describe('Product', () => {
  it('reserves what is available', () => {
    product
      .given([added])
      .when((p) => p.reserve(reservationId, 3))
      .then([UnitsReserved({ reservationId, quantity: 3 })]);
  });

  it('refuses to reserve more than is available (reserved units count)', () => {
    product
      .given([added, UnitsReserved({ reservationId, quantity: 2 })])
      .when((p) => p.reserve(ReservationId.create(), 2))
      .then(InsufficientStockError);
  });

  it('releases at most what is reserved', () => {
    product
      .given([added, UnitsReserved({ reservationId, quantity: 2 })])
      .when((p) => p.release(reservationId, 2))
      .then([UnitsReleased({ reservationId, quantity: 2 })]);
    product
      .given([added])
      .when((p) => p.release(reservationId, 1))
      .then({ invariant: 'inventory.release_within_reserved' });
  });

  it('receives positive quantities only', () => {
    product
      .given([added])
      .when((p) => p.receive(5))
      .then([StockReceived({ quantity: 5 })]);
    product
      .given([added])
      .when((p) => p.receive(0))
      .then({ invariant: 'inventory.positive_quantity' });
  });
});

describe('StockAllocator', () => {
  const stocked = (onHand: number) => Product.add({ sku: 'X', name: 'X', price: Money.of('1.00', 'USD'), onHand });

  it('reserves every line or none', () => {
    const a = stocked(5);
    const b = stocked(1);
    const products = new Map([
      [a.id, a],
      [b.id, b],
    ]);
    const failed = StockReservation.blank(ReservationId.create());
    const outcome = new StockAllocator().allocate(
      failed,
      [
        { productId: a.id, quantity: 2 },
        { productId: b.id, quantity: 2 },
      ],
      products,
    );
    expect(outcome).toEqual({ reserved: false, shortages: [{ productId: b.id, requested: 2, available: 1 }] });
    expect([a.available, b.available, failed.status]).toEqual([5, 1, 'failed']);

    const reserved = StockReservation.blank(ReservationId.create());
    expect(
      new StockAllocator().allocate(
        reserved,
        [
          { productId: a.id, quantity: 2 },
          { productId: a.id, quantity: 1 },
        ],
        products,
      ).reserved,
    ).toBe(true);
    expect([a.available, reserved.status, reserved.lines]).toEqual([2, 'reserved', [{ productId: a.id, quantity: 3 }]]);
  });
});
