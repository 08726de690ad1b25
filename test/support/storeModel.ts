/**
 * A model-based test of a store's sessions (fast-check commands): random sessions of load /
 * change / relabel / add / remove / append, some throwing, some with a second session on the same
 * aggregates committing in between, run against a small reference model of what a store holds.
 * After every session the store's state, versions, outbox (content and order) and event store
 * must equal the model's, and the session's aggregates must report what the model says.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import type { RecordedEvent } from '../../src/event-sourcing/EventStore.js';
import { ConcurrencyError, type OutboxMessage } from '../../src/index.js';
import { ConformanceCounter, ConformanceTally } from '../../src/testing/sessionConformanceKinds.js';

const COUNTERS = ['c0', 'c1', 'c2', 'c3'] as const;
const TALLIES = ['t0', 't1', 't2'] as const;

type Op =
  | { readonly op: 'inc'; readonly key: string; readonly by: number }
  | { readonly op: 'relabel'; readonly key: string; readonly label: string }
  | { readonly op: 'add'; readonly key: string; readonly events: number }
  | { readonly op: 'remove'; readonly key: string }
  | { readonly op: 'tally'; readonly key: string; readonly by: number };

const counterKey = fc.constantFrom(...COUNTERS);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('inc' as const), key: counterKey, by: fc.integer({ min: 1, max: 9 }) }),
  fc.record({ op: fc.constant('relabel' as const), key: counterKey, label: fc.constantFrom('a', 'b') }),
  fc.record({ op: fc.constant('add' as const), key: counterKey, events: fc.integer({ min: 0, max: 2 }) }),
  fc.record({ op: fc.constant('remove' as const), key: counterKey }),
  fc.record({
    op: fc.constant('tally' as const),
    key: fc.constantFrom(...TALLIES),
    by: fc.integer({ min: 1, max: 9 }),
  }),
);

interface Counter {
  readonly version: number;
  readonly count: number;
  readonly label: string;
}
interface Tally {
  readonly version: number;
  readonly total: number;
}
interface Message {
  readonly id: string;
  readonly aggregateId: string;
  readonly by: number;
  readonly correlationId: string;
}

/** What the store must hold. */
export interface StoreModel {
  readonly counters: Map<string, Counter>;
  readonly tallies: Map<string, Tally>;
  readonly outbox: Message[];
  readonly events: { readonly streamId: string; readonly version: number; readonly id: string }[];
  sessions: number;
}

type AnyRepo = {
  find(id: string): Promise<unknown>;
  add(aggregate: unknown): void;
  remove(aggregate: unknown): void;
};
type ModelSession = { readonly counters: AnyRepo; readonly tallies: AnyRepo };

/** The store under test, and how to read what it holds. */
export interface StoreUnderTest {
  /** Makes ids unique to this run (a store shared between runs), e.g. `r12-`. */
  readonly prefix: string;
  readonly store: {
    transaction<TResult>(
      work: (s: ModelSession) => Promise<TResult>,
      options: { readonly metadata: Readonly<Record<string, unknown>> },
    ): Promise<TResult>;
    readonly counters: { findById(id: string): Promise<unknown> };
    readonly tallies: { findById(id: string): Promise<unknown> };
  };
  messages(): Promise<readonly OutboxMessage[]>;
  events(): Promise<readonly RecordedEvent[]>;
  /**
   * Whether to compare the whole store with the model after every session (default), or only at
   * the end of the sequence (each session's loads and outcome are still checked).
   */
  readonly compareEachSession?: boolean;
}

/** One aggregate a modelled session tracks. */
interface Tracked {
  readonly kind: 'counter' | 'tally';
  readonly key: string;
  state: 'loaded' | 'added' | 'removed';
  /** The version it was loaded at (0 when added). */
  readonly loadedVersion: number;
  readonly loadedDocument: string;
  count: number;
  label: string;
  total: number;
  readonly events: { id: string; by: number }[];
  readonly aggregate: ConformanceCounter | ConformanceTally;
}

/**
 * Runs `ops` in a real session `s`, and models what the session holds in `tracked` (reading the
 * committed state the loads see from `seen`).
 */
