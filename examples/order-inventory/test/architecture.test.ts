import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const src = resolve(import.meta.dirname, '../src');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((match) => match[1] as string);
}

describe('the import rule', () => {
  for (const context of ['ordering', 'inventory']) {
    it(`${context}/domain imports nothing from infrastructure, http, application, the app or the other context`, () => {
      const violations: string[] = [];
      for (const file of filesUnder(join(src, context, 'domain'))) {
        for (const spec of importsOf(file)) {
          const external = !spec.startsWith('.');
          const allowed = external
            ? /^(tactical-ddd(\/(money|address|specification|event-sourcing))?|zod)$/.test(spec)
            : resolve(file, '..', spec).startsWith(join(src, context, 'domain'));
          if (!allowed) violations.push(`${relative(src, file)} imports ${spec}`);
        }
      }
      expect(violations).toEqual([]);
    });

    it(`${context}/application imports neither infrastructure nor http`, () => {
      const violations = filesUnder(join(src, context, 'application')).flatMap((file) =>
        importsOf(file)
          .filter(
            (spec) =>
              /\/(infrastructure|http|app)\//.test(spec) || /^(hono|pg|@electric-sql|@opentelemetry)/.test(spec),
          )
          .map((spec) => `${relative(src, file)} imports ${spec}`),
      );
      expect(violations).toEqual([]);
    });
  }

  it('sees the files it checks', () => {
    expect(filesUnder(join(src, 'ordering', 'domain')).length).toBeGreaterThan(5);
  });
});
