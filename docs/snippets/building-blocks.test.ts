import { InvariantViolationError, ValidationError } from 'tactical-ddd';
import { describe, expect, it } from 'vitest';
import { Contact, CustomerId, contactFactory, DateRange, lookUp } from './building-blocks.js';

describe('the building-blocks guide', () => {
  it('parses ids at the edge', () => {
    const id = CustomerId.create();
    expect(lookUp(id.toUpperCase())).toBe(id);
    expect(() => lookUp('customer-1')).toThrow(ValidationError);
  });

  it('compares entities by identity', () => {
    const id = CustomerId.create();
    const before = new Contact(id, { name: 'Ada', email: 'ada@example.com' });
    const after = new Contact(id, { name: 'Ada', email: 'ada@example.com' });
    after.changeEmail('ada@example.org');
    expect(before.equals(after)).toBe(true);
    expect(() => after.changeEmail('nope')).toThrow(InvariantViolationError);
  });

  // #region value-object-use
  it('compares value objects by value and validates every change', () => {
    const stay = DateRange.create({ start: '2026-12-24', end: '2026-12-27' });
    expect(stay.nights).toBe(3);
    expect(stay.equals(DateRange.create({ end: '2026-12-27', start: '2026-12-24' }))).toBe(true);
    expect(() => stay.with({ end: '2026-12-01' })).toThrow(ValidationError); // end before start
    const attempt = DateRange.safeCreate({ start: '2026-12-24', end: 'soon' });
    expect(attempt.success).toBe(false);
    if (!attempt.success) expect([attempt.error.field, attempt.error.rule]).toEqual(['end', 'invalid_format']);
  });
  // #endregion value-object-use

  it('creates through a factory', async () => {
    const contact = await contactFactory.create({ name: ' Ada ', email: ' ADA@Example.com ' });
    expect(contact.props).toEqual({ name: 'Ada', email: 'ada@example.com' });
  });
});
