// #region events
import { defineEvent, type EventOf } from 'tactical-ddd';
import {
  CryptoShredder,
  defineEventRegistry,
  InMemoryEventStore,
  InMemoryKeyStore,
  personal,
} from 'tactical-ddd/event-sourcing';
import * as z from 'zod';

// The customer's id is the data subject: an opaque uuid, stored in clear next to each ciphertext.
const ofCustomer = { subject: (payload: Readonly<Record<string, unknown>>) => payload.customerId };

export const CustomerRegistered = defineEvent(
  'CustomerRegistered',
  z.object({
    customerId: z.uuid(),
    name: personal(z.string().min(1), ofCustomer), // string | null
    email: personal(z.email(), ofCustomer), // string | null
    country: z.string().length(2), // not personal: kept in clear
  }),
);
export type CustomerRegistered = EventOf<typeof CustomerRegistered>;
export const customerEvents = defineEventRegistry({ current: [CustomerRegistered] });
// #endregion events

// #region store
export const keys = new InMemoryKeyStore(); // PostgresKeyStore in production, or your KMS
export const shredder = new CryptoShredder({ registry: customerEvents, keys });
export const events = new InMemoryEventStore({ registry: customerEvents, shredder });
// #endregion store

// #region forget
export async function registerAndForget(customerId: string) {
  await events.appendToStream(customerId, [
    {
      id: crypto.randomUUID(),
      ...CustomerRegistered({ customerId, name: 'Zoë Ångström', email: 'zoe@example.com', country: 'SE' }),
      aggregateId: customerId,
      aggregateVersion: 1,
      occurredAt: new Date().toISOString(),
      metadata: {},
    },
  ]);
  const [before] = await events.readStream(customerId); // name and email in clear

  await shredder.forget(customerId); // the key is gone: an erasure request is done

  const [after] = await events.readStream(customerId); // the same event, type and handlers unchanged
  return { before: before?.payload, after: after?.payload }; // after: { name: null, email: null, country: 'SE', … }
}

// #endregion forget

import { type EventHandlers, EventSourcedAggregate } from 'tactical-ddd/event-sourcing';

interface CustomerState {
  customerId: string;
  name: string | null;
  country: string;
}

const when: EventHandlers<CustomerState, CustomerRegistered> = {
  CustomerRegistered: (state, { payload }) => {
    state.name = payload.name; // null once the customer is forgotten
    state.country = payload.country;
  },
};

/** The customer of the crypto-shredding guide. */
export class Customer extends EventSourcedAggregate<string, CustomerState, CustomerRegistered> {
  protected readonly when = when;

  constructor(id: string) {
    super(id, { customerId: id, name: null, country: '' });
  }

  static register(customerId: string, name: string, email: string, country: string): Customer {
    const customer = new Customer(customerId);
    customer.raise(CustomerRegistered({ customerId, name, email, country }));
    return customer;
  }
}

// #region postgres
import { eventSourced, SealedSnapshotStore } from 'tactical-ddd/event-sourcing';
import { migrate, PostgresKeyStore, PostgresSnapshotStore, postgresStore, type SqlClient } from 'tactical-ddd/postgres';

export async function openCustomerStore(client: SqlClient) {
  await migrate(client); // creates ddd_subject_keys with the other tables
  const shredder = new CryptoShredder({ registry: customerEvents, keys: new PostgresKeyStore({ client }) });
  const snapshots = new SealedSnapshotStore({
    store: new PostgresSnapshotStore({ client }),
    shredder,
    subject: (snapshot) => (snapshot.state as { customerId: string }).customerId,
  });
  const store = postgresStore({
    client,
    eventStore: { registry: customerEvents, shredder }, // seals in ddd_events and ddd_outbox alike
    aggregates: {
      customers: eventSourced({
        name: 'Customer',
        create: (id: string) => new Customer(id),
        snapshots: { store: snapshots, every: 50 },
      }),
    },
  });
  return { store, shredder };
}
// #endregion postgres
