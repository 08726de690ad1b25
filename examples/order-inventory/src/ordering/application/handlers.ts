import {
  type Clock,
  ConcurrencyError,
  NotFoundError,
  type TransactionalRepository,
  type UnitOfWork,
} from 'tactical-ddd';
import { Address } from 'tactical-ddd/address';
import type { CommandBus, MessageContext, QueryBus } from 'tactical-ddd/cqrs';
import type { OrderId } from '../domain/ids.js';
import type { Order } from '../domain/Order.js';
import { OrderFactory } from '../domain/OrderFactory.js';
import { orderIsOverdue } from '../domain/OrderIsOverdue.js';
import type { OrderPricingService } from '../domain/OrderPricingService.js';
import type { ProductCatalog } from '../domain/ProductCatalog.js';
import { AddOrderItem, CancelOrder, ConfirmOrder, DeliverOrder, PlaceOrder, ShipOrder } from './commands.js';
import type { OrderSummaryStore } from './OrderSummary.js';
import { toOrderView } from './OrderView.js';
import { GetOrder, ListCustomerOrders, ListOverdueOrders } from './queries.js';

/** What Ordering's handlers need: ports only, so the same handlers run on every store. */
export interface OrderingDependencies {
  readonly unitOfWork: UnitOfWork;
  readonly orders: TransactionalRepository<Order, OrderId>;
  readonly catalog: ProductCatalog;
  readonly pricing: OrderPricingService;
  readonly summaries: OrderSummaryStore;
  readonly clock: Clock;
}

/** Registers Ordering's command and query handlers. */
export function registerOrdering(commandBus: CommandBus, queryBus: QueryBus, deps: OrderingDependencies): void {
  const { unitOfWork, orders, pricing } = deps;
  const factory = new OrderFactory(deps.catalog);

  /** Loads the order, checks the client's version, runs `change`, saves: one unit of work. */
  const update = (
    orderId: OrderId,
    expectedVersion: number | undefined,
    context: MessageContext,
    change: (order: Order) => void | Promise<void>,
  ) =>
    unitOfWork.run(async (tx) => {
      const repository = orders.withTransaction(tx);
      const order = await repository.getById(orderId);
      if (expectedVersion !== undefined && order.version !== expectedVersion) {
        throw new ConcurrencyError(`Order ${orderId}`, expectedVersion, order.version);
      }
      await change(order);
      await repository.save(order);
      return { orderId: order.id, version: order.version };
    }, context);

  commandBus
    .register(PlaceOrder, async (command, context) => {
      // Catalog lookups happen before the transaction opens: keep transactions short (and PGlite
      // has a single connection, so reads outside the transaction would wait for it).
      const { shippingAddress, ...cart } = command.payload;
      const order = await factory.createFromCart({ ...cart, shippingAddress: Address.fromJSON(shippingAddress) });
      return unitOfWork.run(async (tx) => {
        await orders.withTransaction(tx).save(order);
        return { orderId: order.id, version: order.version };
      }, context);
    })
    .register(AddOrderItem, async ({ payload }, context) => {
      const entry = await deps.catalog.find(payload.productId);
      if (entry === undefined) throw new NotFoundError('Product', payload.productId);
      return update(payload.orderId, payload.expectedVersion, context, (order) =>
        order.addItem({
          productId: entry.productId,
          productName: entry.name,
          unitPrice: entry.unitPrice,
          quantity: payload.quantity,
        }),
      );
    })
    .register(ConfirmOrder, ({ payload }, context) =>
      update(payload.orderId, payload.expectedVersion, context, (order) => order.confirm(pricing.price(order))),
    )
    .register(CancelOrder, ({ payload }, context) =>
      update(payload.orderId, payload.expectedVersion, context, (order) => order.cancel(payload.reason)),
    )
    .register(ShipOrder, ({ payload }, context) =>
      update(payload.orderId, payload.expectedVersion, context, (order) => order.ship()),
    )
    .register(DeliverOrder, ({ payload }, context) =>
      update(payload.orderId, payload.expectedVersion, context, (order) => order.deliver()),
    );

  queryBus
    .register(GetOrder, async ({ payload }) => toOrderView(await orders.getById(payload.orderId), pricing))
    .register(ListCustomerOrders, ({ payload }) =>
      deps.summaries.listByCustomer(payload.customerId, { limit: payload.limit, offset: payload.offset }),
    )
    .register(ListOverdueOrders, async ({ payload }) => {
      // The specification runs in memory or as SQL, whichever repository this is.
      const overdue = await orders.findAll(orderIsOverdue(deps.clock.now(), payload.days), {
        orderBy: [{ field: 'placedAt' }],
        limit: 100,
      });
      return { orderIds: overdue.map((order) => order.id) };
    });
}
