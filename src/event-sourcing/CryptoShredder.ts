import type { DomainEvent } from '../core/DomainEvent.js';
import { ValidationError } from '../core/ValidationError.js';
import { checkSubjectId } from './checkSubjectId.js';
import type { EventRegistry } from './EventRegistry.js';
import type { KeyStore } from './KeyStore.js';
import { type PersonalField, personalFields } from './personalFields.js';
import { importKey, isSealed, openValue, type SealedValue, type SubjectKey, sealValue } from './sealedValue.js';
import { toJsonValue } from './toJsonValue.js';

/**
 * The options of a {@link CryptoShredder}.
 *
 * @example
 * ```ts
 * const options: CryptoShredderOptions = { registry: accountEvents, keys: new InMemoryKeyStore() };
 * ```
 */
export interface CryptoShredderOptions {
  /** The events whose schemas mark personal fields with {@link personal}. */
  readonly registry: EventRegistry;
  /** Where the subjects' keys live. */
  readonly keys: KeyStore;
}

/** A sealed value met in a batch being opened: where it is, and the subject whose key opens it. */
interface Found {
  readonly event: number;
  readonly path: readonly string[];
  readonly sealed: SealedValue;
}

/**
 * Crypto-shredding of personal data: encrypts the {@link personal} fields of events with a key per
 * data subject (AES-256-GCM through WebCrypto, a random 96-bit IV per field, the event id and field
 * path bound as additional data), decrypts them on read, and forgets a subject by deleting its key,
 * after which its fields read as `null` everywhere they were stored (event store, outbox, broker
 * messages, sealed snapshots), the rest of each event intact.
 *
 * Give it to the event store (`new InMemoryEventStore({ registry, shredder })`, or a
 * `postgresStore`'s `eventStore` options) and they seal on append and open on read; a broker
 * consumer opens what it receives with {@link CryptoShredder.open}. Each sealed field keeps its
 * subject's id in clear: use opaque ids (uuids) as subject ids, never personal data.
 *
 * @example
 * ```ts
 * const shredder = new CryptoShredder({ registry: customerEvents, keys: new InMemoryKeyStore() });
 * const events = new InMemoryEventStore({ registry: customerEvents, shredder });
 * // …later, on an erasure request:
 * await shredder.forget(customerId);
 * ```
 */
export class CryptoShredder {
  /** The registry whose schemas mark the personal fields. */
  readonly registry: EventRegistry;
  private readonly keys: KeyStore;
  private readonly fields: Map<string, readonly PersonalField[]>;

  /**
   * @param options - The registry and the key store.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} when either is missing.
   */
  constructor(options: CryptoShredderOptions) {
    if (typeof options?.registry?.parse !== 'function') {
      throw ValidationError.of('CryptoShredder', 'registry', 'required', 'a CryptoShredder needs the event registry');
    }
    if (typeof options.keys?.keyFor !== 'function' || typeof options.keys.findKeys !== 'function') {
      throw ValidationError.of('CryptoShredder', 'keys', 'required', 'a CryptoShredder needs a KeyStore');
    }
    this.registry = options.registry;
    this.keys = options.keys;
    this.fields = new Map();
    for (const creator of options.registry.creators) {
      const found = personalFields(creator.schema);
      if (found.length > 0) this.fields.set(`${creator.type}@${creator.schemaVersion}`, found);
    }
  }

  /**
   * The same shredder with its key store working in `tx` (when the key store can: see
   * {@link KeyStore.through}); event stores bound to a transaction call it.
   *
   * @param tx - The event store's transaction.
   * @returns A shredder on the bound key store, or this one.
   */
  through(tx: unknown): CryptoShredder {
    const keys = this.keys.through?.(tx);
    if (keys === undefined || keys === this.keys) return this;
    const bound = Object.create(CryptoShredder.prototype) as CryptoShredder;
    Object.assign(bound, this, { keys });
    return bound;
  }

  /** Tells whether events of this type and schema version have personal fields. */
  hasPersonalData(type: string, schemaVersion: number): boolean {
    return this.fields.has(`${type}@${schemaVersion}`);
  }

  /**
   * Returns the events with their personal fields sealed (payloads as JSON), ready to be stored
   * or sent; events without personal fields are returned as they are. Every subject's key is
   * fetched (or made) before anything is returned, so a key store failure fails the whole batch.
   *
   * @param events - The events, payloads already validated.
   * @returns The sealed events, in order.
   * @throws {@link SubjectForgottenError} when a subject was forgotten.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} (`invalid_subject`) when a subject id is not a non-empty string.
   */
  async seal<TEvent extends DomainEvent>(events: readonly TEvent[]): Promise<TEvent[]> {
    const plans: { fields: readonly PersonalField[]; subjects: string[]; payload: unknown }[] = [];
    const subjects = new Set<string>();
    for (const event of events) {
      const fields = this.fields.get(`${event.type}@${event.schemaVersion}`) ?? [];
      const payload = fields.length === 0 ? event.payload : toJsonValue(event.payload);
      const ids = fields.map((field) => {
        const value = valueAt(payload, field.path);
        if (value === null || value === undefined) return '';
        const id = checkSubjectId(
          event.type,
          field.subject(payload as Record<string, unknown>, event),
          `payload.${field.path.join('.')}`,
        );
        subjects.add(id);
        return id;
      });
      plans.push({ fields, subjects: ids, payload });
    }
    if (subjects.size === 0) return [...events];
    const keys = new Map<string, SubjectKey>();
    await Promise.all(
      [...subjects].map(async (id) => {
        keys.set(id, await importKey(await this.keys.keyFor(id)));
      }),
    );
    return Promise.all(
      events.map(async (event, i) => {
        const plan = plans[i] as (typeof plans)[number];
        if (plan.fields.length === 0) return event;
        let payload = plan.payload;
        for (let f = 0; f < plan.fields.length; f++) {
          const subject = plan.subjects[f] as string;
          if (subject === '') continue;
          const { path } = plan.fields[f] as PersonalField;
          const sealed = await sealValue(
            valueAt(payload, path),
            keys.get(subject) as SubjectKey,
            subject,
            contextOf(event.id, path),
          );
          payload = replaceAt(payload, path, sealed);
        }
        return { ...event, payload };
      }),
    );
  }

