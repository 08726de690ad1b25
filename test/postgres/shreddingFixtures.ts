import * as z from 'zod';
import type { AggregateOptions } from '../../src/core/AggregateRoot.js';
import type { EventOf } from '../../src/core/defineEvent.js';
import { defineEvent } from '../../src/core/defineEvent.js';
import { defineEventRegistry } from '../../src/event-sourcing/EventRegistry.js';
import { type EventHandlers, EventSourcedAggregate } from '../../src/event-sourcing/EventSourcedAggregate.js';
import { personal } from '../../src/event-sourcing/personal.js';

const ofCustomer = { subject: (payload: Readonly<Record<string, unknown>>) => payload.customerId };

export const CustomerRegistered = defineEvent(
  'CustomerRegistered',
  z.object({
    customerId: z.string(),
    name: personal(z.string().min(1), ofCustomer),
    email: personal(z.email(), ofCustomer),
    city: z.string(),
  }),
);
export const CustomerMoved = defineEvent('CustomerMoved', z.object({ customerId: z.string(), city: z.string() }));
export const CustomerRenamed = defineEvent(
  'CustomerRenamed',
  z.object({ customerId: z.string(), name: personal(z.string().min(1), ofCustomer) }),
);
export type CustomerEvent =
  | EventOf<typeof CustomerRegistered>
  | EventOf<typeof CustomerMoved>
  | EventOf<typeof CustomerRenamed>;
export const customerEvents = defineEventRegistry({ current: [CustomerRegistered, CustomerMoved, CustomerRenamed] });

export interface CustomerState {
  customerId: string;
  name: string | null;
  email: string | null;
  city: string;
}

const handlers: EventHandlers<CustomerState, CustomerEvent> = {
  CustomerRegistered: (state, { payload }) => {
    state.customerId = payload.customerId;
    state.name = payload.name; // null once the customer is forgotten
    state.email = payload.email;
    state.city = payload.city;
  },
  CustomerMoved: (state, { payload }) => {
    state.city = payload.city;
  },
  CustomerRenamed: (state, { payload }) => {
    state.name = payload.name;
  },
};

/** An event-sourced customer whose name and e-mail are personal data. */
export class Customer extends EventSourcedAggregate<string, CustomerState, CustomerEvent> {
  protected readonly when = handlers;

  constructor(id: string, options?: AggregateOptions) {
    super(id, { customerId: id, name: null, email: null, city: '' }, options);
  }

  static register(id: string, name: string, email: string, city: string): Customer {
    const customer = new Customer(id);
    customer.raise(CustomerRegistered({ customerId: id, name, email, city }));
    return customer;
  }

  rename(name: string): void {
    this.raise(CustomerRenamed({ customerId: this.id, name }));
  }

  moveTo(city: string): void {
    this.raise(CustomerMoved({ customerId: this.id, city }));
  }
}
