import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { CommandBus, defineCommand, type MessageContext } from '../../src/cqrs/index.js';
import { inMemoryStore, stateStored } from '../../src/index.js';
import { Account } from '../core/accountFixtures.js';

const Step = defineCommand('Step', z.object({}));

async function contextFor(dispatch: (bus: CommandBus) => Promise<unknown>): Promise<MessageContext> {
  let seen: MessageContext | undefined;
  const bus = new CommandBus().register(Step, (_command, context) => {
    seen = context;
  });
  await dispatch(bus);
  return seen as MessageContext;
}

describe('correlation and causation ids', () => {
  it('starts a conversation: the first message is its own correlation id', async () => {
    const command = Step({});
    const context = await contextFor((bus) => bus.dispatch(command));
    expect(context).toMatchObject({ messageId: command.id, correlationId: command.id, messageType: 'Step' });
    expect(context.causationId).toBeUndefined();
    expect(context.metadata).toEqual({ correlationId: command.id, causationId: command.id });
  });

  it('keeps the correlation id the message brings (an HTTP request id)', async () => {
    const command = Step({}, { metadata: { correlationId: 'req-9', traceparent: '00-a-b-01' } });
    const context = await contextFor((bus) => bus.dispatch(command));
    expect(context.correlationId).toBe('req-9');
    expect(context.metadata).toEqual({ correlationId: 'req-9', causationId: command.id, traceparent: '00-a-b-01' });
  });

  it('carries the correlation id of the event that caused it, and the event id as causation', async () => {
    const account = Account.open();
    account.deposit(1);
    const [raw] = account.pullEvents();
    const event = { ...(raw as NonNullable<typeof raw>), metadata: { correlationId: 'req-1', tenant: 't' } };
    const command = Step({});
    const context = await contextFor((bus) => bus.dispatch(command, { causedBy: event }));
    expect(context).toMatchObject({ correlationId: 'req-1', causationId: event.id });
    expect(context.metadata).toEqual({ correlationId: 'req-1', causationId: command.id, tenant: 't' });
  });

  it('carries it from a handler context (command → command) and lets explicit metadata win', async () => {
    const parent = await contextFor((bus) => bus.dispatch(Step({}, { metadata: { correlationId: 'req-2' } })));
    const child = Step({});
    const context = await contextFor((bus) => bus.dispatch(child, { causedBy: parent }));
    expect(context).toMatchObject({ correlationId: 'req-2', causationId: parent.messageId });
    const forced = await contextFor((bus) =>
      bus.dispatch(Step({}), { causedBy: parent, metadata: { correlationId: 'other', extra: 1 } }),
    );
    expect(forced.correlationId).toBe('other');
    expect(forced.metadata).toMatchObject({ extra: 1, correlationId: 'other' });
  });

  it('uses a command as cause too', async () => {
    const cause = Step({}, { metadata: { correlationId: 'req-3' } });
    const context = await contextFor((bus) => bus.dispatch(Step({}), { causedBy: cause }));
    expect(context).toMatchObject({ correlationId: 'req-3', causationId: cause.id });
  });

  it('stamps events with the context as the session began: the session keeps a copy of its metadata', async () => {
    const store = inMemoryStore({ aggregates: { accounts: stateStored<Account>('Account') } });
    const command = Step({}, { metadata: { correlationId: 'req-4', tenant: 't-1' } });
    const bus = new CommandBus().register(Step, (_command, context) =>
      store.transaction(async (s) => {
        // The context is this dispatch's own plain object: changing it now does not reach the session.
        (context.metadata as Record<string, unknown>).tenant = 'changed';
        const account = Account.open();
        account.deposit(5);
        s.accounts.add(account);
      }, context),
    );
    await bus.dispatch(command);
    const [stored] = store.outbox.pending;
    expect(stored?.kind === 'event' && stored.event.metadata).toEqual({
      correlationId: 'req-4',
      causationId: command.id,
      tenant: 't-1',
    });
    expect(Object.isFrozen(stored?.kind === 'event' && stored.event.metadata)).toBe(true);
  });
});
