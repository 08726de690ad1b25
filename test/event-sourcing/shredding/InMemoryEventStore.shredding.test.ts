import { describe, expect, it } from 'vitest';
import { newEventId } from '../../../src/core/newEventId.js';
import { ValidationError } from '../../../src/core/ValidationError.js';
import { CryptoShredder } from '../../../src/event-sourcing/CryptoShredder.js';
import { InMemoryEventStore } from '../../../src/event-sourcing/InMemoryEventStore.js';
import { InMemoryKeyStore } from '../../../src/event-sourcing/InMemoryKeyStore.js';
import type { KeyStore } from '../../../src/event-sourcing/KeyStore.js';
import { SubjectForgottenError } from '../../../src/event-sourcing/SubjectForgottenError.js';
import { customerEvents, registered } from './fixtures.js';

/** Everything the store holds, as one JSON text (private fields included). */
const dump = (store: InMemoryEventStore): string =>
  JSON.stringify(store, (_key, value) =>
    typeof value === 'bigint' ? String(value) : value instanceof Map ? [...value] : value,
  );

describe.each([{ compact: false }, { compact: true }])(
  'InMemoryEventStore with a CryptoShredder (compact: $compact)',
  ({ compact }) => {
    const setup = (keys: KeyStore = new InMemoryKeyStore()) => {
      const shredder = new CryptoShredder({ registry: customerEvents, keys });
      return { keys, shredder, store: new InMemoryEventStore({ shredder, compact }) };
    };

    it('stores personal fields sealed and reads them back in clear', async () => {
      const { store } = setup();
      const alice = newEventId();
      await store.appendToStream(alice, [registered(alice, 'Zoë Ålander', 'zoe.alander@example.com')]);
      expect(dump(store)).not.toContain('Zoë Ålander');
      expect(dump(store)).not.toContain('zoe.alander');
      const [read] = await store.readStream(alice);
      expect(read?.payload).toEqual({
        customerId: alice,
        name: 'Zoë Ålander',
        contact: { email: 'zoe.alander@example.com', channel: 'mail' },
        tier: 3,
      });
    });

    it('reads a forgotten subject’s fields as null, the rest of the event and other subjects intact', async () => {
      const { store, shredder } = setup();
      const [alice, bob] = [newEventId(), newEventId()];
      await store.appendToStream(alice, [registered(alice, 'Alice')]);
      await store.appendToStream(bob, [registered(bob, 'Bob')]);
      await store.readAll(); // warm any cache: forgetting must still show
      await shredder.forget(alice);
      await shredder.forget(alice); // idempotent
      const [a] = await store.readStream(alice);
      expect(a?.type).toBe('CustomerRegistered');
      expect(a?.payload).toEqual({ customerId: alice, name: null, contact: { email: null, channel: 'mail' }, tier: 3 });
      const all = await store.readAll();
      expect(all.map((e) => (e.payload as { name: unknown }).name)).toEqual([null, 'Bob']);
      expect((await store.readStream(alice, { direction: 'backwards' }))[0]?.payload).toEqual(a?.payload);
    });

    it('refuses new personal data of a forgotten subject, and writes nothing', async () => {
      const { store, shredder } = setup();
      const alice = newEventId();
      await shredder.forget(alice);
      await expect(store.appendToStream(alice, [registered(alice, 'Alice')])).rejects.toBeInstanceOf(
        SubjectForgottenError,
      );
      expect(await store.readAll()).toEqual([]);
    });

    it('fails the append when the key store fails, writing nothing', async () => {
      const keys = new InMemoryKeyStore();
      const failing: KeyStore = {
        keyFor: async () => {
          throw new Error('KMS unavailable');
        },
        findKeys: (ids) => keys.findKeys(ids),
        forget: (id) => keys.forget(id),
      };
      const { store } = setup(failing);
      const alice = newEventId();
      await expect(store.appendToStream(alice, [registered(alice, 'Alice')])).rejects.toThrow('KMS unavailable');
      expect((await store.getStreamMetadata(alice)).exists).toBe(false);
    });

    it('makes one key per subject even when two appends race for a new subject', async () => {
      const { store, keys } = setup();
      const alice = newEventId();
      await Promise.all([
        store.appendToStream(`${alice}-a`, [registered(alice, 'Alice')]),
        store.appendToStream(`${alice}-b`, [registered(alice, 'Alice')]),
      ]);
      expect((await store.readAll()).map((e) => (e.payload as { name: unknown }).name)).toEqual(['Alice', 'Alice']);
      expect((await keys.findKeys([alice])).size).toBe(1);
    });

    it('keeps a retry of the same events idempotent, though each seal uses a fresh IV', async () => {
      const { store } = setup();
      const alice = newEventId();
      const events = [registered(alice, 'Alice')];
      const first = await store.appendToStream(alice, events, { expectedVersion: 'no_stream' });
      await expect(store.appendToStream(alice, events, { expectedVersion: 'no_stream' })).resolves.toEqual(first);
      expect(await store.readStream(alice)).toHaveLength(1);
    });

    it('refuses a subject id that is not a non-empty string', async () => {
      const { store } = setup();
      const valid = registered(newEventId(), 'Alice');
      const event = { ...valid, payload: { ...(valid.payload as object), customerId: '' } };
      const error = await store.appendToStream('s', [event]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues[0]?.rule).toBe('invalid_subject');
    });

    it('upcasts a legacy event after opening it, and after forgetting too', async () => {
      const { store, shredder } = setup();
      const alice = newEventId();
      const legacy = registered(alice, 'Alice');
      const { tier: _tier, ...v1 } = legacy.payload as Record<string, unknown>;
      await store.appendToStream(alice, [{ ...legacy, schemaVersion: 1, payload: v1 }]);
      expect((await store.readStream(alice))[0]?.payload).toMatchObject({ name: 'Alice', tier: 1 });
      await shredder.forget(alice);
      expect((await store.readStream(alice))[0]).toMatchObject({ schemaVersion: 2, payload: { name: null, tier: 1 } });
    });
  },
);
