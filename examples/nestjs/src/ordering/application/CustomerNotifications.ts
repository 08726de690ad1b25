import { Injectable } from '@nestjs/common';
import type { EventOf } from 'tactical-ddd';
import { EventHandlerFor } from 'tactical-ddd/nestjs';
import { OrderConfirmed, OrderPlaced } from '../domain/Order.js';

/** A message to a customer, as an email service would receive it. */
export interface Notification {
  readonly customerId: string;
  readonly text: string;
  readonly correlationId: string | undefined;
}

/**
 * Tells customers about their orders. It runs only for committed events, delivered by the outbox
 * relay; if it throws, the event stays in the outbox and is delivered again. (A real one would
 * call an email service; this one keeps what it sent, for the tests and the demo.)
 */
@Injectable()
@EventHandlerFor(OrderPlaced, OrderConfirmed)
export class CustomerNotifications {
  readonly sent: Notification[] = [];

  handle(event: EventOf<typeof OrderPlaced> | EventOf<typeof OrderConfirmed>): void {
    const text =
      event.type === 'OrderPlaced'
        ? `We received your order ${event.aggregateId}`
        : `Your order ${event.aggregateId} is confirmed`;
    this.sent.push({ customerId: event.payload.customerId, text, correlationId: event.metadata.correlationId });
  }
}
