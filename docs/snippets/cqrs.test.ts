import { ValidationError } from 'tactical-ddd';
import { expect, it } from 'vitest';
import { AddToCart, commandBus, eventBus, relay } from './cqrs.js';
import { CartId } from './getting-started.js';

it('validates, handles in a unit of work and publishes after commit with correlation ids', async () => {
  // #region use
  const seen: string[] = [];
  eventBus.subscribe('ItemAdded', async (event) => {
    seen.push(`${event.type} correlation=${event.metadata.correlationId}`);
  });

  const cartId = CartId.create();
  const command = AddToCart({ cartId, sku: 'TEA-001' }, { metadata: { correlationId: 'req-42' } });
  await commandBus.dispatch(command);
  await relay.drain(); // publishes committed outbox rows to the event bus

  // A bad payload never reaches a handler: making the command throws a ValidationError.
  expect(() => AddToCart({ cartId, sku: '' })).toThrow(ValidationError);
  // #endregion use
  expect(seen).toEqual(['ItemAdded correlation=req-42']);
  expect(() => AddToCart({ cartId: 'nope' as CartId, sku: 'x' })).toThrow(ValidationError);
});
