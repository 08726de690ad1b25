import { InvariantViolationError } from 'tactical-ddd';
import { Address, type AddressProps } from 'tactical-ddd/address';
import { type EventHandlers, EventSourcedAggregate } from 'tactical-ddd/event-sourcing';
import { type CurrencyCode, CurrencyMismatchError, Money } from 'tactical-ddd/money';
import {
  moneyOf,
  OrderCancelled,
  OrderConfirmed,
  OrderDelivered,
  type OrderEvent,
  OrderItemAdded,
  OrderPlaced,
  OrderShipped,
} from './events.js';
import { type CustomerId, OrderId, OrderItemId, type ProductId } from './ids.js';
import { OrderItem } from './OrderItem.js';
import type { OrderPrice } from './OrderPricingService.js';
import { cancellableStatuses, type OrderStatus } from './OrderStatus.js';

export interface OrderState {
  status: OrderStatus;
  /** `null` only on a blank order before its `OrderPlaced` event is applied. */
  customerId: CustomerId | null;
  currency: CurrencyCode | null;
  shippingAddress: Address | null;
  items: OrderItem[];
  placedAt: Date | null;
  cancelReason: string | null;
}

/** What a line needs: the product as the catalog priced it, and how many. */
export interface NewLine {
  readonly productId: ProductId;
  readonly productName: string;
  readonly unitPrice: Money;
  readonly quantity: number;
}

const blank = (): OrderState => ({
  status: 'pending',
  customerId: null,
  currency: null,
  shippingAddress: null,
  items: [],
  placedAt: null,
  cancelReason: null,
});

/**
 * The Order aggregate: its lines (`OrderItem` entities), its shipping address and its lifecycle.
 * Every change is an event applied by `when`, so the state and the events it publishes can never
 * disagree, and tests read as given/when/then. It is stored as state (one document), with its
 * events going to the outbox in the same transaction.
 */
export class Order extends EventSourcedAggregate<OrderId, OrderState, OrderEvent> {
  /** A blank order to rebuild from events or from a stored document; use `place` for a new one. */
  static blank(id: OrderId): Order {
    return new Order(id, blank());
  }

  /** Places a new, empty, pending order. Use `OrderFactory` to place one from a cart. */
  static place(input: { customerId: CustomerId; currency: CurrencyCode; shippingAddress: Address }): Order {
    const order = Order.blank(OrderId.create());
    const shippingAddress = input.shippingAddress.toJSON() as AddressProps;
    order.raise(OrderPlaced({ customerId: input.customerId, currency: input.currency, shippingAddress }));
    return order;
  }

  /** Restores a stored order (the repository sets the version). */
  static restore(id: OrderId, state: OrderState): Order {
    return new Order(id, state);
  }

  protected readonly when: EventHandlers<OrderState, OrderEvent> = {
    OrderPlaced: (state, event) => {
      state.customerId = event.payload.customerId;
      state.currency = event.payload.currency as CurrencyCode;
      state.shippingAddress = Address.fromJSON(event.payload.shippingAddress);
      state.placedAt = new Date(event.occurredAt);
    },
    OrderItemAdded: (state, { payload }) => {
      const existing = state.items.find((item) => item.id === payload.itemId);
      if (existing !== undefined) existing.increase(payload.quantity);
      else {
        state.items.push(
          OrderItem.create(payload.itemId, {
            productId: payload.productId,
            productName: payload.productName,
            unitPrice: moneyOf(payload.unitPrice),
            quantity: payload.quantity,
          }),
        );
      }
    },
    OrderConfirmed: (state) => {
      state.status = 'confirmed';
    },
    OrderCancelled: (state, event) => {
      state.status = 'cancelled';
      state.cancelReason = event.payload.reason;
    },
    OrderShipped: (state) => {
      state.status = 'shipped';
    },
    OrderDelivered: (state) => {
      state.status = 'delivered';
    },
  };

  get status(): OrderStatus {
    return this.state.status;
  }

  get customerId(): CustomerId {
    return this.placed().customerId;
  }

  get currency(): CurrencyCode {
    return this.placed().currency;
  }

  get items(): readonly OrderItem[] {
    return this.state.items;
  }

  /** The sum of the lines (zero for an empty order). */
  get subtotal(): Money {
    return Money.sum(
      this.state.items.map((item) => item.lineTotal),
      this.currency,
    );
  }

  /**
   * Adds a line, or raises the quantity of the line that has this product already.
   *
   * @throws InvariantViolationError `order.not_pending` unless the order is pending.
   * @throws CurrencyMismatchError when the price is not in the order's currency.
   */
  addItem(line: NewLine): void {
    this.requireStatus('pending', 'order.not_pending', 'Items can only be added to a pending order');
    if (line.unitPrice.currency !== this.currency) {
      throw new CurrencyMismatchError('addItem', this.currency, line.unitPrice.currency);
    }
    const existing = this.state.items.find((item) => item.productId === line.productId);
    const item = OrderItem.create(existing?.id ?? OrderItemId.create(), {
      productId: line.productId,
      productName: line.productName,
      unitPrice: line.unitPrice,
      quantity: line.quantity,
    });
    this.raise(
      OrderItemAdded({
        itemId: item.id,
        productId: line.productId,
        productName: line.productName,
        unitPrice: line.unitPrice.toJSON(),
        quantity: line.quantity,
      }),
    );
  }

  /**
   * Confirms the order at the price the pricing service worked out.
   *
   * @throws InvariantViolationError `order.not_pending` unless pending, `order.empty` without lines.
   */
  confirm(price: OrderPrice): void {
    this.requireStatus('pending', 'order.not_pending', 'Only a pending order can be confirmed');
    if (this.state.items.length === 0) {
      throw new InvariantViolationError('order.empty', 'Cannot confirm an empty order');
    }
    this.raise(
      OrderConfirmed({
        lines: this.state.items.map((item) => ({ productId: item.productId, quantity: item.quantity })),
        subtotal: price.subtotal.toJSON(),
        shipping: price.shipping.toJSON(),
        total: price.total.toJSON(),
      }),
    );
  }

  /**
   * Cancels the order until it ships.
   *
   * @throws InvariantViolationError `order.not_cancellable` once shipped, delivered or cancelled.
   */
  cancel(reason: string): void {
    if (!cancellableStatuses.includes(this.state.status)) {
      throw new InvariantViolationError(
        'order.not_cancellable',
        `A ${this.state.status} order cannot be cancelled (only ${cancellableStatuses.join(' or ')})`,
      );
    }
    this.raise(OrderCancelled({ reason }));
  }

  /** @throws InvariantViolationError `order.not_confirmed` unless confirmed. */
  ship(): void {
    this.requireStatus('confirmed', 'order.not_confirmed', 'Only a confirmed order can be shipped');
    this.raise(OrderShipped({}));
  }

  /** @throws InvariantViolationError `order.not_shipped` unless shipped. */
  deliver(): void {
    this.requireStatus('shipped', 'order.not_shipped', 'Only a shipped order can be delivered');
    this.raise(OrderDelivered({}));
  }

  private requireStatus(status: OrderStatus, invariant: string, message: string): void {
    if (this.state.status !== status) {
      throw new InvariantViolationError(invariant, `${message}; this one is ${this.state.status}`);
    }
  }

  private placed(): { customerId: CustomerId; currency: CurrencyCode } {
    const { customerId, currency } = this.state;
    if (customerId === null || currency === null) {
      throw new InvariantViolationError('order.placed', `Order ${this.id} has not been placed`);
    }
    return { customerId, currency };
  }
}
