import type { Context } from 'hono';
import { ValidationError } from 'tactical-ddd';
import type { DispatchOptions } from 'tactical-ddd/cqrs';

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
