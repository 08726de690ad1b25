import { describe, expect, it } from 'vitest';
import { InMemorySnapshotStore } from '../../src/event-sourcing/InMemorySnapshotStore.js';
import { ValidationError } from '../../src/index.js';

describe('InMemorySnapshotStore', () => {
  it('keeps the newest snapshot per stream, as JSON', async () => {
    const store = new InMemorySnapshotStore();
    expect(await store.load('s')).toBeUndefined();
    await store.save({ streamId: 's', version: 5, schemaVersion: 1, state: { at: new Date(0), n: 5 } });
    await store.save({ streamId: 's', version: 3, schemaVersion: 1, state: { n: 3 } });
    expect(await store.load('s')).toEqual({
      streamId: 's',
      version: 5,
      schemaVersion: 1,
      state: { at: '1970-01-01T00:00:00.000Z', n: 5 },
    });
    await store.save({ streamId: 's', version: 6, schemaVersion: 1, state: { n: 6 } });
    expect((await store.load('s'))?.version).toBe(6);
  });

  it('rejects a non-positive version or a state JSON cannot carry, keeping the old snapshot', async () => {
    const store = new InMemorySnapshotStore();
    await store.save({ streamId: 's', version: 1, schemaVersion: 1, state: { n: 1 } });
    await expect(store.save({ streamId: 's', version: 0, schemaVersion: 1, state: {} })).rejects.toMatchObject({
      field: 'version',
      rule: 'invalid_version',
    });
    await expect(store.save({ streamId: 's', version: 2, schemaVersion: 1, state: { n: 1n } })).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(await store.load('s')).toMatchObject({ version: 1, state: { n: 1 } });
  });
});
