import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SqlClient, toSql } from '../../src/postgres/index.js';
import { orderBySql, type SortKey } from '../../src/postgres/orderBySql.js';
import { freshSchema } from './fixtures.js';

type Node = Parameters<typeof toSql>[0];

const documents: Record<string, unknown> = {
  d1: {
    status: 'pending',
    total: 150,
    paid: false,
    createdAt: '2026-01-10T00:00:00.000Z',
    price: { amount: '19.99', currency: 'EUR' },
    customer: { name: "O'Brien", email: 'ob@x.fr' },
  },
  d2: {
    status: 'paid',
    total: 80,
    paid: true,
    createdAt: '2025-12-31T23:59:59.999Z',
    price: { amount: '5.00', currency: 'USD' },
    customer: { name: 'Zoë 100%_off', email: 'z@x.com' },
    note: null,
  },
  d3: {
    status: 'Pending',
    total: '150',
    createdAt: 'not a date',
    price: { amount: '25', currency: 'EUR' },
    customer: { name: 'a\\b' },
  },
  d4: { status: "x'); DROP TABLE docs; --", total: 100.5, 'odd key': 'yes' },
  d5: {},
};
const all = Object.keys(documents);

/** toSql against real rows, on any backend: the SQL must mean what the specification means in memory. */
export function toSqlSuite(client: () => SqlClient): void {
  describe('toSql', () => {
    const schema = freshSchema();
    const docs = `"${schema}".docs`;
    beforeAll(async () => {
      await client().query(`CREATE SCHEMA "${schema}"`);
      await client().query(`CREATE TABLE ${docs} (id TEXT PRIMARY KEY, status TEXT, data JSONB NOT NULL)`);
      for (const [id, data] of Object.entries(documents)) {
        await client().query(`INSERT INTO ${docs} (id, status, data) VALUES ($1, $2::jsonb->>'status', $2::jsonb)`, [
          id,
          JSON.stringify(data),
        ]);
      }
    });
    afterAll(async () => {
      await client().query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    });

    const matching = async (node: Node, options: Parameters<typeof toSql>[1] = {}): Promise<string[]> => {
      const { text, params } = toSql(node, { ...options, firstParameter: 2 });
      const { rows } = await client().query<{ id: string }>(
        `SELECT id FROM ${docs} WHERE id <> $1 AND ${text} ORDER BY id`,
        ['none', ...params],
      );
      return rows.map((row) => row.id);
    };

    it.each<[string, Node, string[]]>([
      ['eq on a string', { op: 'eq', field: 'status', value: 'pending' }, ['d1']],
      [
        'ne (not eq, so missing fields match)',
        { op: 'ne', field: 'status', value: 'pending' },
        ['d2', 'd3', 'd4', 'd5'],
      ],
      ['gt on numbers only (a numeric string is another kind)', { op: 'gt', field: 'total', value: 100 }, ['d1', 'd4']],
      ['gte', { op: 'gte', field: 'total', value: 150 }, ['d1']],
      ['between, inclusive', { op: 'between', field: 'total', low: 80, high: 100.5 }, ['d2', 'd4']],
      ['in', { op: 'in', field: 'status', values: ['paid', 'Pending'] }, ['d2', 'd3']],
      ['notIn', { op: 'notIn', field: 'status', values: ['paid'] }, ['d1', 'd3', 'd4', 'd5']],
      ['an empty in', { op: 'in', field: 'status', values: [] }, []],
      ['an empty notIn', { op: 'notIn', field: 'status', values: [] }, all],
      ['eq on booleans', { op: 'eq', field: 'paid', value: true }, ['d2']],
      ['strings by code point (uppercase sorts first)', { op: 'gt', field: 'status', value: 'a' }, ['d1', 'd2', 'd4']],
      [
        'dates as time, skipping strings that are not canonical dates',
        { op: 'lt', field: 'createdAt', value: { $date: '2026-01-01T00:00:00.000Z' } },
        ['d2'],
      ],
      [
        'money by amount within its currency',
        { op: 'gt', field: 'price', value: { $money: { amount: '10', currency: 'EUR' } } },
        ['d1', 'd3'],
      ],
      [
        'money equal by amount value',
        { op: 'eq', field: 'price', value: { $money: { amount: '19.990', currency: 'EUR' } } },
        ['d1'],
      ],
      ['contains, with % and _ taken literally', { op: 'contains', field: 'customer.name', value: '100%_' }, ['d2']],
      ['contains a backslash', { op: 'contains', field: 'customer.name', value: '\\' }, ['d3']],
      ['startsWith with a quote', { op: 'startsWith', field: 'customer.name', value: "O'" }, ['d1']],
      ['endsWith, case-sensitive', { op: 'endsWith', field: 'customer.email', value: '.FR' }, []],
      ['endsWith', { op: 'endsWith', field: 'customer.email', value: '.fr' }, ['d1']],
      ['isNull: null or missing', { op: 'isNull', field: 'note' }, all],
      ['isNull on a nested path', { op: 'isNull', field: 'customer' }, ['d4', 'd5']],
      ['not', { op: 'not', of: { op: 'isNull', field: 'customer.email' } }, ['d1', 'd2']],
      ['an empty and', { op: 'and', of: [] }, all],
      ['an empty or', { op: 'or', of: [] }, []],
      [
        'or of two leaves',
        {
          op: 'or',
          of: [
            { op: 'eq', field: 'status', value: 'paid' },
            { op: 'gt', field: 'total', value: 120 },
          ],
        },
        ['d1', 'd2'],
      ],
      [
        'and of two leaves',
        {
          op: 'and',
          of: [
            { op: 'gt', field: 'total', value: 50 },
            { op: 'not', of: { op: 'eq', field: 'paid', value: true } },
          ],
        },
        ['d1', 'd4'],
      ],
      ['a key that needs quoting', { op: 'eq', field: 'odd key', value: 'yes' }, ['d4']],
    ])('%s', async (_, node, expected) => {
      expect(await matching(node)).toEqual(expected);
    });

    it('matches an in of 70,000 values (one array parameter) in well under a second', async () => {
      const values = Array.from({ length: 70_000 }, (_, i) => `status-${i}`);
      const started = performance.now();
      expect(await matching({ op: 'in', field: 'status', values: [...values, 'paid'] })).toEqual(['d2']);
      expect(await matching({ op: 'notIn', field: 'status', values: [...values, 'paid'] })).toEqual([
        'd1',
        'd3',
        'd4',
        'd5',
      ]);
      expect(await matching({ op: 'in', field: 'total', values: [...values.map((_, i) => i + 0.5), 100.5] })).toEqual([
        'd4',
      ]);
      expect(performance.now() - started).toBeLessThan(5000);
    });

    it('matches an in over mixed kinds and over a mapped column', async () => {
      const values = [
        'paid',
        150,
        { $money: { amount: '25.0', currency: 'EUR' } },
        { $money: { amount: '5', currency: 'USD' } },
      ];
      expect(await matching({ op: 'in', field: 'status', values })).toEqual(['d2']);
      expect(await matching({ op: 'in', field: 'total', values })).toEqual(['d1']);
      expect(await matching({ op: 'in', field: 'price', values })).toEqual(['d2', 'd3']);
      expect(
        await matching({ op: 'in', field: 'status', values: ['paid', 'Pending'] }, { columns: { status: 'status' } }),
      ).toEqual(['d2', 'd3']);
    });

    describe('dates written in any ISO 8601 form', () => {
      const dates = `"${schema}".dates`;
      const stored: Record<string, unknown> = {
        canonical: '2026-11-22T10:00:00.000Z',
        seconds: '2026-11-22T10:00:00Z',
        offset: '2026-11-22T11:00:00+01:00',
        micros: '2026-11-22T10:00:00.000001Z',
        later: '2026-11-22T10:00:01.000Z',
        impossible: '2026-02-30T10:00:00.000Z',
        hour25: '2026-11-22T25:00:00.000Z',
        yearZero: '0000-11-22T10:00:00.000Z',
        extended: '+010000-01-01T00:00:00.000Z',
        noOffset: '2026-11-22T10:00:00',
        text: 'tomorrow',
        number: 5,
      };
      beforeAll(async () => {
        await client().query(`CREATE TABLE ${dates} (id TEXT PRIMARY KEY, data JSONB NOT NULL)`);
        for (const [id, at] of Object.entries(stored)) {
          await client().query(`INSERT INTO ${dates} (id, data) VALUES ($1, $2::jsonb)`, [id, JSON.stringify({ at })]);
        }
      });
      const dated = async (node: Node): Promise<string[]> => {
        const { text, params } = toSql(node);
        const { rows } = await client().query<{ id: string }>(
          `SELECT id FROM ${dates} WHERE ${text} ORDER BY id`,
          params,
        );
        return rows.map((row) => row.id);
      };

      it('compares them as instants, and never raises on text that only looks like a date', async () => {
        const at = { $date: '2026-11-22T10:00:00.000Z' };
        expect(await dated({ op: 'eq', field: 'at', value: at })).toEqual(['canonical', 'offset', 'seconds']);
        expect(await dated({ op: 'in', field: 'at', values: [at, { $date: '2026-11-22T10:00:01Z' }] })).toEqual([
          'canonical',
          'later',
          'offset',
          'seconds',
        ]);
        expect(await dated({ op: 'gt', field: 'at', value: at })).toEqual(['later', 'micros']);
        expect(await dated({ op: 'lt', field: 'at', value: { $date: '9999-12-31T23:59:59.999Z' } })).toEqual([
          'canonical',
          'later',
          'micros',
          'offset',
          'seconds',
        ]);
        expect(await dated({ op: 'not', of: { op: 'gte', field: 'at', value: at } })).toEqual([
          'extended',
          'hour25',
          'impossible',
          'noOffset',
          'number',
          'text',
          'yearZero',
        ]);
      });
    });

    it('matches SQL-looking values literally and leaves the table alone', async () => {
      expect(await matching({ op: 'eq', field: 'status', value: "x'); DROP TABLE docs; --" })).toEqual(['d4']);
      expect(await matching({ op: 'eq', field: "a'); DROP TABLE docs; --", value: 'x' })).toEqual([]);
      const { rows } = await client().query(`SELECT count(*)::int AS n FROM ${docs}`);
      expect(rows).toEqual([{ n: 5 }]);
    });

    it('reads mapped columns as they are typed', async () => {
      expect(
        await matching({ op: 'eq', field: 'status', value: 'pending' }, { columns: { status: 'status' } }),
      ).toEqual(['d1']);
      expect(await matching({ op: 'isNull', field: 'status' }, { columns: { status: 'status' } })).toEqual(['d5']);
      expect(await matching({ op: 'startsWith', field: 'id', value: 'd' }, { columns: { id: 'id' } })).toEqual(all);
      expect(await matching({ op: 'ne', field: 'status', value: 'paid' }, { columns: { status: 'status' } })).toEqual([
        'd1',
        'd3',
        'd4',
        'd5',
      ]);
    });
    const sorted = async (keys: readonly SortKey[], columns: Record<string, string> = {}): Promise<string[]> => {
      const params: unknown[] = [];
      const bind = (value: unknown, type: string) => {
        params.push(value);
        return `$${params.length}::${type}`;
      };
      const items = orderBySql(keys, '"data"', new Map(Object.entries(columns).map(([f, c]) => [f, `"${c}"`])), bind);
      const { rows } = await client().query<{ id: string }>(
        `SELECT id FROM ${docs} ORDER BY ${[...items, 'id'].join(', ')}`,
        params,
      );
      return rows.map((row) => row.id);
    };

    it.each<[string, SortKey[], string[]]>([
      ['numbers by value, then other kinds, missing last', [{ field: 'total' }], ['d2', 'd4', 'd1', 'd3', 'd5']],
      [
        'descending: the exact reverse, missing first',
        [{ field: 'total', direction: 'desc' }],
        ['d5', 'd3', 'd1', 'd4', 'd2'],
      ],
      ['strings by code point', [{ field: 'status' }], ['d3', 'd2', 'd1', 'd4', 'd5']],
      ['money by amount', [{ field: 'price' }], ['d2', 'd1', 'd3', 'd4', 'd5']],
      ['booleans false first', [{ field: 'paid' }], ['d1', 'd2', 'd3', 'd4', 'd5']],
      ['ISO dates by time', [{ field: 'createdAt' }], ['d2', 'd1', 'd3', 'd4', 'd5']],
      [
        'several keys, then the id',
        [{ field: 'customer.email' }, { field: 'total', direction: 'desc' }],
        ['d1', 'd2', 'd5', 'd3', 'd4'],
      ],
      ['a key that needs quoting', [{ field: 'odd key', direction: 'desc' }], ['d1', 'd2', 'd3', 'd5', 'd4']],
    ])('orders %s', async (_, keys, expected) => {
      expect(await sorted(keys)).toEqual(expected);
    });

    it('orders a mapped column as it is typed', async () => {
      expect(await sorted([{ field: 'id', direction: 'desc' }], { id: 'id' })).toEqual(['d5', 'd4', 'd3', 'd2', 'd1']);
    });

    it.each<[string, unknown, string, string]>([
      ['a bad direction', [{ field: 'total', direction: 'up' }], 'orderBy.0.direction', 'invalid_direction'],
      ['an empty segment', [{ field: 'a..b' }], 'orderBy.0.field', 'invalid_field'],
      ['a prototype key', [{ field: 'total' }, { field: '__proto__' }], 'orderBy.1.field', 'invalid_field'],
      ['not an array', { field: 'total' }, 'orderBy', 'invalid_type'],
    ])('rejects %s as an order', (_, keys, field, rule) => {
      expect(() => orderBySql(keys as SortKey[], '"data"', new Map(), () => '$1')).toThrow(
        expect.objectContaining({ name: 'ValidationError', field, rule }),
      );
    });
  });
}