async function play(
  s: ModelSession,
  ops: readonly Op[],
  seen: StoreModel,
  prefix: string,
): Promise<Map<string, Tracked>> {
  const tracked = new Map<string, Tracked>();
  const load = async (kind: 'counter' | 'tally', key: string): Promise<Tracked | undefined> => {
    const known = tracked.get(`${kind}:${key}`);
    const real = await (kind === 'counter' ? s.counters : s.tallies).find(prefix + key);
    if (known !== undefined) {
      // The identity map: the same object, or none once removed.
      expect(real).toBe(known.state === 'removed' ? undefined : known.aggregate);
      return known.state === 'removed' ? undefined : known;
    }
    const stored = kind === 'counter' ? seen.counters.get(key) : seen.tallies.get(key);
    if (stored === undefined) {
      expect(real).toBeUndefined();
      return undefined;
    }
    const aggregate = real as ConformanceCounter | ConformanceTally;
    expect(aggregate.version).toBe(stored.version);
    const counter = stored as Counter;
    const entry: Tracked = {
      kind,
      key,
      state: 'loaded',
      loadedVersion: stored.version,
      loadedDocument: kind === 'counter' ? `${counter.count}/${counter.label}` : '',
      count: counter.count ?? 0,
      label: counter.label ?? '',
      total: (stored as Tally).total ?? 0,
      events: [],
      aggregate,
    };
    tracked.set(`${kind}:${key}`, entry);
    return entry;
  };
  const lastEventId = (aggregate: ConformanceCounter | ConformanceTally): string =>
    (aggregate.pendingEvents.at(-1) as { id: string }).id;
  for (const op of ops) {
    switch (op.op) {
      case 'inc': {
        const entry = await load('counter', op.key);
        if (entry === undefined) break;
        (entry.aggregate as ConformanceCounter).increment(op.by);
        entry.count += op.by;
        entry.events.push({ id: lastEventId(entry.aggregate), by: op.by });
        break;
      }
      case 'relabel': {
        const entry = await load('counter', op.key);
        if (entry === undefined) break;
        (entry.aggregate as ConformanceCounter).relabel(op.label);
        entry.label = op.label;
        break;
      }
      case 'remove': {
        const entry = await load('counter', op.key);
        if (entry === undefined || entry.state === 'added') break;
        s.counters.remove(entry.aggregate);
        entry.state = 'removed';
        break;
      }
      case 'add': {
        if (tracked.has(`counter:${op.key}`)) break;
        if ((await load('counter', op.key)) !== undefined) break;
        const counter = ConformanceCounter.create(prefix + op.key, 'new');
        const entry: Tracked = {
          kind: 'counter',
          key: op.key,
          state: 'added',
          loadedVersion: 0,
          loadedDocument: '',
          count: 0,
          label: 'new',
          total: 0,
          events: [],
          aggregate: counter,
        };
        for (let i = 1; i <= op.events; i++) {
          counter.increment(i);
          entry.count += i;
          entry.events.push({ id: lastEventId(counter), by: i });
        }
        s.counters.add(counter);
        tracked.set(`counter:${op.key}`, entry);
        break;
      }
      case 'tally': {
        let entry = await load('tally', op.key);
        if (entry === undefined) {
          if (tracked.has(`tally:${op.key}`)) break;
          const tally = new ConformanceTally(prefix + op.key);
          entry = {
            kind: 'tally',
            key: op.key,
            state: 'added',
            loadedVersion: 0,
            loadedDocument: '',
            count: 0,
            label: '',
            total: 0,
            events: [],
            aggregate: tally,
          };
          s.tallies.add(tally);
          tracked.set(`tally:${op.key}`, entry);
        }
        (entry.aggregate as ConformanceTally).tally(op.by);
        entry.total += op.by;
        entry.events.push({ id: lastEventId(entry.aggregate), by: op.by });
        break;
      }
    }
  }
  return tracked;
}

const isWritten = (entry: Tracked): boolean =>
  entry.state !== 'loaded' ||
  entry.events.length > 0 ||
  (entry.kind === 'counter' && `${entry.count}/${entry.label}` !== entry.loadedDocument);

const storedVersion = (model: StoreModel, entry: Tracked): number =>
  (entry.kind === 'counter' ? model.counters.get(entry.key) : model.tallies.get(entry.key))?.version ?? 0;

/** Commits a modelled session to the model; whether it committed (false: a conflict). */
function commit(model: StoreModel, tracked: Map<string, Tracked>, correlationId: string, prefix: string): boolean {
  const written = [...tracked.values()].filter(isWritten);
  if (written.some((entry) => storedVersion(model, entry) !== entry.loadedVersion)) return false;
  for (const entry of written) {
    const version = entry.events.length > 0 ? entry.loadedVersion + entry.events.length : entry.loadedVersion + 1;
    if (entry.kind === 'counter') {
      if (entry.state === 'removed') model.counters.delete(entry.key);
      else model.counters.set(entry.key, { version, count: entry.count, label: entry.label });
    } else {
      model.tallies.set(entry.key, { version, total: entry.total });
      entry.events.forEach((event, i) => {
        model.events.push({ streamId: prefix + entry.key, version: entry.loadedVersion + i + 1, id: event.id });
      });
    }
    for (const event of entry.events) {
      model.outbox.push({ id: event.id, aggregateId: prefix + entry.key, by: event.by, correlationId });
    }
  }
  return true;
}

const snapshot = (model: StoreModel): StoreModel => ({
  counters: new Map(model.counters),
  tallies: new Map(model.tallies),
  outbox: [...model.outbox],
  events: [...model.events],
  sessions: model.sessions,
});

