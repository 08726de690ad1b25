import type { TransactionalRepository, UnitOfWork } from 'tactical-ddd';
import type { CommandBus, QueryBus } from 'tactical-ddd/cqrs';
import { Money } from 'tactical-ddd/money';
import type { ProductId, ReservationId } from '../domain/ids.js';
import { Product } from '../domain/Product.js';
import { StockAllocator } from '../domain/StockAllocator.js';
import { StockReservation } from '../domain/StockReservation.js';
import { AddProduct, ReceiveStock, ReleaseStock, ReserveStock } from './commands.js';
import { GetProduct, ListProducts, toProductView } from './queries.js';

export interface InventoryDependencies {
  readonly unitOfWork: UnitOfWork;
  readonly products: TransactionalRepository<Product, ProductId>;
  readonly reservations: TransactionalRepository<StockReservation, ReservationId>;
}

/** Registers Inventory's command and query handlers. */
export function registerInventory(commandBus: CommandBus, queryBus: QueryBus, deps: InventoryDependencies): void {
  const { unitOfWork, products, reservations } = deps;
  const allocator = new StockAllocator();

  commandBus
    .register(AddProduct, ({ payload }, context) =>
      unitOfWork.run(async (tx) => {
        const product = Product.add({
          sku: payload.sku,
          name: payload.name,
          price: Money.fromJSON(payload.price),
          onHand: payload.stock,
        });
        await products.withTransaction(tx).save(product);
        return { productId: product.id };
      }, context),
    )
    .register(ReceiveStock, ({ payload }, context) =>
      unitOfWork.run(async (tx) => {
        const repository = products.withTransaction(tx);
        const product = await repository.getById(payload.productId);
        product.receive(payload.quantity);
        await repository.save(product);
      }, context),
    )
    .register(ReserveStock, ({ payload }, context) =>
      unitOfWork.run(async (tx) => {
        const reservationRepository = reservations.withTransaction(tx);
        const existing = await reservationRepository.findById(payload.reservationId);
        // Delivery is at least once: a repeated request finds its reservation and changes nothing.
        if (existing !== undefined) return { reserved: existing.status === 'reserved' };
        const productRepository = products.withTransaction(tx);
        const loaded = new Map<string, Product>();
        for (const line of payload.lines) {
          const product = await productRepository.findById(line.productId);
          if (product !== undefined) loaded.set(product.id, product);
        }
        const reservation = StockReservation.blank(payload.reservationId);
        const outcome = allocator.allocate(reservation, payload.lines, loaded);
        if (outcome.reserved) for (const product of loaded.values()) await productRepository.save(product);
        await reservationRepository.save(reservation);
        return { reserved: outcome.reserved };
      }, context),
    )
    .register(ReleaseStock, ({ payload }, context) =>
      unitOfWork.run(async (tx) => {
        const reservationRepository = reservations.withTransaction(tx);
        const reservation = await reservationRepository.findById(payload.reservationId);
        if (reservation === undefined || !reservation.release()) return;
        const productRepository = products.withTransaction(tx);
        for (const line of reservation.lines) {
          const product = await productRepository.getById(line.productId);
          product.release(reservation.id, line.quantity);
          await productRepository.save(product);
        }
        await reservationRepository.save(reservation);
      }, context),
    );

  queryBus
    .register(GetProduct, async ({ payload }) => toProductView(await products.getById(payload.productId)))
    .register(ListProducts, async () =>
      (await products.findAll(undefined, { orderBy: [{ field: 'sku' }], limit: 100 })).map(toProductView),
    );
}
