import { describe, expect, it } from 'vitest';
import { defineId, Entity, type IdOf } from '../../src/index.js';

const LineId = defineId('Line');
type LineId = IdOf<typeof LineId>;

class Line extends Entity<LineId, { sku: string; quantity: number }> {
  constructor(id: LineId, sku: string, quantity: number) {
    super(id, { sku, quantity });
  }
  increase(by: number): void {
    this.state.quantity += by;
  }
}
class OtherLine extends Entity<LineId, { sku: string; quantity: number }> {
  constructor(id: LineId) {
    super(id, { sku: 'x', quantity: 1 });
  }
}

describe('Entity', () => {
  it('is equal by class and id, never by props', () => {
    const id = LineId.create();
    const a = new Line(id, 'A', 1);
    const b = new Line(id, 'B', 99);
    expect(a.equals(b)).toBe(true);
    expect(a.equals(new Line(LineId.create(), 'A', 1))).toBe(false);
    expect(a.equals(new OtherLine(id) as never)).toBe(false);
    expect(a.equals(null)).toBe(false);
    expect(a.equals(undefined)).toBe(false);
    expect(a.equals(a)).toBe(true);
  });

  it('changes its props only through its own methods', () => {
    const line = new Line(LineId.create(), 'A', 1);
    line.increase(2);
    expect(line.props).toEqual({ sku: 'A', quantity: 3 });
    expect(line.id).toMatch(/^[0-9a-f-]{36}$/);
  });
});
