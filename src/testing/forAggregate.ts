import type { AggregateRoot } from '../core/AggregateRoot.js';
import type { DomainEvent, DraftOf, EventDraft } from '../core/DomainEvent.js';
import { deepEqual } from '../core/deepEqual.js';
import type { Rehydratable } from '../event-sourcing/eventSourced.js';
import { ScenarioAssertionError } from './ScenarioAssertionError.js';
import { sequentialIds } from './sequentialIds.js';

/**
 * An aggregate a scenario can run: any aggregate root, state-stored or event-sourced (only an
 * event-sourced one, with `rehydrate`, can be given past events).
 */
// biome-ignore lint/suspicious/noExplicitAny: the event type of an aggregate is invariant in `raise`.
export type Aggregate = AggregateRoot<string, object, any>;
/** An error class a scenario can expect (`InvariantViolationError`). */
export type ErrorClass = abstract new (...args: never[]) => Error;

/** An expected error: its class, or an object whose own fields the thrown error must match. */
export type ExpectedError = ErrorClass | Readonly<Record<string, unknown>>;

/** The event union of an aggregate, read from what `pullEvents` returns. */
export type EventOfAggregate<TAggregate extends Aggregate> = ReturnType<TAggregate['pullEvents']>[number];

/**
 * An expected event: a draft from one of the aggregate's event creators, compared by type, schema
 * version and payload (and metadata when given).
 */
export type ExpectedEvent<TEvent extends DomainEvent = DomainEvent> = DraftOf<TEvent>;

/** The last step of a scenario. */
export interface ScenarioWhen<TEvent extends DomainEvent = DomainEvent, TAggregate = unknown> {
  /**
   * Asserts that the command raised exactly these events (`[]`: none), or threw this error and
   * raised nothing.
   *
   * @returns The aggregate after the command, to check its state too.
   * @throws {@link ScenarioAssertionError} listing the differences.
   */
  then(expected: readonly ExpectedEvent<TEvent>[] | ExpectedError): TAggregate;
}

/** A scenario with its history. */
export interface ScenarioGiven<TAggregate extends Aggregate> {
  /** Runs a command on the aggregate rebuilt from the history. */
  when(command: (aggregate: TAggregate) => unknown): ScenarioWhen<EventOfAggregate<TAggregate>, TAggregate>;
}

/** The first step of a scenario: the aggregate under test. */
export interface AggregateScenario<TAggregate extends Aggregate> extends ScenarioGiven<TAggregate> {
  /**
   * Rebuilds the aggregate from these past events (event drafts, numbered in order, or full
   * events), all of them events of this aggregate: an event-sourced aggregate only (one with
   * `rehydrate`); `[]` fits any aggregate.
   */
  given(
    history: readonly (DraftOf<EventOfAggregate<TAggregate>> | EventOfAggregate<TAggregate>)[],
  ): ScenarioGiven<TAggregate>;
}

const HISTORY_TIME = '2026-01-01T00:00:00.000Z';

/**
 * Starts a given/when/then scenario for any aggregate: given a state (the aggregate `create`
 * makes, for a state-stored aggregate) or past events (for an event-sourced one), when a command
 * runs, then it raises these events, or throws this error and raises nothing. Framework-free: it
 * throws a {@link ScenarioAssertionError} under any test runner.
 *
 * @param create - Makes the aggregate: in the given state, or new and empty to rehydrate.
 * @returns The scenario: `given(history)`, or `when(command)` for the state `create` made.
 *
 * @example
 * ```ts
 * const account = forAggregate(() => new Account(accountId));
 * account.given([AccountOpened({ owner: 'Ada' }), MoneyDeposited({ cents: 1000 })])
 *   .when((a) => a.withdraw(400))
 *   .then([MoneyWithdrawn({ cents: 400 })]);
 * account.given([AccountOpened({ owner: 'Ada' })]).when((a) => a.withdraw(1)).then(InsufficientFundsError);
 *
 * // a state-stored aggregate: given the state its factory builds
 * const order = forAggregate(() => Order.restore(orderId, { status: 'pending', lines: ['TEA'] }, 3))
 *   .when((o) => o.confirm())
 *   .then([OrderConfirmed({ lines: 1 })]);
 * order.props.status; // 'confirmed'
 * ```
 */
