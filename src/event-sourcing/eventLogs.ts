import type { DomainEvent } from '../core/DomainEvent.js';
import type { RecordedEvent } from './EventStore.js';

/** Events per segment: a power of two, so that an event's segment and slot are a shift and a mask. */
const SHIFT = 12;
const SEGMENT = 1 << SHIFT;
const MASK = SEGMENT - 1;

/**
 * The columns of {@link SEGMENT} consecutive events of the log. Strings, payloads and metadata
 * are kept as the values themselves (frozen JSON, shared with what reads return); numbers and
 * the indexes of types and streams in typed arrays.
 */
class Segment {
  /** The event id; `undefined` once a hard delete removed the event (a hole in the log). */
  readonly ids: (string | undefined)[] = new Array(SEGMENT);
  readonly occurredAt: (string | undefined)[] = new Array(SEGMENT);
  readonly aggregateIds: (string | undefined)[] = new Array(SEGMENT);
  readonly payloads: unknown[] = new Array(SEGMENT);
  readonly metadata: (DomainEvent['metadata'] | undefined)[] = new Array(SEGMENT);
  readonly types = new Int32Array(SEGMENT);
  readonly schemaVersions = new Int32Array(SEGMENT);
  /** The aggregate version, or -1 when it is over 2³¹ − 1 (then in `ColumnLog.largeVersions`). */
  readonly aggregateVersions = new Int32Array(SEGMENT);
  readonly streams = new Int32Array(SEGMENT);
  readonly versions = new Int32Array(SEGMENT);
}

/**
 * The log of an in-memory event store: every event by index (global position − 1), a hard
 * delete leaving a hole, and an index of the events by id. @internal
 */
export interface EventLog {
  /** How many events the log has held (holes included): the next event's index. */
  readonly length: number;
  /**
   * Appends an event.
   *
   * @param event - The event (its envelope's fields are read, nothing is kept of the object).
   * @param payload - Its payload as the store keeps it (frozen JSON).
   * @param metadata - Its metadata as the store keeps it (frozen JSON).
   * @param streamId - Its stream.
   * @param version - Its version in the stream.
   * @returns Its index in the log (its global position − 1).
   */
  push(
    event: DomainEvent,
    payload: unknown,
    metadata: DomainEvent['metadata'],
    streamId: string,
    version: number,
  ): number;
  /** The global position of the event at `i`. */
  position(i: number): bigint;
  /** The envelope of the event at `i` (not a hole), as reads return it. */
  at(i: number): RecordedEvent;
  /** The envelopes of the events at `indexes[from]` to `indexes[to - 1]` (none a hole). */
  many(indexes: readonly number[], from: number, to: number): RecordedEvent[];
  /** The id of the event at `i`, or `undefined` for a hole. */
  idAt(i: number): string | undefined;
  /** The index of the event with this id, or -1. */
  find(id: string): number;
  /** Removes the event at `i`, leaving a hole: what it held is released, its id forgotten. */
  remove(i: number): void;
}

/**
 * The log as one frozen envelope per event, made on append: reads return the envelopes
 * themselves, so a read costs no allocation per event. About 340 bytes an event on 64-bit Node
 * with small payloads (the envelope's eleven fields, its bigint position, id, timestamp, payload
 * and its entry in the id index). @internal
 */
export class EnvelopeLog implements EventLog {
  private readonly events: (RecordedEvent | undefined)[] = [];
  private readonly index = new Map<string, number>();
  length = 0;

  push(
    event: DomainEvent,
    payload: unknown,
    metadata: DomainEvent['metadata'],
    streamId: string,
    version: number,
  ): number {
    const i = this.length;
    this.events.push(
      Object.freeze({
        id: event.id,
        type: event.type,
        schemaVersion: event.schemaVersion,
        aggregateId: event.aggregateId,
        aggregateVersion: event.aggregateVersion,
        occurredAt: event.occurredAt,
        payload,
        metadata,
        streamId,
        version,
        globalPosition: BigInt(i + 1),
      }),
    );
    this.length = i + 1;
    this.index.set(event.id, i);
    return i;
  }

