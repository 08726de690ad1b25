import type { CommandBus, QueryBus } from 'tactical-ddd/cqrs';
import { Money } from 'tactical-ddd/money';
import { Product } from '../domain/Product.js';
import { StockAllocator } from '../domain/StockAllocator.js';
import { StockReservation } from '../domain/StockReservation.js';
import { AddProduct, ReceiveStock, ReleaseStock, ReserveStock } from './commands.js';
import type { InventoryStore } from './InventoryStore.js';
import { GetProduct, ListProducts, toProductView } from './queries.js';

export interface InventoryDependencies {
  readonly store: InventoryStore;
}

/**
 * Registers Inventory's command and query handlers. Each command is one session: whatever it
 * loads and changes (products, a reservation) commits together, with the events they raised.
 */
export function registerInventory(commandBus: CommandBus, queryBus: QueryBus, { store }: InventoryDependencies): void {
  const allocator = new StockAllocator();

  commandBus
    .register(AddProduct, ({ payload }, context) =>
      store.transaction((s) => {
        const { sku, name, price, stock } = payload;
        const product = Product.add({ sku, name, price: Money.fromJSON(price), onHand: stock });
        s.products.add(product);
        return { productId: product.id };
      }, context),
    )
    .register(ReceiveStock, ({ payload }, context) =>
      store.transaction(async (s) => {
        (await s.products.get(payload.productId)).receive(payload.quantity);
      }, context),
    )
    .register(ReserveStock, ({ payload }, context) =>
      store.transaction(async (s) => {
        // Delivery is at least once: a repeated request finds its reservation and changes nothing.
        const existing = await s.reservations.find(payload.reservationId);
        if (existing !== undefined) return { reserved: existing.status === 'reserved' };
        const products = new Map<string, Product>();
        for (const line of payload.lines) {
          const product = await s.products.find(line.productId);
          if (product !== undefined) products.set(product.id, product);
        }
        const reservation = StockReservation.blank(payload.reservationId);
        // Changes the products only when every line can be served; the session saves what changed.
        const { reserved } = allocator.allocate(reservation, payload.lines, products);
        s.reservations.add(reservation);
        return { reserved };
      }, context),
    )
    .register(ReleaseStock, ({ payload }, context) =>
      store.transaction(async (s) => {
        const reservation = await s.reservations.find(payload.reservationId);
        if (reservation === undefined || !reservation.release()) return;
        for (const line of reservation.lines) {
          (await s.products.get(line.productId)).release(reservation.id, line.quantity);
        }
      }, context),
    );

  queryBus
    .register(GetProduct, async ({ payload }) => toProductView(await store.products.getById(payload.productId)))
    .register(ListProducts, async () =>
      (await store.products.findAll(undefined, { orderBy: [{ field: 'sku' }], limit: 100 })).map(toProductView),
    );
}
