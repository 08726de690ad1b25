import { describe, expectTypeOf, it } from 'vitest';
import * as z from 'zod';
import { defineCommand, type ProcessContext } from '../../src/cqrs/index.js';
import { defineEvent, inMemoryStore, type ReservedName, stateStored } from '../../src/index.js';

const Remind = defineCommand('Remind', z.object({ n: z.int() }));
const DeadlinePassed = defineEvent('DeadlinePassed', z.object({ orderId: z.string() }));

describe('scheduling types', () => {
  it('schedules commands and events on a session, returning the id to cancel', async () => {
    const store = inMemoryStore({ aggregates: {} });
    await store.transaction((s) => {
      expectTypeOf(s.schedule(new Date(), Remind({ n: 1 }))).toEqualTypeOf<string>();
      // @ts-expect-error the due time is a Date, not an ISO string
      s.schedule('2026-06-01T12:00:00Z', Remind({ n: 1 }));
      // @ts-expect-error a session schedules complete events, not drafts
      s.schedule(new Date(), DeadlinePassed({ orderId: 'o-1' }));
      expectTypeOf(s.cancel).parameters.toEqualTypeOf<[messageId: string]>();
    });
  });

  it('lets a process schedule event drafts and commands, and read its deadlines', () => {
    expectTypeOf<ProcessContext<unknown>['schedule']>().toBeCallableWith(new Date(), DeadlinePassed({ orderId: 'o' }));
    expectTypeOf<ProcessContext<unknown>['schedule']>().toBeCallableWith(new Date(), Remind({ n: 1 }));
    expectTypeOf<ProcessContext<unknown>['deadlines']>().toEqualTypeOf<readonly string[]>();
  });

  it('keeps schedule and cancel for the session: no aggregate kind may take those names', () => {
    expectTypeOf<'schedule'>().toExtend<ReservedName>();
    expectTypeOf<'cancel'>().toExtend<ReservedName>();
    // @ts-expect-error a reserved name
    inMemoryStore({ aggregates: { schedule: stateStored('Schedule') } });
  });
});