  at(i: number): RecordedEvent {
    return this.events[i] as RecordedEvent;
  }

  many(indexes: readonly number[], from: number, to: number): RecordedEvent[] {
    const events = this.events;
    const out: RecordedEvent[] = new Array(to - from);
    for (let k = from; k < to; k++) out[k - from] = events[indexes[k] as number] as RecordedEvent;
    return out;
  }

  position(i: number): bigint {
    return (this.events[i] as RecordedEvent).globalPosition;
  }

  idAt(i: number): string | undefined {
    return this.events[i]?.id;
  }

  find(id: string): number {
    return this.index.get(id) ?? -1;
  }

  remove(i: number): void {
    const event = this.events[i];
    if (event === undefined) return;
    this.index.delete(event.id);
    this.events[i] = undefined;
  }
}

/**
 * The log column by column (the compact layout), in segments of 4,096 events: about 200 bytes an
 * event against 340 for one envelope each, with an id index of 8–16 bytes an event. Reads make the envelopes (frozen, with their `globalPosition` as a bigint)
 * when they are asked for, ~60 ns an event; what they hold (ids, timestamps, payloads) is
 * shared, not copied. @internal
 */
export class ColumnLog implements EventLog {
  private readonly segments: Segment[] = [];
  /** The stream ids, by the number the `streams` column holds. */
  private readonly streamIds: string[] = [];
  private readonly streamNumbers = new Map<string, number>();
  /** The event types, by the number the `types` column holds. */
  private readonly typeNames: string[] = [];
  private readonly typeNumbers = new Map<string, number>();
  private readonly index = new IdIndex((i) => this.idAt(i));
  /**
   * Aggregate versions over 2³¹ − 1, by log index: kept apart so that the column holds small
   * integers, which envelopes take without a boxed number (and freeze fast).
   */
  private readonly largeVersions = new Map<number, number>();
  length = 0;

  push(
    event: DomainEvent,
    payload: unknown,
    metadata: DomainEvent['metadata'],
    streamId: string,
    version: number,
  ): number {
    const i = this.length;
    if ((i & MASK) === 0) this.segments.push(new Segment());
    const segment = this.segments[i >>> SHIFT] as Segment;
    const j = i & MASK;
    segment.ids[j] = event.id;
    segment.occurredAt[j] = event.occurredAt;
    segment.aggregateIds[j] = event.aggregateId;
    segment.payloads[j] = payload;
    segment.metadata[j] = metadata;
    segment.types[j] = numberOf(this.typeNumbers, this.typeNames, event.type);
    segment.schemaVersions[j] = event.schemaVersion;
    if (event.aggregateVersion <= 0x7fffffff) segment.aggregateVersions[j] = event.aggregateVersion;
    else {
      segment.aggregateVersions[j] = -1;
      this.largeVersions.set(i, event.aggregateVersion);
    }
    segment.streams[j] = numberOf(this.streamNumbers, this.streamIds, streamId);
    segment.versions[j] = version;
    this.length = i + 1;
    this.index.set(event.id, i);
    return i;
  }

  many(indexes: readonly number[], from: number, to: number): RecordedEvent[] {
    const out: RecordedEvent[] = new Array(to - from);
    for (let k = from; k < to; k++) out[k - from] = this.at(indexes[k] as number);
    return out;
  }

  position(i: number): bigint {
    return BigInt(i + 1);
  }

  idAt(i: number): string | undefined {
    return this.segments[i >>> SHIFT]?.ids[i & MASK];
  }

  find(id: string): number {
    return this.index.get(id);
  }

  at(i: number): RecordedEvent {
    const segment = this.segments[i >>> SHIFT] as Segment;
    const j = i & MASK;
    const aggregateVersion = segment.aggregateVersions[j] as number;
    return Object.freeze({
      id: segment.ids[j] as string,
      type: this.typeNames[segment.types[j] as number] as string,
      schemaVersion: segment.schemaVersions[j] as number,
      aggregateId: segment.aggregateIds[j] as string,
      aggregateVersion: aggregateVersion >= 0 ? aggregateVersion : (this.largeVersions.get(i) as number),
      occurredAt: segment.occurredAt[j] as string,
      payload: segment.payloads[j],
      metadata: segment.metadata[j] as DomainEvent['metadata'],
      streamId: this.streamIds[segment.streams[j] as number] as string,
      version: segment.versions[j] as number,
      globalPosition: BigInt(i + 1),
    });
  }

