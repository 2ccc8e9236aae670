/** The fields of `T` that may be undefined, made optional and never undefined. */
export type DefinedFields<T> = { [K in keyof T]?: Exclude<T[K], undefined> };

/**
 * Only the fields whose value is defined, to spread into options whose fields are optional: with
 * `exactOptionalPropertyTypes` an optional field may be absent but not `undefined`, which otherwise takes
 * one `...(x === undefined ? {} : { x })` per field.
 */
export function definedFields<T extends object>(fields: T): DefinedFields<T> {
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
  ) as DefinedFields<T>;
}
