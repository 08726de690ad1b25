import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { trace } from '@opentelemetry/api';
import { ConcurrencyError, NotFoundError, StaleVersionError, ValidationError } from 'tactical-ddd';
import { defaultProblemTypeBase } from 'tactical-ddd/http';
import { describe, expect, it } from 'vitest';
import { createHttp } from '../src/app/http.js';
import { upstreamProblemType } from '../src/shared/problem.js';

/** The anchors GitHub gives the README's headings: lower case, punctuation dropped, spaces → "-". */
function readmeAnchors(): string[] {
  const readme = readFileSync(resolve(import.meta.dirname, '../README.md'), 'utf8');
  return [...readme.matchAll(/^#{1,6} (.+)$/gm)].map((match) =>
    (match[1] as string)
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-'),
  );
}

describe('problem documents', () => {
  it('the gateway’s own type links to a section of the README that exists', () => {
    const [page, anchor] = upstreamProblemType.split('#');
    expect(page).toMatch(/\/examples\/order-inventory\/README\.md$/);
    expect(readmeAnchors()).toContain(anchor);
  });

  it('the API answers the library’s errors with the library’s problem documents', async () => {
    const http = createHttp(trace.getTracer('test'));
    const errors: Record<string, Error> = {
      '/validation': ValidationError.of('request body', 'quantity', 'too_small', 'Too small'),
      '/missing': new NotFoundError('Order', '0199a8b2-7c1d-7e2f-8a3b-000000000000'),
      '/stale': new StaleVersionError('Order', '0199a8b2', 1, 2),
      '/conflict': new ConcurrencyError('Order-0199a8b2', 1, 2),
      '/boom': new Error('connection string with a password'),
    };
    for (const [path, error] of Object.entries(errors)) {
      http.get(path, () => {
        throw error;
      });
    }
    const answers = [];
    for (const path of Object.keys(errors)) {
      const response = await http.request(path);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      const body = (await response.json()) as { type: string; status: number; instance: string };
      expect(body.instance).toBe(path);
      answers.push([response.status, body.type.replace(defaultProblemTypeBase, '')]);
    }
    expect(answers).toEqual([
      [400, 'core.validation'],
      [404, 'core.not_found'],
      [412, 'core.stale_version'],
      [409, 'core.concurrency'],
      [500, 'internal'],
    ]);
  });
});
