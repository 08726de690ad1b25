import { PGlite } from '@electric-sql/pglite';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PGliteLike, pgliteSqlClient, type SqlClient } from '../../src/postgres/index.js';

const PREPARED = { prepare: true } as const;

describe.each([
  { path: 'bound through execProtocol', protocol: true },
  { path: 'EXECUTE with literals (a wrapper without execProtocol)', protocol: false },
])('pgliteSqlClient with prepare: true (PREPARE once, then $path)', ({ protocol }) => {
  let db: PGlite;
  let client: SqlClient;
  // Every statement PGlite is given through query, to count the PREPAREs; and the protocol messages.
  const seen: string[] = [];
  let messages = 0;
  beforeAll(async () => {
    db = await PGlite.create();
    const spy: PGliteLike = {
      query: (text, params) => {
        seen.push(text);
        return db.query(text, params);
      },
      transaction: (work) =>
        db.transaction((tx) =>
          work({
            query: (text, params) => {
              seen.push(text);
              return tx.query(text, params);
            },
          }),
        ),
    };
    if (protocol)
      Object.assign(spy, {
        execProtocol: (message: Uint8Array, options: object) => {
          messages++;
          return db.execProtocol(message, options);
        },
        runExclusive: <T>(work: () => Promise<T>) => db.runExclusive(work),
        _runExclusiveTransaction: <T>(work: () => Promise<T>) => db._runExclusiveTransaction(work),
        parsers: db.parsers,
      });
    client = pgliteSqlClient(spy);
    await client.query('CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL, data jsonb)');
  }, 60_000);
  afterAll(async () => {
    await db.close();
  });
  const prepares = () => seen.filter((text) => text.startsWith('PREPARE')).length;

  it('reads back any string exactly as the bound path does, quotes and backslashes included', async () => {
    const select = 'SELECT $1::text AS v, length($1::text) AS n';
    const before = prepares();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ unit: 'grapheme' }),
          fc.string({ unit: fc.constantFrom("'", '\\', '"', '$', ';', '-', 'E', '\n', ')', ',') }),
          fc.constantFrom("'); DROP TABLE notes; --", "\\'", "E'\\'", '$$', '$tag$', '\\\\\\', "''''"),
        ),
        async (value) => {
          fc.pre(!value.includes('\u0000'));
          const prepared = await client.query(select, [value], PREPARED);
          const bound = await client.query(select, [value]);
          expect(prepared.rows).toEqual(bound.rows);
          expect(prepared.rows[0]).toMatchObject({ v: value });
        },
      ),
      { numRuns: 300 },
    );
    expect(prepares() - before).toBe(1);
    // Only the PREPARE went through query: every run of the statement was one protocol message, or none.
    expect(seen.filter((text) => text.startsWith('EXECUTE')).length).toBe(protocol ? 0 : 300);
    expect(messages).toBe(protocol ? 300 : 0);
    expect((await client.query<{ n: number }>('SELECT count(*)::int AS n FROM notes')).rows).toEqual([{ n: 0 }]);
  });

  it('reads the same with standard_conforming_strings off', async () => {
    await client.query('SET standard_conforming_strings = off');
    try {
      for (const value of ["a\\'b", "\\'); SELECT 1; --", 'c:\\temp\\new']) {
        expect((await client.query('SELECT $1::text AS v', [value], PREPARED)).rows).toEqual([{ v: value }]);
      }
    } finally {
      await client.query('SET standard_conforming_strings = on');
    }
  });

  it('passes numbers, bigints, booleans, nulls and JSON text to typed parameters', async () => {
    const insert = 'INSERT INTO notes (id, body, data) VALUES ($1::int, $2::text, $3::jsonb) RETURNING id, body, data';
    const { rows, rowCount } = await client.query(insert, [1, "it's", JSON.stringify({ q: "a'b\\c" })], PREPARED);
    expect(rows).toEqual([{ id: 1, body: "it's", data: { q: "a'b\\c" } }]);
    expect(rowCount).toBe(1);
    expect(
      (await client.query('SELECT $1::bigint AS b, $2::bool AS t, $3::text AS n', [2n ** 60n, true, null], PREPARED))
        .rows,
    ).toEqual([{ b: 2n ** 60n, t: true, n: null }]);
  });

  it('writes arrays of strings, numbers and nulls as array literals that read back exactly', async () => {
    const select = 'SELECT $1::text[] AS v, cardinality($1::text[]) AS n';
    const before = prepares();
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.string({ unit: 'grapheme' }),
            fc.string({ unit: fc.constantFrom('"', '\\', "'", '{', '}', ',', ' ', 'N', 'U', 'L') }),
            fc.constantFrom('NULL', '', ' ', '{}', '"', '\\'),
            fc.constant(null),
          ),
          { maxLength: 6 },
        ),
        async (values) => {
          fc.pre(values.every((value) => value === null || !value.includes('\u0000')));
          const prepared = await client.query(select, [values], PREPARED);
          expect(prepared.rows).toEqual((await client.query(select, [values])).rows);
          expect(prepared.rows[0]).toMatchObject({ v: values });
        },
      ),
      { numRuns: 200 },
    );
    expect(prepares() - before).toBe(1);
    const numbers = [[1, 2n, null]];
    expect((await client.query('SELECT $1::bigint[] AS v', numbers, PREPARED)).rows).toEqual(
      (await client.query('SELECT $1::bigint[] AS v', numbers)).rows,
    );
  });

  it('binds values it cannot write as literals (objects, nested arrays, U+0000) as usual', async () => {
    expect((await client.query('SELECT $1::jsonb AS v', [{ a: 1 }], PREPARED)).rows).toEqual([{ v: { a: 1 } }]);
    expect((await client.query('SELECT $1::text[] AS v', [['a', ['b']]], PREPARED)).rows).toHaveLength(1);
    await expect(client.query('SELECT $1::text AS v', ['a\u0000b'], PREPARED)).rejects.toThrow();
    await expect(client.query('SELECT $1::text[] AS v', [['a\u0000b']], PREPARED)).rejects.toThrow();
  });

  it('reports a failing run with its PostgreSQL error, and the connection goes on', async () => {
    const insert = 'INSERT INTO notes (id, body) VALUES ($1::int, $2::text)';
    await client.query(insert, [100, 'first'], PREPARED);
    await expect(client.query(insert, [100, 'again'], PREPARED)).rejects.toMatchObject({ code: '23505' });
    await expect(
      client.transaction(async (tx) => {
        await tx.query(insert, [101, 'in a transaction'], PREPARED);
        await tx.query(insert, [100, 'again'], PREPARED);
      }),
    ).rejects.toMatchObject({ code: '23505' });
    const { rows } = await client.query('SELECT id, body FROM notes WHERE id >= 100 ORDER BY id', [], PREPARED);
    expect(rows).toEqual([{ id: 100, body: 'first' }]);
  });

  it('prepares once when first used by several callers at once, and inside transactions', async () => {
    const select = 'SELECT $1::int * 2 AS v';
    const before = prepares();
    const results = await Promise.all([1, 2, 3, 4].map((n) => client.query(select, [n], PREPARED)));
    expect(results.map((r) => r.rows[0])).toEqual([{ v: 2 }, { v: 4 }, { v: 6 }, { v: 8 }]);
    await client.transaction(async (tx) => {
      expect((await tx.query(select, [5], PREPARED)).rows).toEqual([{ v: 10 }]);
    });
    expect(prepares() - before).toBe(1);
  });

  it('keeps a statement prepared inside a transaction that rolls back', async () => {
    const select = 'SELECT $1::text || $2::text AS v';
    await expect(
      client.transaction(async (tx) => {
        expect((await tx.query(select, ['a', 'b'], PREPARED)).rows).toEqual([{ v: 'ab' }]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect((await client.query(select, ['c', 'd'], PREPARED)).rows).toEqual([{ v: 'cd' }]);
  });

  it('reports a statement that cannot be prepared, and tries again on the next call', async () => {
    const select = 'SELECT v FROM later_table WHERE v = $1::int';
    await expect(client.query(select, [1], PREPARED)).rejects.toThrow(/later_table/);
    await client.query('CREATE TABLE later_table (v int)');
    await client.query('INSERT INTO later_table VALUES (1)');
    expect((await client.query(select, [1], PREPARED)).rows).toEqual([{ v: 1 }]);
  });
});
