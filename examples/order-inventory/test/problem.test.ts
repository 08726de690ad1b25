import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  ConcurrencyError,
  InvariantViolationError,
  NotFoundError,
  StaleVersionError,
  ValidationError,
} from 'tactical-ddd';
import { describe, expect, it } from 'vitest';
import { problemKinds, problemType, toProblem } from '../src/shared/problem.js';

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

describe('problem types', () => {
  it('each links to a section of the README that exists', () => {
    const anchors = readmeAnchors();
    for (const kind of problemKinds) {
      const [page, anchor] = problemType(kind).split('#');
      expect(page).toMatch(/\/examples\/order-inventory\/README\.md$/);
      expect(anchors).toContain(anchor);
    }
  });

  it('the error mapping answers with those types', () => {
    const types = [
      ValidationError.of('request body', 'quantity', 'too_small', 'Too small'),
      new NotFoundError('Order', '0199a8b2-7c1d-7e2f-8a3b-000000000000'),
      new StaleVersionError('Order', '0199a8b2', 1, 2),
      new ConcurrencyError('Order-0199a8b2', 1, 2),
      new InvariantViolationError('order.empty', 'An order needs an item'),
      new Error('boom'),
    ].map((error) => toProblem(error, '/orders').type);
    expect(types).toEqual(
      (['validation', 'not-found', 'stale', 'conflict', 'rule', 'internal'] as const).map(problemType),
    );
  });
});
