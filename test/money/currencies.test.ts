import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { amendments } from '../../scripts/generate-currencies.js';
import { currencies } from '../../src/money/currencies.js';

interface SourceRecord {
  readonly code: string;
  readonly number: string;
  readonly digits: number;
  readonly currency: string;
}

const require = createRequire(import.meta.url);
const source = require('currency-codes/data') as SourceRecord[];
const removed = new Set(amendments.flatMap((a) => (a.remove === undefined ? [] : [a.remove])));
const added = amendments.flatMap((a) => (a.add === undefined ? [] : [a.add]));

describe('currencies (generated from currency-codes and the later ISO 4217 amendments)', () => {
  it('holds every code of the source list, with its numeric code, name and minor units', () => {
    for (const record of source) {
      if (removed.has(record.code)) continue;
      const entry = (currencies as Record<string, unknown>)[record.code];
      expect(entry, record.code).toEqual({
        code: record.code,
        numeric: record.number,
        name: record.currency.trim(),
        minorUnits: record.digits,
      });
    }
  });

  it('applies the amendments published after the source list', () => {
    for (const code of removed) expect(Object.hasOwn(currencies, code), code).toBe(false);
    for (const row of added) {
      expect((currencies as Record<string, unknown>)[row.code]).toEqual({
        code: row.code,
        numeric: row.numeric,
        name: row.name,
        minorUnits: row.minorUnits,
      });
    }
  });

  it('holds nothing else, keyed by each entry’s own code, sorted', () => {
    const expected = new Set([
      ...source.map((r) => r.code).filter((c) => !removed.has(c)),
      ...added.map((r) => r.code),
    ]);
    const codes = Object.keys(currencies);
    expect(new Set(codes)).toEqual(expected);
    expect(codes).toEqual([...codes].sort());
    for (const [code, entry] of Object.entries(currencies)) expect(entry.code).toBe(code);
  });

  it('knows the minor units the issue names', () => {
    expect(currencies.JPY.minorUnits).toBe(0);
    expect(currencies.USD.minorUnits).toBe(2);
    expect(currencies.KWD.minorUnits).toBe(3);
    expect(currencies.CLF.minorUnits).toBe(4);
    expect(currencies.XCG.minorUnits).toBe(2);
  });

  it('is frozen all the way down', () => {
    expect(Object.isFrozen(currencies)).toBe(true);
    expect(Object.isFrozen(currencies.USD)).toBe(true);
    expect(() => {
      (currencies.USD as { minorUnits: number }).minorUnits = 5;
    }).toThrow(TypeError);
  });
});
