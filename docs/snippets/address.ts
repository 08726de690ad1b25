// #region address
import { Address } from 'tactical-ddd/address';

export const office = Address.create({
  lines: ['1600  Pennsylvania Ave NW'], // whitespace is normalised
  locality: 'Washington',
  region: 'dc', // upper-cased; required and checked for US, CA, AU…
  postalCode: '20500',
  country: 'us', // ISO 3166-1 alpha-2; 'XX' does not compile
});

export const label = office.format();
// 1600 Pennsylvania Ave NW
// Washington, DC 20500
// United States

export const london = Address.create({
  lines: ['10 Downing St'],
  locality: 'London',
  postalCode: 'sw1a2aa',
  country: 'GB',
});
// london.props.postalCode === 'SW1A 2AA': the canonical form, so equal addresses are equal
// #endregion address
