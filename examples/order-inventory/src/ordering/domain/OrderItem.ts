import { Entity, InvariantViolationError } from 'tactical-ddd';
import type { Money } from 'tactical-ddd/money';
import type { OrderItemId, ProductId } from './ids.js';

export interface OrderItemProps {
  productId: ProductId;
  /** The name when it was added: the order keeps what the customer saw. */
  productName: string;
  unitPrice: Money;
  quantity: number;
}

/**
 * One line of an order: an entity (it has an id, and its quantity changes) that lives and dies
 * with its `Order`. Only the aggregate changes it.
 */
export class OrderItem extends Entity<OrderItemId, OrderItemProps> {
  static create(id: OrderItemId, props: OrderItemProps): OrderItem {
    if (!Number.isSafeInteger(props.quantity) || props.quantity <= 0) {
      throw new InvariantViolationError('order_item.positive_quantity', 'An order line needs a positive quantity');
    }
    return new OrderItem(id, { ...props });
  }

  get productId(): ProductId {
    return this.state.productId;
  }

  get quantity(): number {
    return this.state.quantity;
  }

  get unitPrice(): Money {
    return this.state.unitPrice;
  }

  /** The unit price times the quantity. */
  get lineTotal(): Money {
    return this.state.unitPrice.multiply(this.state.quantity);
  }

  /** Raises the quantity when the same product is added again. */
  increase(quantity: number): void {
    this.state.quantity += quantity;
  }
}
