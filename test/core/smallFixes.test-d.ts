import type { Decimal } from 'decimal.js';
import { describe, expectTypeOf, it } from 'vitest';
import * as z from 'zod';
import type { Address } from '../../src/address/index.js';
import { type DeepReadonly, defineId, defineValueObject, Entity, type IdOf } from '../../src/index.js';
import type { Money } from '../../src/money/index.js';

const MemberId = defineId('Member');
type MemberId = IdOf<typeof MemberId>;
class Email extends defineValueObject('Email', z.strictObject({ value: z.email() })) {}

class Member extends Entity<
  MemberId,
  { email: Email; home: Address; dues: Money<'EUR'>; rate: Decimal; tags: string[] }
> {}

describe('DeepReadonly keeps values that guard themselves', () => {
  it('leaves value objects, Money and Decimal inside props with their class type', () => {
    const member = {} as Member;
    expectTypeOf(member.props.email).toEqualTypeOf<Email>();
    expectTypeOf(member.props.home).toEqualTypeOf<Address>();
    expectTypeOf(member.props.dues).toEqualTypeOf<Money<'EUR'>>();
    expectTypeOf(member.props.rate).toEqualTypeOf<Decimal>();
    expectTypeOf(member.props.tags).toEqualTypeOf<readonly string[]>();
    expectTypeOf(member.props.home.equals).toBeCallableWith({} as Address);
    expectTypeOf<DeepReadonly<{ nested: { list: Email[] } }>>().toEqualTypeOf<{
      readonly nested: { readonly list: readonly Email[] };
    }>();
  });
});
