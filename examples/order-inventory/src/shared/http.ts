import type { Context } from 'hono';
import { ValidationError } from 'tactical-ddd';
import type { DispatchOptions } from 'tactical-ddd/cqrs';
import type { ZodType } from 'zod';

/** What the HTTP middleware puts on each request. */
export interface HttpEnv {
  Variables: { traceparent: string | undefined; requestId: string };
}

/** The JSON body as an object; anything else is a `ValidationError` (400). */
export async function readBody(c: Context<HttpEnv>): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw ValidationError.of('request body', '', 'invalid_json', 'The request body must be a JSON object');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw ValidationError.of('request body', '', 'invalid_type', 'The request body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

/**
 * Makes a command or query from request input nobody has checked yet (a body, route and query
 * parameters): the definition's zod schema validates it, so a bad or missing field is a
 * `ValidationError` naming it as the client sent it (a 400).
 */
export function fromInput<TMessage>(
  definition: { readonly type: string; readonly schema: ZodType; parse(json: unknown): TMessage },
  payload: unknown,
): TMessage {
  const checked = definition.schema.safeParse(payload);
  if (!checked.success) throw ValidationError.fromZod(definition.type, checked.error);
  return definition.parse({ type: definition.type, payload });
}

/** The version in `If-Match` (`"3"`, `W/"3"` or `3`), if any. */
export function ifMatch(c: Context<HttpEnv>): number | undefined {
  const header = c.req.header('if-match');
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(header.trim());
  if (match === null)
    throw ValidationError.of('request headers', 'If-Match', 'invalid_format', 'If-Match must be a version such as "3"');
  return Number(match[1]);
}

/** Dispatch options that carry the request's trace context and id into the command. */
export function fromRequest(c: Context<HttpEnv>): DispatchOptions {
  const traceparent = c.get('traceparent');
  return { metadata: { correlationId: c.get('requestId'), ...(traceparent === undefined ? {} : { traceparent }) } };
}
