import { describe, expectTypeOf, it } from 'vitest';
import type * as z from 'zod';
import { Address } from '../../src/address/Address.js';
import type { AddressInput, AddressProps } from '../../src/address/AddressProps.js';
import type { CountryCode } from '../../src/address/countries.js';
import type { SafeCreateResult } from '../../src/core/defineValueObject.js';

declare const address: Address;

describe('CountryCode', () => {
  it('is the union of the assigned codes', () => {
    expectTypeOf<'US'>().toExtend<CountryCode>();
    expectTypeOf<'DE'>().toExtend<CountryCode>();
    expectTypeOf<'XX'>().not.toExtend<CountryCode>();
    expectTypeOf<'XK'>().not.toExtend<CountryCode>();
    expectTypeOf<string>().not.toExtend<CountryCode>();
    // @ts-expect-error 'XX' is not an ISO 3166-1 code
    const unknown: CountryCode = 'XX';
    // @ts-expect-error the United Kingdom is 'GB'
    const uk: CountryCode = 'UK';
    expectTypeOf([unknown, uk]).toEqualTypeOf<CountryCode[]>();
  });
});

describe('Address', () => {
  it('infers its props', () => {
    expectTypeOf(address.props.country).toEqualTypeOf<CountryCode>();
    expectTypeOf(address.props.lines).toEqualTypeOf<readonly string[]>();
    expectTypeOf(address.props.locality).toEqualTypeOf<string>();
    expectTypeOf(address.props.region).toEqualTypeOf<string | undefined>();
    expectTypeOf(address.props.postalCode).toEqualTypeOf<string | undefined>();
    expectTypeOf(address.country).toEqualTypeOf<CountryCode>();
    expectTypeOf(address.toJSON()).toExtend<AddressProps>();
    expectTypeOf<z.output<typeof Address.schema>>().toEqualTypeOf<AddressProps>();
    expectTypeOf<z.input<typeof Address.schema>>().toEqualTypeOf<AddressInput>();
  });

  it('types create, safeCreate, fromJSON and with', () => {
    expectTypeOf(Address.create).parameter(0).toEqualTypeOf<AddressInput>();
    const made = Address.create({
      lines: ['1 Main St'],
      locality: 'Springfield',
      region: 'IL',
      postalCode: '62701',
      country: 'US',
    });
    expectTypeOf(made).toEqualTypeOf<Address>();
    expectTypeOf(Address.create({ lines: ['a', 'b', 'c'], locality: 'x', country: 'us' })).toEqualTypeOf<Address>();
    expectTypeOf(Address.safeCreate({})).toEqualTypeOf<SafeCreateResult<Address>>();
    expectTypeOf(Address.fromJSON({})).toEqualTypeOf<Address>();
    expectTypeOf(address.with({ locality: 'Shelbyville' })).toEqualTypeOf<Address>();
    expectTypeOf(address.format()).toEqualTypeOf<string>();
    expectTypeOf(address.formatLines({ omitCountry: true })).toEqualTypeOf<readonly string[]>();
  });

  it('rejects what the compiler can catch', () => {
    // @ts-expect-error unknown country code
    Address.create({ lines: ['1 Main St'], locality: 'x', postalCode: '1', country: 'XX' });
    // @ts-expect-error at most 3 street lines
    Address.create({ lines: ['a', 'b', 'c', 'd'], locality: 'x', country: 'DE' });
    // @ts-expect-error at least one street line
    Address.create({ lines: [], locality: 'x', country: 'DE' });
    // @ts-expect-error locality is required
    Address.create({ lines: ['a'], country: 'DE' });
    // @ts-expect-error props are read-only
    address.props.locality = 'x';
    // @ts-expect-error street lines are read-only
    address.props.lines.push('x');
    // @ts-expect-error the constructor is not for users
    new Address({ lines: ['a'], locality: 'x', country: 'DE' });
  });
});
