import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { cloneDeep } from '../../src/core/cloneDeep.js';

class Box {
  constructor(
    public items: string[],
    public when: Date,
  ) {}
  count(): number {
    return this.items.length;
  }
}

describe('cloneDeep', () => {
  it('copies mutable structures and keeps prototypes', () => {
    const box = new Box(['a'], new Date(0));
    const original = { box, map: new Map([['k', { v: 1 }]]), set: new Set([1]), amount: new Decimal('1.5') };
    const copy = cloneDeep(original);
    expect(copy.box).toBeInstanceOf(Box);
    expect(copy.box).not.toBe(box);
    expect(copy.box.count()).toBe(1);
    copy.box.items.push('b');
    copy.box.when.setTime(5);
    (copy.map.get('k') as { v: number }).v = 2;
    copy.set.add(2);
    expect(box.items).toEqual(['a']);
    expect(box.when.getTime()).toBe(0);
    expect(original.map.get('k')?.v).toBe(1);
    expect(original.set.size).toBe(1);
    expect(copy.amount.equals(original.amount)).toBe(true);
  });

  it('shares frozen values and keeps cycles', () => {
    const frozen = Object.freeze({ a: 1 });
    const node: { self?: unknown; frozen: object } = { frozen };
    node.self = node;
    const copy = cloneDeep(node);
    expect(copy.frozen).toBe(frozen);
    expect(copy.self).toBe(copy);
  });
});
