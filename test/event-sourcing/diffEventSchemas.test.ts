import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { defineUpcaster } from '../../src/event-sourcing/defineUpcaster.js';
import { diffEventSchemas } from '../../src/event-sourcing/diffEventSchemas.js';
import { defineEventRegistry } from '../../src/event-sourcing/EventRegistry.js';
import { eventSchemaSnapshot } from '../../src/event-sourcing/eventSchemaSnapshot.js';
import { defineEvent } from '../../src/index.js';
import { expectNoEventSchemaDrift } from '../../src/testing/expectNoEventSchemaDrift.js';
import { AccountCreated, MoneyDeposited, MoneyWithdrawn } from './fixtures/Account.js';

const accountEvents = defineEventRegistry({ current: [AccountCreated, MoneyDeposited, MoneyWithdrawn] });

describe('the schema drift guard', () => {
  it('finds the account events as committed in events.schema.json', () => {
    const file = fileURLToPath(new URL('./fixtures/events.schema.json', import.meta.url));
    const drift = expectNoEventSchemaDrift(accountEvents, file, { ci: true });
    expect(drift).toEqual({ changed: [], removed: [], added: [], safe: true });
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')))).toEqual([
      'AccountCreated@1',
      'MoneyDeposited@1',
      'MoneyWithdrawn@1',
    ]);
  });

  const V1 = defineEvent('MoneyDeposited', z.object({ cents: z.int().positive() }));
  const committed = eventSchemaSnapshot(defineEventRegistry({ current: [V1] }));

  it('flags a schema changed in place', () => {
    const edited = defineEvent('MoneyDeposited', z.object({ cents: z.int().positive(), note: z.string() }));
    const drift = diffEventSchemas(committed, eventSchemaSnapshot(defineEventRegistry({ current: [edited] })));
    expect(drift).toEqual({ changed: ['MoneyDeposited@1'], removed: [], added: [], safe: false });
  });

  it('flags a version dropped instead of kept as legacy', () => {
    const V2 = defineEvent('MoneyDeposited', z.object({ cents: z.int(), note: z.string() }), { schemaVersion: 2 });
    const drift = diffEventSchemas(committed, eventSchemaSnapshot(defineEventRegistry({ current: [V2] })));
    expect(drift).toMatchObject({ removed: ['MoneyDeposited@1'], added: ['MoneyDeposited@2'], safe: false });
  });

  it('accepts a new version kept alongside the old one with an upcaster', () => {
    const V2 = defineEvent('MoneyDeposited', z.object({ cents: z.int(), note: z.string() }), { schemaVersion: 2 });
    const registry = defineEventRegistry({
      current: [V2],
      legacy: [V1],
      upcasters: [defineUpcaster(V1, V2, (old) => ({ ...old, note: '' }))],
    });
    expect(diffEventSchemas(committed, eventSchemaSnapshot(registry))).toEqual({
      changed: [],
      removed: [],
      added: ['MoneyDeposited@2'],
      safe: true,
    });
  });

  describe('expectNoEventSchemaDrift with a file', () => {
    let dir: string | undefined;
    afterEach(() => {
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    });
    const fileIn = () => {
      dir = mkdtempSync(join(tmpdir(), 'tddd-drift-'));
      return join(dir, 'events.schema.json');
    };

    it('creates the file on the first run, and fails in CI when schemas are missing', () => {
      const file = fileIn();
      expect(() => expectNoEventSchemaDrift(accountEvents, file, { ci: true })).toThrow(/missing from/);
      expectNoEventSchemaDrift(accountEvents, file, { ci: false });
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(eventSchemaSnapshot(accountEvents));
    });

    it('fails with a message naming the changed schema and the fix', () => {
      const file = fileIn();
      writeFileSync(file, JSON.stringify(committed));
      const edited = defineEvent('MoneyDeposited', z.object({ cents: z.string() }));
      expect(() => expectNoEventSchemaDrift(defineEventRegistry({ current: [edited] }), file, { ci: false })).toThrow(
        /MoneyDeposited@1: its schema changed; keep it as a legacy event and add MoneyDeposited@2 with an upcaster/,
      );
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(committed);
      expectNoEventSchemaDrift(defineEventRegistry({ current: [edited] }), file, { update: true });
      expect(JSON.parse(readFileSync(file, 'utf8'))).not.toEqual(committed);
    });
  });
});
