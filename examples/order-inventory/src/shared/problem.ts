import { type Problem, problemContentType } from 'tactical-ddd/http';

export type { Problem };

/** The type of the gateway's own problems (a service down or too slow): its README section. */
export const upstreamProblemType =
  'https://github.com/tactical-ddd/tactical-ddd/blob/main/examples/order-inventory/README.md#errors-upstream';

/** A problem document as an `application/problem+json` response. */
export function problemResponse(problem: Problem): Response {
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { 'Content-Type': problemContentType },
  });
}
