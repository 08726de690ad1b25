import * as z from 'zod';
import type { AggregateOptions } from '../core/AggregateRoot.js';
import { AggregateRoot } from '../core/AggregateRoot.js';
import { defineEvent, type EventOf } from '../core/defineEvent.js';
import type { SnapshotMapping } from '../core/SnapshotMapping.js';
import { type EventHandlers, EventSourcedAggregate } from '../event-sourcing/EventSourcedAggregate.js';

// The aggregates the session conformance suite (and the store model test) drives. @internal

export const Incremented = defineEvent('ConformanceIncremented', z.object({ by: z.int() }));
export type CounterEvent = EventOf<typeof Incremented>;

export interface CounterProps {
  count: number;
  label: string;
}

/** A state-stored aggregate: `increment` raises an event, `relabel` changes state without one. @internal */
export class ConformanceCounter extends AggregateRoot<string, CounterProps, CounterEvent> {
  static create(id: string, label = 'new', options?: AggregateOptions): ConformanceCounter {
    return new ConformanceCounter(id, { count: 0, label }, options);
  }

  static restore(id: string, props: CounterProps, version: number): ConformanceCounter {
    return new ConformanceCounter(id, props, { version });
  }

  increment(by = 1, metadata?: Readonly<Record<string, string>>): void {
    this.state.count += by;
    this.raise(Incremented({ by }, metadata));
  }

  relabel(label: string): void {
    this.state.label = label;
  }
}

export const CounterDocument = z.strictObject({ count: z.int(), label: z.string() });

export const counterMapping: SnapshotMapping<ConformanceCounter, z.infer<typeof CounterDocument>> = {
  schema: CounterDocument,
  toSnapshot: (counter) => ({ count: counter.props.count, label: counter.props.label }),
  fromSnapshot: (document, { id, version }) => ConformanceCounter.restore(id, { ...document }, version),
};

export const Tallied = defineEvent('ConformanceTallied', z.object({ by: z.int() }));
export type TallyEvent = EventOf<typeof Tallied>;

const tallyHandlers: EventHandlers<{ total: number }, TallyEvent> = {
  ConformanceTallied: (state, event) => {
    state.total += event.payload.by;
  },
};

/** An event-sourced aggregate. @internal */
export class ConformanceTally extends EventSourcedAggregate<string, { total: number }, TallyEvent> {
  protected readonly when = tallyHandlers;

  constructor(id: string, options?: AggregateOptions) {
    super(id, { total: 0 }, options);
  }

  tally(by = 1): void {
    this.raise(Tallied({ by }));
  }
}
