// #region money
import { Money } from 'tactical-ddd/money';

const price = Money.of('19.99', 'USD');
const shipping = Money.of('4.01', 'USD');
export const total = price.add(shipping); // 24.00 USD, exact
export const withTax = total.multiply('1.0825'); // 25.98 USD, half-even by default
export const shares = Money.of('100.00', 'USD').allocate([1, 1, 1]); // 33.34, 33.33, 33.33
export const json = JSON.stringify(total); // {"amount":"24.00","currency":"USD"}
export const yen = Money.of('1500', 'JPY'); // no minor unit: '1500.5' would be a ValidationError

// price.add(Money.of('1.00', 'EUR')); // does not compile: Money<'EUR'> is not Money<'USD'>
// #endregion money

// #region exchange-rate
import { ExchangeRate } from 'tactical-ddd/money';

const eurToJpy = ExchangeRate.of('EUR', 'JPY', '162.4351'); // one EUR buys 162.4351 JPY
export const inYen = Money.of('100.00', 'EUR').convert(eurToJpy); // 16244 JPY, half-even
export const roundedDown = Money.of('100.00', 'EUR').convert(eurToJpy, 'floor'); // 16243 JPY
export const rateJson = JSON.stringify(eurToJpy); // store or send the rate you used
// Money.of('1.00', 'USD').convert(eurToJpy); // does not compile: the rate is from EUR
// #endregion exchange-rate
