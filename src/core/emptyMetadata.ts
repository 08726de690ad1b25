import type { EventMetadata } from './DomainEvent.js';

/**
 * The metadata of an event that has none: one frozen object shared by every such event (an
 * empty object literal per event costs 56 bytes, and a store keeps it). @internal
 */
export const EMPTY_METADATA: EventMetadata = Object.freeze({});