  /**
   * Returns the events with their sealed fields opened: the stored value when the subject's key
   * exists, `null` once the subject is forgotten. Events without sealed fields are returned as
   * they are; a value stored in clear (before the field was marked personal) stays as it is.
   *
   * @param events - Stored or received events.
   * @returns The opened events, in order (not validated: the registry does that next).
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} (`invalid_ciphertext`) when a sealed value is malformed,
   *   tampered with, or moved from another event or field.
   */
  async open<TEvent extends DomainEvent>(events: readonly TEvent[]): Promise<TEvent[]> {
    const found: Found[] = [];
    const subjects = new Set<string>();
    for (let i = 0; i < events.length; i++) {
      const event = events[i] as TEvent;
      const fields = this.fields.get(`${event.type}@${event.schemaVersion}`);
      if (fields === undefined) continue;
      for (const { path } of fields) {
        const sealed = valueAt(event.payload, path);
        if (!isSealed(sealed)) continue;
        checkSubjectId(event.type, sealed.subject, `payload.${path.join('.')}.subject`);
        found.push({ event: i, path, sealed });
        subjects.add(sealed.subject);
      }
    }
    if (found.length === 0) return [...events];
    const raw = await this.keys.findKeys([...subjects]);
    const keys = new Map<string, SubjectKey>();
    await Promise.all([...raw].map(async ([id, bytes]) => keys.set(id, await importKey(bytes))));
    const values = await Promise.all(
      found.map(({ event, path, sealed }) => {
        const key = keys.get(sealed.subject);
        const { id, type } = events[event] as TEvent;
        return key === undefined
          ? null
          : openValue(sealed, key, contextOf(id, path), type, `payload.${path.join('.')}`);
      }),
    );
    const out = [...events];
    for (let k = 0; k < found.length; k++) {
      const { event, path } = found[k] as Found;
      const at = out[event] as TEvent;
      out[event] = { ...at, payload: replaceAt(at.payload, path, values[k]) };
    }
    return out;
  }

  /**
   * Seals a whole JSON value (an aggregate's snapshot state) with a subject's key.
   *
   * @param subjectId - The data subject.
   * @param value - The JSON value.
   * @param context - Where it is kept (bound to the ciphertext: it opens only there).
   * @returns The sealed value, a JSON object.
   * @throws {@link SubjectForgottenError} when the subject was forgotten.
   */
  async sealValue(subjectId: string, value: unknown, context: string): Promise<unknown> {
    const id = checkSubjectId('CryptoShredder', subjectId);
    return sealValue(toJsonValue(value), await importKey(await this.keys.keyFor(id)), id, context);
  }

  /**
   * Opens what {@link CryptoShredder.sealValue} sealed; a value that is not sealed is returned as it is.
   *
   * @param value - The stored value.
   * @param context - Where it is kept, as given to `sealValue`.
   * @returns `{ value }`, or `undefined` once the subject is forgotten.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} (`invalid_ciphertext`) when it is malformed or tampered with.
   */
  async openValue(value: unknown, context: string): Promise<{ readonly value: unknown } | undefined> {
    if (!isSealed(value)) return { value };
    const id = checkSubjectId('CryptoShredder', value.subject, 'subject');
    const bytes = (await this.keys.findKeys([id])).get(id);
    if (bytes === undefined) return undefined;
    return { value: await openValue(value, await importKey(bytes), context, 'CryptoShredder', 'value') };
  }

  /**
   * Forgets a data subject: deletes its key, so that every personal field sealed for it reads as
   * `null` from now on, wherever it was stored; idempotent.
   *
   * @param subjectId - The data subject's id.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} when `subjectId` is not a valid subject id.
   */
  async forget(subjectId: string): Promise<void> {
    await this.keys.forget(checkSubjectId('CryptoShredder', subjectId));
  }
}

const contextOf = (eventId: string, path: readonly string[]): string => `${eventId}/${path.join('.')}`;

function valueAt(value: unknown, path: readonly string[]): unknown {
  let at = value;
  for (const key of path) {
    if (typeof at !== 'object' || at === null || !Object.hasOwn(at, key)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

/** A copy of `value` with `replacement` at `path` (copied along the path only). */
function replaceAt(value: unknown, path: readonly string[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path as [string, ...string[]];
  const object = value as Record<string, unknown>;
  return { ...object, [head]: replaceAt(object[head], rest, replacement) };
}
