import type { CountryCode } from 'tactical-ddd/address';
import { Money } from 'tactical-ddd/money';
import type { Order } from './Order.js';

/** What an order costs: its lines, shipping, and both together. */
export interface OrderPrice {
  readonly subtotal: Money;
  readonly shipping: Money;
  readonly total: Money;
}

/** The shipping rule: a flat fee per destination, waived from a threshold. */
export interface ShippingPolicy {
  /** Where the warehouse is: shipping there is domestic. */
  readonly origin: CountryCode;
  /** In the order's currency, as a decimal string: `'5.00'`. */
  readonly domesticFee: string;
  readonly internationalFee: string;
  /** Orders from this subtotal ship free. */
  readonly freeFrom: string;
}

export const defaultShippingPolicy: ShippingPolicy = {
  origin: 'US',
  domesticFee: '5.00',
  internationalFee: '15.00',
  freeFrom: '100.00',
};

/**
 * A domain service: pricing needs the order and a policy that belongs to no single aggregate, so
 * it lives outside `Order` and is handed to `Order.confirm`. Pure, with no I/O: the catalog prices
 * were fixed on the lines when they were added.
 */
export class OrderPricingService {
  constructor(private readonly policy: ShippingPolicy = defaultShippingPolicy) {}

  price(order: Order): OrderPrice {
    const currency = order.currency;
    const subtotal = order.subtotal;
    const domestic = order.props.shippingAddress?.country === this.policy.origin;
    const shipping =
      subtotal.isZero() || subtotal.greaterThanOrEqual(Money.of(this.policy.freeFrom, currency))
        ? Money.zero(currency)
        : Money.of(domestic ? this.policy.domesticFee : this.policy.internationalFee, currency);
    return { subtotal, shipping, total: subtotal.add(shipping) };
  }
}
