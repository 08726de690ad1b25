import { v7 as uuidv7 } from 'uuid';

/** Makes a new event id (uuid v7, time-ordered). @internal */
export const newEventId = (): string => uuidv7();