export function forAggregate<TAggregate extends Aggregate>(create: () => TAggregate): AggregateScenario<TAggregate> {
  const given = (
    history: readonly (DraftOf<EventOfAggregate<TAggregate>> | EventOfAggregate<TAggregate>)[],
  ): ScenarioGiven<TAggregate> => ({
    when: (command) => ({
      // biome-ignore lint/suspicious/noThenProperty: given/when/then is the public API; then() rejects being awaited.
      then(expected) {
        if (typeof expected === 'function' && expected !== Error && !(expected.prototype instanceof Error)) {
          throw new TypeError('forAggregate: then() takes expected events or an Error class (do not await a scenario)');
        }
        const aggregate = create();
        const ids = sequentialIds(1_000_000);
        if (history.length > 0 && typeof (aggregate as Partial<Rehydratable>).rehydrate !== 'function') {
          throw new TypeError(
            'forAggregate: only an event-sourced aggregate (with rehydrate) can be given past events; give a state-stored one its state through create',
          );
        }
        if (history.length > 0)
          (aggregate as TAggregate & Rehydratable).rehydrate(
            (history as readonly (DomainEvent | EventDraft)[]).map(
              (event, i): DomainEvent =>
                'id' in event && 'aggregateVersion' in event
                  ? event
                  : {
                      id: ids(),
                      type: event.type,
                      schemaVersion: event.schemaVersion,
                      aggregateId: aggregate.id,
                      aggregateVersion: i + 1,
                      occurredAt: HISTORY_TIME,
                      payload: event.payload,
                      metadata: event.metadata ?? {},
                    },
            ),
          );
        let thrown: { error: unknown } | undefined;
        try {
          const result = command(aggregate);
          if (result instanceof Promise) {
            throw new TypeError('forAggregate: commands are synchronous; the command returned a promise');
          }
        } catch (error) {
          if (error instanceof TypeError && error.message.startsWith('forAggregate:')) throw error;
          thrown = { error };
        }
        const raised = aggregate.pullEvents() as readonly DomainEvent[];
        if (Array.isArray(expected)) checkEvents(raised, expected as readonly EventDraft[], thrown);
        else checkError(raised, expected as ExpectedError, thrown);
        return aggregate;
      },
    }),
  });
  return { given, when: (command) => given([]).when(command) };
}

const shapeOf = (event: DomainEvent | EventDraft, withMetadata: boolean) => ({
  type: event.type,
  schemaVersion: event.schemaVersion,
  payload: event.payload,
  ...(withMetadata ? { metadata: event.metadata ?? {} } : {}),
});

const show = (value: unknown): string =>
  JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? `${v}n` : v)) ?? String(value);

function checkEvents(
  raised: readonly DomainEvent[],
  expected: readonly EventDraft[],
  thrown: { error: unknown } | undefined,
): void {
  const actual = raised.map((event, i) => shapeOf(event, expected[i]?.metadata !== undefined));
  const wanted = expected.map((event) => shapeOf(event, event.metadata !== undefined));
  if (thrown !== undefined) {
    const error = thrown.error;
    throw new ScenarioAssertionError(
      `Expected ${wanted.length} event(s), but the command threw ${error instanceof Error ? `${error.name}: ${error.message}` : show(error)}`,
      error,
      wanted,
    );
  }
  const lines: string[] = [];
  for (let i = 0; i < Math.max(actual.length, wanted.length); i++) {
    const a = actual[i];
    const w = wanted[i];
    if (a !== undefined && w !== undefined && deepEqual(a, w)) continue;
    lines.push(`  event #${i + 1}:`);
    lines.push(`  - expected: ${w === undefined ? '(none)' : show(w)}`);
    lines.push(`  + actual:   ${a === undefined ? '(none)' : show(a)}`);
  }
  if (lines.length > 0) {
    throw new ScenarioAssertionError(
      `Expected ${wanted.length} event(s), the command raised ${actual.length}:\n${lines.join('\n')}`,
      actual,
      wanted,
    );
  }
}

function checkError(
  raised: readonly DomainEvent[],
  expected: ExpectedError,
  thrown: { error: unknown } | undefined,
): void {
  const description = typeof expected === 'function' ? expected.name : show(expected);
  if (thrown === undefined) {
    throw new ScenarioAssertionError(
      `Expected the command to throw ${description}, but it raised ${raised.length} event(s): ${raised.map((e) => e.type).join(', ') || '(none)'}`,
      raised.map((event) => shapeOf(event, false)),
      description,
    );
  }
  const error = thrown.error;
  if (typeof expected === 'function') {
    if (!(error instanceof expected)) {
      throw new ScenarioAssertionError(
        `Expected ${description}, but the command threw ${error instanceof Error ? `${error.name}: ${error.message}` : show(error)}`,
        error,
        description,
      );
    }
  } else {
    const fields = error as Record<string, unknown>;
    const mismatched = Object.keys(expected).filter(
      (key) => typeof error !== 'object' || error === null || !deepEqual(fields[key], expected[key]),
    );
    if (mismatched.length > 0) {
      const actual = Object.fromEntries(Object.keys(expected).map((key) => [key, fields?.[key]]));
      throw new ScenarioAssertionError(
        `The command threw an error that differs in ${mismatched.join(', ')}:\n${mismatched
          .map((key) => `  - expected ${key}: ${show(expected[key])}\n  + actual   ${key}: ${show(actual[key])}`)
          .join('\n')}`,
        actual,
        expected,
      );
    }
  }
  if (raised.length > 0) {
    throw new ScenarioAssertionError(
      `The command threw ${description} but had already raised ${raised.map((e) => e.type).join(', ')}: a failing command must raise nothing`,
      raised.map((event) => shapeOf(event, false)),
      [],
    );
  }
}

/**
 * Starts a scenario in one call: `given(create, history)` is `forAggregate(create).given(history)`.
 *
 * @param create - Makes a new, empty aggregate to rehydrate.
 * @param history - Its past events (drafts or full events).
 * @returns The scenario's `when` step.
 *
 * @example
 * ```ts
 * given(() => new Account(accountId), [AccountOpened({ owner: 'Ada' })])
 *   .when((account) => account.withdraw(1))
 *   .then(InsufficientFundsError);
 * ```
 */
export function given<TAggregate extends Aggregate>(
  create: () => TAggregate,
  history: readonly (DraftOf<EventOfAggregate<TAggregate>> | EventOfAggregate<TAggregate>)[],
): ScenarioGiven<TAggregate> {
  return forAggregate(create).given(history);
}