/** Checks what the aggregates of a session report after it committed or rolled back. */
function checkAggregates(tracked: Map<string, Tracked>, committed: boolean): void {
  for (const entry of tracked.values()) {
    const { aggregate } = entry;
    if (committed && isWritten(entry)) {
      expect(aggregate.pendingEvents).toHaveLength(0);
      if (entry.state !== 'removed') {
        const version = entry.events.length > 0 ? entry.loadedVersion + entry.events.length : entry.loadedVersion + 1;
        expect(aggregate.persistedVersion).toBe(version);
      }
    } else {
      expect(aggregate.persistedVersion).toBe(entry.loadedVersion);
      expect(aggregate.pendingEvents.map((event) => event.id)).toEqual(entry.events.map((event) => event.id));
    }
  }
}

/** Compares everything the store holds with the model. */
async function compare(model: StoreModel, real: StoreUnderTest): Promise<void> {
  const { prefix } = real;
  for (const key of COUNTERS) {
    const found = (await real.store.counters.findById(prefix + key)) as ConformanceCounter | undefined;
    const expected = model.counters.get(key);
    expect(found && { version: found.version, count: found.props.count, label: found.props.label }, key).toEqual(
      expected,
    );
  }
  for (const key of TALLIES) {
    const found = (await real.store.tallies.findById(prefix + key)) as ConformanceTally | undefined;
    expect(found && { version: found.version, total: found.props.total }, key).toEqual(model.tallies.get(key));
  }
  const messages = (await real.messages()).filter((message) => message.kind === 'event');
  expect(
    messages.map((message) => {
      const event = (message as OutboxMessage & { kind: 'event' }).event;
      return {
        id: message.id,
        aggregateId: event.aggregateId,
        by: (event.payload as { by: number }).by,
        correlationId: event.metadata.correlationId,
      };
    }),
  ).toEqual(model.outbox);
  expect(
    (await real.events()).map((event) => ({ streamId: event.streamId, version: event.version, id: event.id })),
  ).toEqual(model.events);
}

class SessionCommand implements fc.AsyncCommand<StoreModel, StoreUnderTest> {
  constructor(
    readonly ops: readonly Op[],
    readonly rival: readonly Op[] | undefined,
    readonly fails: boolean,
  ) {}

  check(): boolean {
    return true;
  }

  async run(model: StoreModel, real: StoreUnderTest): Promise<void> {
    const seen = snapshot(model);
    const correlationId = `session-${++model.sessions}`;
    let rivalTracked: Map<string, Tracked> | undefined;
    let tracked = new Map<string, Tracked>();
    const outcome = await real.store
      .transaction(
        async (s) => {
          tracked = await play(s, this.ops, seen, real.prefix);
          if (this.rival !== undefined) {
            const rivalId = `session-${++model.sessions}`;
            const rival = this.rival;
            await real.store.transaction(
              async (other) => {
                rivalTracked = await play(other, rival, seen, real.prefix);
              },
              { metadata: { correlationId: rivalId } },
            );
            expect(commit(model, rivalTracked as Map<string, Tracked>, rivalId, real.prefix)).toBe(true);
            checkAggregates(rivalTracked as Map<string, Tracked>, true);
          }
          if (this.fails) throw new Error('work failed');
          return 'committed';
        },
        { metadata: { correlationId } },
      )
      .catch((error: unknown) => error);
    if (this.fails) {
      expect(outcome).toMatchObject({ message: 'work failed' });
      checkAggregates(tracked, false);
    } else if (commit(model, tracked, correlationId, real.prefix)) {
      expect(outcome).toBe('committed');
      checkAggregates(tracked, true);
    } else {
      expect(outcome).toBeInstanceOf(ConcurrencyError);
      checkAggregates(tracked, false);
    }
    if (real.compareEachSession !== false) await compare(model, real);
  }

  toString(): string {
    const show = (ops: readonly Op[]) => ops.map((op) => Object.values(op).join(' ')).join(', ');
    return `session(${show(this.ops)}${this.rival ? ` | rival: ${show(this.rival)}` : ''}${this.fails ? ' | throws' : ''})`;
  }
}

const commandArb = fc
  .record({
    ops: fc.array(opArb, { minLength: 1, maxLength: 4 }),
    rival: fc.option(fc.array(opArb, { minLength: 1, maxLength: 3 }), { nil: undefined, freq: 3 }),
    fails: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
  })
  .map(({ ops, rival, fails }) => new SessionCommand(ops, rival, fails));

/**
 * Runs `numRuns` random sequences of sessions on fresh stores from `open`, each compared with the
 * model after every session.
 */
export async function runStoreModel(
  open: (run: number) => Promise<StoreUnderTest>,
  options: { readonly numRuns: number; readonly maxCommands: number; readonly seed?: number },
): Promise<void> {
  let run = 0;
  await fc.assert(
    fc.asyncProperty(fc.commands([commandArb], { maxCommands: options.maxCommands }), async (commands) => {
      const real = await open(run++);
      const model: StoreModel = { counters: new Map(), tallies: new Map(), outbox: [], events: [], sessions: 0 };
      await fc.asyncModelRun(() => ({ model, real }), commands);
      await compare(model, real);
    }),
    { numRuns: options.numRuns, ...(options.seed === undefined ? {} : { seed: options.seed }) },
  );
}
