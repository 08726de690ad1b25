import type { AnyAggregate } from './AggregateStore.js';
import { parseWith } from './parseWith.js';
import type { SnapshotMapping } from './SnapshotMapping.js';
import { ValidationError } from './ValidationError.js';

/**
 * Turns an aggregate into its validated JSON document: what every state-stored store keeps.
 * @internal
 */
export function encodeSnapshot<TAggregate>(
  name: string,
  mapping: SnapshotMapping<TAggregate, unknown>,
  aggregate: TAggregate,
): string {
  const snapshot = mapping.toSnapshot(aggregate);
  const checked = parseWith(`${name} snapshot`, mapping.schema, snapshot);
  if (!checked.success) throw checked.error;
  return JSON.stringify(snapshot);
}

/** Rebuilds an aggregate from its stored document, at its stored version. @internal */
export function decodeSnapshot<TAggregate extends AnyAggregate>(
  name: string,
  mapping: SnapshotMapping<TAggregate, unknown>,
  data: unknown,
  id: string,
  version: number,
): TAggregate {
  const checked = parseWith(`${name} snapshot`, mapping.schema, data);
  if (!checked.success) throw checked.error;
  const aggregate = mapping.fromSnapshot(checked.data, { id, version });
  if (aggregate.id !== id) {
    throw ValidationError.of(
      `${name} snapshot`,
      'id',
      'id_mismatch',
      `fromSnapshot returned an aggregate with id ${aggregate.id} for the row with id ${id}`,
    );
  }
  aggregate.markPersisted(version);
  return aggregate;
}
