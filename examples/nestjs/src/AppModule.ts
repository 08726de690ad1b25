import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TacticalDddModule } from 'tactical-ddd/nestjs';
import { OrdersController } from './http/OrdersController.js';
import { ProblemFilter } from './http/ProblemFilter.js';
import { CustomerNotifications } from './ordering/application/CustomerNotifications.js';
import { ConfirmOrderHandler, GetOrderHandler, PlaceOrderHandler } from './ordering/application/handlers.js';
import { createOrderStore } from './ordering/application/OrderStore.js';

/**
 * The application: `TacticalDddModule` provides the buses, the store and the outbox relay (started
 * with the app, drained when it closes), and registers the handlers below on the buses.
 */
@Module({
  imports: [
    TacticalDddModule.forRootAsync({
      // A factory, so that each app instance (each test) gets a store of its own.
      useFactory: () => ({ store: createOrderStore() }),
    }),
  ],
  controllers: [OrdersController],
  providers: [
    PlaceOrderHandler,
    ConfirmOrderHandler,
    GetOrderHandler,
    CustomerNotifications,
    { provide: APP_FILTER, useClass: ProblemFilter },
  ],
})
export class AppModule {}
