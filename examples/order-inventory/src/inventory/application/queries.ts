import { defineQuery } from 'tactical-ddd/cqrs';
import type { MoneyJSON } from 'tactical-ddd/money';
import * as z from 'zod';
import { ProductId } from '../domain/ids.js';
import type { Product } from '../domain/Product.js';

export interface ProductView {
  readonly productId: string;
  readonly sku: string;
  readonly name: string;
  readonly price: MoneyJSON;
  readonly onHand: number;
  readonly reserved: number;
  readonly available: number;
}

export const toProductView = (product: Product): ProductView => ({
  productId: product.id,
  sku: product.props.sku,
  name: product.name,
  price: product.price.toJSON(),
  onHand: product.props.onHand,
  reserved: product.props.reserved,
  available: product.available,
});

export const GetProduct = defineQuery('GetProduct', z.object({ productId: ProductId.schema }), z.custom<ProductView>());
export const ListProducts = defineQuery('ListProducts', z.object({}), z.custom<readonly ProductView[]>());
