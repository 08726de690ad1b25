/**
 * A type made read-only all the way down (arrays become `readonly` arrays). Functions, dates and
 * primitives keep their own type, branded ones too: an `OrderId` (a `string` with a brand) stays
 * an `OrderId`. So do values with an `equals` method (value objects, `Money`, `Decimal`, entities),
 * which guard their own immutability: `props.address.equals(other)` keeps compiling.
 *
 * @example
 * ```ts
 * type Props = DeepReadonly<{ lines: string[]; geo: { lat: number } }>;
 * // { readonly lines: readonly string[]; readonly geo: { readonly lat: number } }
 * ```
 */
export type DeepReadonly<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends string | number | bigint | boolean | symbol
    ? T
    : T extends
          | Date
          | {
              /** A value's own equality: such a value guards its own immutability. */
              equals(other: never): unknown;
            }
      ? T
      : T extends ReadonlyArray<infer TItem>
        ? ReadonlyArray<DeepReadonly<TItem>>
        : T extends object
          ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
          : T;
