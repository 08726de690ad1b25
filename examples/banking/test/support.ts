import type { DomainEvent } from 'tactical-ddd';
import type { EventStore, ReadStreamOptions, RecordedEvent } from 'tactical-ddd/event-sourcing';

/** Stamps an event draft as stored events are: id, stream position, time. */
export function stored<TEvent extends Pick<DomainEvent, 'type' | 'schemaVersion' | 'payload'>>(
  draft: TEvent,
  aggregateId: string,
  aggregateVersion: number,
): DomainEvent {
  return {
    ...draft,
    id: crypto.randomUUID(),
    aggregateId,
    aggregateVersion,
    occurredAt: new Date().toISOString(),
    metadata: {},
  };
}

/** An event store that counts the events it hands out from readStream: proof of what a load replays. */
export function countingReads<TStore extends EventStore>(
  store: TStore,
): TStore & { reads: { fromVersion: number; count: number }[] } {
  const reads: { fromVersion: number; count: number }[] = [];
  return Object.assign(Object.create(store) as TStore, {
    reads,
    async readStream(streamId: string, options?: ReadStreamOptions): Promise<readonly RecordedEvent[]> {
      const events = await store.readStream(streamId, options);
      reads.push({ fromVersion: options?.fromVersion ?? 1, count: events.length });
      return events;
    },
  });
}
