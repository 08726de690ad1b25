/// <reference types="node" />
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { diffEventSchemas, type EventSchemaDrift } from '../event-sourcing/diffEventSchemas.js';
import {
  type EventSchemaSnapshot,
  eventSchemaSnapshot,
  type ZodEventRegistry,
} from '../event-sourcing/eventSchemaSnapshot.js';

/** The options of {@link expectNoEventSchemaDrift}. */
export interface EventSchemaDriftOptions {
  /**
   * Rewrites the snapshot file with the current schemas, accepting changes and removals (for
   * schemas never released). Default: `true` when the `UPDATE_EVENT_SCHEMAS` environment variable
   * is `1`.
   */
  readonly update?: boolean;
  /**
   * Fails when the registry has schemas the file lacks, instead of adding them. Default: `true`
   * when the `CI` environment variable is set, so a forgotten snapshot update fails the build.
   */
  readonly ci?: boolean;
}

/**
 * The schema drift guard: compares the JSON Schema of every event type and schema version in the
 * registry with a committed snapshot file, and throws when a stored schema changed without a new
 * `schemaVersion` (and upcaster), or a version disappeared, so that old events could no longer be
 * read. New versions are added to the file (outside CI); commit it.
 *
 * @param registry - The system's event registry, its payload schemas all zod schemas (the guard
 * compares zod's JSON Schema of each).
 * @param file - The committed snapshot file (JSON), created on the first run.
 * @param options - Update mode and CI strictness.
 * @returns The drift found (safe when it returns).
 * @throws an `Error` naming each changed or removed `Type@version`;
 * {@link "tactical-ddd".UnsupportedSchemaError | UnsupportedSchemaError} for an event whose schema is not a zod schema.
 *
 * @example
 * ```ts
 * it('keeps stored event schemas stable', () => {
 *   expectNoEventSchemaDrift(accountEvents, new URL('./events.schema.json', import.meta.url).pathname);
 * });
 * ```
 */
export function expectNoEventSchemaDrift(
  registry: ZodEventRegistry,
  file: string,
  options: EventSchemaDriftOptions = {},
): EventSchemaDrift {
  const update = options.update ?? process.env.UPDATE_EVENT_SCHEMAS === '1';
  const ci = options.ci ?? (process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false');
  const current = eventSchemaSnapshot(registry);
  const committed: EventSchemaSnapshot = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const drift = diffEventSchemas(committed, current);
  if (update) {
    write(file, current);
    return drift;
  }
  if (!drift.safe) {
    const lines = [
      ...drift.changed.map(
        (key) => `  ${key}: its schema changed; keep it as a legacy event and add ${nextVersion(key)} with an upcaster`,
      ),
      ...drift.removed.map((key) => `  ${key}: no longer registered; stored events of this version could not be read`),
    ];
    throw new Error(
      `Event schema drift against ${file}:\n${lines.join('\n')}\n(Only for schemas never released: rerun with UPDATE_EVENT_SCHEMAS=1.)`,
    );
  }
  if (drift.added.length > 0) {
    if (ci)
      throw new Error(
        `Event schemas missing from ${file}: ${drift.added.join(', ')}; run the tests locally and commit it`,
      );
    write(file, { ...committed, ...current });
  }
  return drift;
}

const nextVersion = (key: string): string => {
  const at = key.lastIndexOf('@');
  return `${key.slice(0, at)}@${Number(key.slice(at + 1)) + 1}`;
};

function write(file: string, snapshot: EventSchemaSnapshot): void {
  const sorted = Object.fromEntries(Object.entries(snapshot).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  writeFileSync(file, `${JSON.stringify(sorted, null, 2)}\n`);
}
