import type { DomainEvent } from '../core/DomainEvent.js';
import { partitionOf } from '../core/partitionOf.js';
import { ValidationError } from '../core/ValidationError.js';

/**
 * The partitioning options a broker publisher takes: how many partitions, and which key of an
 * event picks its partition (through `partitionOf`, the same on every adapter).
 *
 * @example
 * ```ts
 * const partitioning: PartitioningOptions = { partitions: 8, partitionKey: (event) => event.aggregateId };
 * ```
 */
export interface PartitioningOptions {
  /**
   * How many partitions to spread the events over (1 to 65,536; the consumers must be given the
   * same count). Default: none, the events are not partitioned.
   */
  readonly partitions?: number;
  /** The key whose events stay in order, one partition each (default: the event's `aggregateId`). */
  readonly partitionKey?: (event: DomainEvent) => string;
}

/**
 * Checks a partition count option: an integer from 1 to 65,536. @internal
 *
 * @throws ValidationError naming the field when it is not.
 */
export function partitionCount(subject: string, partitions: number): number {
  if (!Number.isSafeInteger(partitions) || partitions < 1 || partitions > 65_536) {
    throw ValidationError.of(subject, 'partitions', 'integer_between', 'partitions must be an integer from 1 to 65536');
  }
  return partitions;
}

/**
 * The function that gives an event's partition, or `undefined` when `partitions` is not set. The
 * key function's result is checked: a key that is not a string is a `ValidationError`. @internal
 */
export function partitioner(
  subject: string,
  options: PartitioningOptions,
): ((event: DomainEvent) => number) | undefined {
  if (options.partitions === undefined) return undefined;
  const partitions = partitionCount(subject, options.partitions);
  const keyOf = options.partitionKey ?? ((event: DomainEvent) => event.aggregateId);
  return (event) => {
    const key = keyOf(event);
    if (typeof key !== 'string') {
      throw ValidationError.of(
        subject,
        'partitionKey',
        'invalid_type',
        `the partition key of event ${event.id} is not a string`,
      );
    }
    return partitionOf(key, partitions);
  };
}
