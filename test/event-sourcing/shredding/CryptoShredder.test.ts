import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../src/core/DomainEvent.js';
import { newEventId } from '../../../src/core/newEventId.js';
import { ValidationError } from '../../../src/core/ValidationError.js';
import { CryptoShredder } from '../../../src/event-sourcing/CryptoShredder.js';
import { InMemoryKeyStore } from '../../../src/event-sourcing/InMemoryKeyStore.js';
import { InMemorySnapshotStore } from '../../../src/event-sourcing/InMemorySnapshotStore.js';
import { SealedSnapshotStore } from '../../../src/event-sourcing/SealedSnapshotStore.js';
import { SubjectForgottenError } from '../../../src/event-sourcing/SubjectForgottenError.js';
import { customerEvents, registered } from './fixtures.js';

const shredderOf = () => new CryptoShredder({ registry: customerEvents, keys: new InMemoryKeyStore() });
type Sealed = { $sealed: string; subject: string; iv: string; data: string };
const nameOf = (event: DomainEvent): Sealed => (event.payload as { name: Sealed }).name;
const withName = (event: DomainEvent, name: unknown): DomainEvent => ({
  ...event,
  payload: { ...(event.payload as object), name },
});

describe('CryptoShredder', () => {
  it('seals each personal field with its own random 96-bit IV, the subject id in clear', async () => {
    const shredder = shredderOf();
    const id = newEventId();
    const [a, b] = await shredder.seal([registered(id, 'Alice'), registered(id, 'Alice')]);
    const [sa, sb] = [nameOf(a as DomainEvent), nameOf(b as DomainEvent)];
    expect(sa).toMatchObject({ $sealed: 'aes-256-gcm', subject: id });
    expect(atob(sa.iv)).toHaveLength(12);
    expect(sa.iv).not.toBe(sb.iv);
    expect(sa.data).not.toBe(sb.data);
    expect(JSON.stringify(a)).not.toContain('Alice');
    // The clear fields stay as they were.
    expect(a?.payload).toMatchObject({ customerId: id, tier: 3, contact: { channel: 'mail' } });
  });

  it('opens what it sealed, for any JSON-safe string (property)', async () => {
    const shredder = shredderOf();
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }), async (name) => {
        const event = registered(newEventId(), name, 'x@example.com');
        const [opened] = await shredder.open(await shredder.seal([event]));
        expect(opened?.payload).toEqual(event.payload);
      }),
      { numRuns: 50 },
    );
  });

  it.each([
    [
      'a flipped ciphertext byte',
      (s: Sealed) => ({
        ...s,
        data: btoa(
          String.fromCharCode(...[...atob(s.data)].map((c, i) => (i === 0 ? c.charCodeAt(0) ^ 1 : c.charCodeAt(0)))),
        ),
      }),
    ],
    ['a truncated ciphertext', (s: Sealed) => ({ ...s, data: btoa(atob(s.data).slice(0, 8)) })],
    ['a short IV', (s: Sealed) => ({ ...s, iv: btoa('123') })],
    ['an IV that is not base64', (s: Sealed) => ({ ...s, iv: '!!!' })],
    ['a missing IV', (s: Sealed) => ({ ...s, iv: undefined })],
    ['a huge ciphertext', (s: Sealed) => ({ ...s, data: 'A'.repeat(17 * 1024 * 1024) })],
  ])('refuses %s with a ValidationError naming the field', async (_, tamper) => {
    const shredder = shredderOf();
    const [sealed] = await shredder.seal([registered(newEventId(), 'Alice')]);
    const hostile = withName(sealed as DomainEvent, tamper(nameOf(sealed as DomainEvent)));
    const error = await shredder.open([hostile]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]).toMatchObject({ field: 'payload.name', rule: 'invalid_ciphertext' });
  });

  it('refuses a sealed value moved to another event or field', async () => {
    const shredder = shredderOf();
    const id = newEventId();
    const [first, second] = await shredder.seal([registered(id, 'Alice'), registered(id, 'Bob')]);
    const moved = withName(second as DomainEvent, nameOf(first as DomainEvent));
    await expect(shredder.open([moved])).rejects.toMatchObject({ issues: [{ rule: 'invalid_ciphertext' }] });
    const email = ((first as DomainEvent).payload as { contact: { email: Sealed } }).contact.email;
    await expect(shredder.open([withName(first as DomainEvent, email)])).rejects.toBeInstanceOf(ValidationError);
  });

  it('refuses a sealed value whose subject id is not a string', async () => {
    const shredder = shredderOf();
    const [sealed] = await shredder.seal([registered(newEventId(), 'Alice')]);
    const hostile = withName(sealed as DomainEvent, { ...nameOf(sealed as DomainEvent), subject: { evil: true } });
    await expect(shredder.open([hostile])).rejects.toMatchObject({ issues: [{ rule: 'invalid_subject' }] });
  });

  it('reads a forgotten field as null without looking at its ciphertext, and leaves clear values as they are', async () => {
    const shredder = shredderOf();
    const id = newEventId();
    const [sealed] = await shredder.seal([registered(id, 'Alice')]);
    await shredder.forget(id);
    const [opened] = await shredder.open([sealed as DomainEvent]);
    expect(((opened as DomainEvent).payload as { name: unknown }).name).toBeNull();
    const clear = registered(newEventId(), 'Stored before the field was personal');
    expect(await shredder.open([clear])).toEqual([clear]);
  });

  it('needs a registry and a key store', () => {
    expect(() => new CryptoShredder({ registry: customerEvents } as never)).toThrow(ValidationError);
    expect(() => new CryptoShredder({ keys: new InMemoryKeyStore() } as never)).toThrow(ValidationError);
  });
});

describe('SealedSnapshotStore', () => {
  const setup = () => {
    const shredder = shredderOf();
    const below = new InMemorySnapshotStore();
    const store = new SealedSnapshotStore({
      store: below,
      shredder,
      subject: (snapshot) => (snapshot.state as { customerId?: string }).customerId,
    });
    return { shredder, below, store };
  };

  it('keeps the state sealed below, opens it on load, and loads nothing once the subject is forgotten', async () => {
    const { shredder, below, store } = setup();
    const id = newEventId();
    const snapshot = { streamId: id, version: 5, schemaVersion: 1, state: { customerId: id, name: 'Alice' } };
    await store.save(snapshot);
    expect(JSON.stringify(await below.load(id))).not.toContain('Alice');
    expect(await store.load(id)).toEqual(snapshot);
    await shredder.forget(id);
    expect(await store.load(id)).toBeUndefined();
    await expect(store.save({ ...snapshot, version: 6 })).rejects.toBeInstanceOf(SubjectForgottenError);
  });

  it('keeps a snapshot without a subject in clear, and refuses a sealed state moved to another stream', async () => {
    const { below, store } = setup();
    await store.save({ streamId: 'plain', version: 1, schemaVersion: 1, state: { n: 1 } });
    expect((await below.load('plain'))?.state).toEqual({ n: 1 });
    const id = newEventId();
    await store.save({ streamId: id, version: 1, schemaVersion: 1, state: { customerId: id } });
    const sealed = await below.load(id);
    await below.save({ ...(sealed as NonNullable<typeof sealed>), streamId: 'elsewhere' });
    await expect(store.load('elsewhere')).rejects.toBeInstanceOf(ValidationError);
  });
});
