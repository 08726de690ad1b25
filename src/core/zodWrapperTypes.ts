/**
 * The zod 4 schema types that wrap one inner schema (`def.innerType`) without changing the shape
 * of what it accepts: code that looks through a schema unwraps these.
 * @internal
 */
export const ZOD_WRAPPER_TYPES: ReadonlySet<string> = /*@__PURE__*/ new Set([
  'optional',
  'nullable',
  'default',
  'readonly',
  'nonoptional',
  'prefault',
  'catch',
]);
