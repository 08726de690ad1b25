import * as z from 'zod';
import type { DomainEvent } from '../../../src/core/DomainEvent.js';
import { defineEvent } from '../../../src/core/defineEvent.js';
import { newEventId } from '../../../src/core/newEventId.js';
import { defineUpcaster } from '../../../src/event-sourcing/defineUpcaster.js';
import { defineEventRegistry } from '../../../src/event-sourcing/EventRegistry.js';
import { personal } from '../../../src/event-sourcing/personal.js';

const subject = { subject: (payload: Readonly<Record<string, unknown>>) => payload.customerId };

/** Two personal fields (one nested), and clear ones. */
export const CustomerRegistered = defineEvent(
  'CustomerRegistered',
  z.object({
    customerId: z.string(),
    name: personal(z.string(), subject),
    contact: z.object({ email: personal(z.email(), subject).optional(), channel: z.enum(['mail', 'sms']) }),
    tier: z.number().int(),
  }),
  { schemaVersion: 2 },
);

/** The same event before `tier` existed: an upcaster lifts it, its personal field sealed alike. */
export const CustomerRegisteredV1 = defineEvent(
  'CustomerRegistered',
  z.object({
    customerId: z.string(),
    name: personal(z.string(), subject),
    contact: z.object({ email: personal(z.email(), subject).optional(), channel: z.enum(['mail', 'sms']) }),
  }),
  { schemaVersion: 1 },
);

export const CustomerMoved = defineEvent('CustomerMoved', z.object({ customerId: z.string(), city: z.string() }));

export const customerEvents = defineEventRegistry({
  current: [CustomerRegistered, CustomerMoved],
  legacy: [CustomerRegisteredV1],
  upcasters: [defineUpcaster(CustomerRegisteredV1, CustomerRegistered, (old) => ({ ...old, tier: 1 }))],
});

/** A stored-shape event of `customerId`, with a known personal name and e-mail. */
export function registered(
  customerId: string,
  name: string,
  email = `${name.toLowerCase()}@example.com`,
  aggregateVersion = 1,
): DomainEvent {
  return {
    id: newEventId(),
    type: 'CustomerRegistered',
    schemaVersion: 2,
    aggregateId: customerId,
    aggregateVersion,
    occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, aggregateVersion)).toISOString(),
    payload: { customerId, name, contact: { email, channel: 'mail' }, tier: 3 },
    metadata: {},
  };
}
