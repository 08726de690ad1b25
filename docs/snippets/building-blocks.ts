// #region ids
import { defineId, type IdOf } from 'tactical-ddd';

export const CustomerId = defineId('Customer');
export type CustomerId = IdOf<typeof CustomerId>;
export const ProductId = defineId('Product');
export type ProductId = IdOf<typeof ProductId>;

export function lookUp(raw: unknown): CustomerId {
  return CustomerId.parse(raw); // ValidationError unless raw is a uuid; normalised to lower case
}

// #endregion ids

// #region entity
import { Entity, InvariantViolationError } from 'tactical-ddd';

interface ContactProps {
  name: string;
  email: string;
}

/** An entity: the same contact even after its email changes. */
export class Contact extends Entity<CustomerId, ContactProps> {
  constructor(id: CustomerId, props: ContactProps) {
    super(id, props);
  }

  changeEmail(email: string): void {
    if (!email.includes('@')) throw new InvariantViolationError('contact.email', `Not an email: ${email}`);
    this.state.email = email;
  }
}

// #endregion entity

// #region value-object
import { defineValueObject } from 'tactical-ddd';
import * as z from 'zod';

/** A value object: equal to any other with the same values; never changes. */
export class DateRange extends defineValueObject(
  'DateRange',
  z
    .strictObject({ start: z.iso.date(), end: z.iso.date() })
    .refine((range) => range.start <= range.end, { message: 'start must not be after end', path: ['end'] }),
) {
  get nights(): number {
    return (Date.parse(this.props.end) - Date.parse(this.props.start)) / 86_400_000;
  }
}

// #endregion value-object

// #region factory
import type { Factory } from 'tactical-ddd';

export interface SignUp {
  readonly name: string;
  readonly email: string;
}

/** A factory: a named place for creation rules. */
export const contactFactory: Factory<SignUp, Contact> = {
  create({ name, email }) {
    const contact = new Contact(CustomerId.create(), { name: name.trim(), email: '' });
    contact.changeEmail(email.trim().toLowerCase());
    return contact;
  },
};
// #endregion factory
