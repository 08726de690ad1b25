import { type Clock, type LoadOptions, NotFoundError } from 'tactical-ddd';
import { Address } from 'tactical-ddd/address';
import type { CommandBus, QueryBus } from 'tactical-ddd/cqrs';
import type { Order } from '../domain/Order.js';
import { OrderFactory } from '../domain/OrderFactory.js';
import { orderIsOverdue } from '../domain/OrderIsOverdue.js';
import type { OrderPricingService } from '../domain/OrderPricingService.js';
import type { ProductCatalog } from '../domain/ProductCatalog.js';
import { AddOrderItem, CancelOrder, ConfirmOrder, DeliverOrder, PlaceOrder, ShipOrder } from './commands.js';
import type { OrderingStore } from './OrderingStore.js';
import type { OrderSummaryQueries } from './OrderSummary.js';
import { toOrderView } from './OrderView.js';
import { GetOrder, ListCustomerOrders, ListOverdueOrders } from './queries.js';

/** What Ordering's handlers need: ports only, so the same handlers run on every store. */
export interface OrderingDependencies {
  readonly store: OrderingStore;
  readonly catalog: ProductCatalog;
  readonly pricing: OrderPricingService;
  readonly summaries: OrderSummaryQueries;
  readonly clock: Clock;
}

/** The client's `If-Match`, if it sent one: a stale one is a `StaleVersionError` (412), not retried. */
const ifMatch = ({ expectedVersion }: { expectedVersion?: number | undefined }): LoadOptions =>
  expectedVersion === undefined ? {} : { expectedVersion };

const changed = (order: Order) => ({ orderId: order.id, version: order.version });

/**
 * Registers Ordering's command and query handlers. Each command is one session: load the order
 * (at the client's version), change it, and the commit saves it with its events in the outbox.
 */
export function registerOrdering(commandBus: CommandBus, queryBus: QueryBus, deps: OrderingDependencies): void {
  const { store, pricing } = deps;
  const factory = new OrderFactory(deps.catalog);

  commandBus
    .register(PlaceOrder, async (command, context) => {
      // Catalog lookups happen before the session: keep transactions short.
      const { shippingAddress, ...cart } = command.payload;
      const order = await factory.createFromCart({ ...cart, shippingAddress: Address.fromJSON(shippingAddress) });
      return store.transaction((s) => {
        s.orders.add(order);
        return changed(order);
      }, context);
    })
    .register(AddOrderItem, async ({ payload }, context) => {
      const entry = await deps.catalog.find(payload.productId);
      if (entry === undefined) throw new NotFoundError('Product', payload.productId);
      return store.transaction(async (s) => {
        const order = await s.orders.get(payload.orderId, ifMatch(payload));
        const { productId, name: productName, unitPrice } = entry;
        order.addItem({ productId, productName, unitPrice, quantity: payload.quantity });
        return changed(order);
      }, context);
    })
    .register(ConfirmOrder, ({ payload }, context) =>
      store.transaction(async (s) => {
        const order = await s.orders.get(payload.orderId, ifMatch(payload));
        order.confirm(pricing.price(order));
        return changed(order);
      }, context),
    )
    .register(CancelOrder, ({ payload }, context) =>
      store.transaction(async (s) => {
        const order = await s.orders.get(payload.orderId, ifMatch(payload));
        order.cancel(payload.reason);
        return changed(order);
      }, context),
    )
    .register(ShipOrder, ({ payload }, context) =>
      store.transaction(async (s) => {
        const order = await s.orders.get(payload.orderId, ifMatch(payload));
        order.ship();
        return changed(order);
      }, context),
    )
    .register(DeliverOrder, ({ payload }, context) =>
      store.transaction(async (s) => {
        const order = await s.orders.get(payload.orderId, ifMatch(payload));
        order.deliver();
        return changed(order);
      }, context),
    );

  queryBus
    .register(GetOrder, async ({ payload }) => toOrderView(await store.orders.getById(payload.orderId), pricing))
    .register(ListCustomerOrders, ({ payload }) =>
      deps.summaries.listByCustomer(payload.customerId, { limit: payload.limit, offset: payload.offset }),
    )
    .register(ListOverdueOrders, async ({ payload }) => {
      // The specification runs in memory or as SQL, whichever store this is.
      const overdue = await store.orders.findAll(orderIsOverdue(deps.clock.now(), payload.days), {
        orderBy: [{ field: 'placedAt' }],
        limit: 100,
      });
      return { orderIds: overdue.map((order) => order.id) };
    });
}
