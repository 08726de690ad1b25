import type { StandardSchemaV1 } from '@standard-schema/spec';
import * as z from 'zod';
import { knownSchema } from './compileParse.js';
import { ZOD_WRAPPER_TYPES } from './zodWrapperTypes.js';

const PRIMITIVE_TYPES = /*@__PURE__*/ new Set([
  'string',
  'number',
  'boolean',
  'bigint',
  'enum',
  'literal',
  'null',
  'undefined',
]);

/**
 * Tells whether a schema is a zod object (a schema of another library never is) whose fields can
 * only hold primitive values or values the library makes frozen (a `Money` from `Money.schema`), so
 * that what it outputs needs only a shallow freeze. @internal
 */
export function hasOnlyPrimitiveFields(schema: StandardSchemaV1): boolean {
  if (!(schema instanceof z.ZodObject)) return false;
  return Object.values(schema.shape as Record<string, z.ZodType>).every(isPrimitiveSchema);
}

function isPrimitiveSchema(schema: z.ZodType): boolean {
  const def = schema.def as { type: string; innerType?: z.ZodType; options?: readonly z.ZodType[] };
  if (PRIMITIVE_TYPES.has(def.type) || knownSchema(schema)?.frozen === true) return true;
  if (ZOD_WRAPPER_TYPES.has(def.type) && def.innerType !== undefined) return isPrimitiveSchema(def.innerType);
  if (def.type === 'union' && def.options !== undefined) return def.options.every(isPrimitiveSchema);
  return false;
}
