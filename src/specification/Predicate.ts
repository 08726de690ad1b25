/** A compiled specification. @internal */
export type Predicate = (candidate: unknown) => boolean;
/** The in-memory rules of a specification, by name. @internal */
export type Predicates = ReadonlyMap<string, (candidate: never) => boolean>;