  remove(i: number): void {
    const segment = this.segments[i >>> SHIFT] as Segment;
    const j = i & MASK;
    const id = segment.ids[j];
    if (id === undefined) return;
    this.index.delete(id, i);
    this.largeVersions.delete(i);
    segment.ids[j] = undefined;
    segment.occurredAt[j] = undefined;
    segment.aggregateIds[j] = undefined;
    segment.payloads[j] = undefined;
    segment.metadata[j] = undefined;
  }
}

/** The number of `name` in a table of names, adding it when new. */
const numberOf = (numbers: Map<string, number>, names: string[], name: string): number => {
  let n = numbers.get(name);
  if (n === undefined) {
    n = names.length;
    names.push(name);
    numbers.set(name, n);
  }
  return n;
};

const EMPTY_SLOT = 0;
const DELETED_SLOT = -1;

/**
 * Event ids to log indexes: a hash table with linear probing over an `Int32Array` (a slot holds
 * index + 1, 0 when empty, -1 when its entry was deleted), at most half full: 8–16 bytes an
 * event, against 30–60 for a `Map` entry. The id strings are not copied: a slot is compared with
 * the id the log holds at its index. The hash is seeded at random per table, so that ids chosen
 * to collide in one process do not collide in another.
 */
class IdIndex {
  private slots = new Int32Array(1024);
  /** Slots not empty: live entries and deleted ones. */
  private used = 0;
  private live = 0;
  private readonly seed = (Math.random() * 0x100000000) | 0;

  constructor(private readonly idAt: (index: number) => string | undefined) {}

  get(id: string): number {
    const slots = this.slots;
    const mask = slots.length - 1;
    for (let s = this.hash(id) & mask; ; s = (s + 1) & mask) {
      const slot = slots[s] as number;
      if (slot === EMPTY_SLOT) return -1;
      if (slot !== DELETED_SLOT && this.idAt(slot - 1) === id) return slot - 1;
    }
  }

  /** Adds an id that the table does not hold (the store checks first). */
  set(id: string, index: number): void {
    if ((this.used + 1) * 2 > this.slots.length) this.rebuild();
    const slots = this.slots;
    const mask = slots.length - 1;
    let s = this.hash(id) & mask;
    while ((slots[s] as number) > 0) s = (s + 1) & mask;
    if (slots[s] === EMPTY_SLOT) this.used++;
    slots[s] = index + 1;
    this.live++;
  }

  delete(id: string, index: number): void {
    const slots = this.slots;
    const mask = slots.length - 1;
    for (let s = this.hash(id) & mask; slots[s] !== EMPTY_SLOT; s = (s + 1) & mask) {
      if (slots[s] === index + 1) {
        slots[s] = DELETED_SLOT;
        this.live--;
        return;
      }
    }
  }

  /** Moves the live entries to a table at most a quarter full (deleted slots are dropped). */
  private rebuild(): void {
    const old = this.slots;
    let size = 1024;
    while (size < this.live * 4) size *= 2;
    const slots = new Int32Array(size);
    const mask = size - 1;
    for (let k = 0; k < old.length; k++) {
      const slot = old[k] as number;
      if (slot <= 0) continue;
      let s = this.hash(this.idAt(slot - 1) as string) & mask;
      while (slots[s] !== EMPTY_SLOT) s = (s + 1) & mask;
      slots[s] = slot;
    }
    this.slots = slots;
    this.used = this.live;
  }

  /** FNV-1a over the id's UTF-16 code units from a random basis, then mixed (murmur3's finaliser). */
  private hash(id: string): number {
    let h = 0x811c9dc5 ^ this.seed;
    for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    return (h ^ (h >>> 16)) >>> 0;
  }
}
