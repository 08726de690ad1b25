// #region aggregate
import { type AggregateOptions, AggregateRoot, defineEvent, type EventOf } from 'tactical-ddd';
import * as z from 'zod';

export const ReminderSet = defineEvent('ReminderSet', z.object({ dueAt: z.iso.datetime() }));

/** An aggregate that takes `{ clock, generateId }`, so tests can fix time and ids. */
export class Reminder extends AggregateRoot<string, { dueAt?: string }, EventOf<typeof ReminderSet>> {
  constructor(id: string, options: AggregateOptions = {}) {
    super(id, {}, options);
  }
  /** Due `minutes` from now, by the aggregate's clock. */
  setIn(minutes: number): void {
    const dueAt = new Date(this.clock.now().getTime() + minutes * 60_000).toISOString();
    this.state.dueAt = dueAt;
    this.raise(ReminderSet({ dueAt }));
  }
}
// #endregion aggregate
