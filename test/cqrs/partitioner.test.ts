import { describe, expect, it } from 'vitest';
import { partitioner } from '../../src/cqrs/partitioner.js';
import { partitionOf, ValidationError } from '../../src/index.js';
import { RabbitMQPublisher } from '../../src/rabbitmq/index.js';
import { shipped } from '../support/brokers.js';
import { caught } from '../support/caught.js';

describe('partitioner', () => {
  it('is absent without partitions, and partitionOf(aggregateId) by default', () => {
    expect(partitioner('S', {})).toBeUndefined();
    const event = shipped('x');
    expect(partitioner('S', { partitions: 7 })?.(event)).toBe(partitionOf(event.aggregateId, 7));
    expect(partitioner('S', { partitions: 7, partitionKey: (e) => e.type })?.(event)).toBe(
      partitionOf('ItemShipped', 7),
    );
  });

  it.each([0, -1, 1.5, 65_537, Number.NaN, Number.POSITIVE_INFINITY])(
    'refuses %s partitions, naming the field',
    async (partitions) => {
      const error = await caught(() => partitioner('S', { partitions }));
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe('partitions');
      expect((error as ValidationError).rule).toBe('integer_between');
      expect(
        await caught(() => new RabbitMQPublisher({ url: 'amqp://127.0.0.1', exchange: 'x', partitions })),
      ).toBeInstanceOf(ValidationError);
    },
  );

  it('refuses a partition key that is not a string', async () => {
    const partition = partitioner('S', { partitions: 4, partitionKey: () => 42 as unknown as string });
    const error = await caught(() => partition?.(shipped('x')));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('partitionKey');
  });
});
