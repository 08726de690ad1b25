import { SubjectForgottenError } from 'tactical-ddd/event-sourcing';
import { openPGlite } from 'tactical-ddd/postgres';
import { expect, it } from 'vitest';
import { Customer, events, openCustomerStore, registerAndForget } from './crypto-shredding.js';

it('reads personal fields in clear, then as null once the customer is forgotten', async () => {
  const customerId = crypto.randomUUID();
  const { before, after } = await registerAndForget(customerId);
  expect(before).toMatchObject({ name: 'Zoë Ångström', email: 'zoe@example.com', country: 'SE' });
  expect(after).toEqual({ customerId, name: null, email: null, country: 'SE' });
  // Nothing new is sealed for a forgotten customer.
  await expect(registerAndForget(customerId)).rejects.toBeInstanceOf(SubjectForgottenError);
  expect(await events.readStream(customerId)).toHaveLength(1);
});

it('forgets a customer of a postgresStore: its events still rehydrate, with null personal fields', async () => {
  const client = await openPGlite();
  try {
    const { store, shredder } = await openCustomerStore(client);
    const id = crypto.randomUUID();
    await store.transaction((s) => s.customers.add(Customer.register(id, 'Ada Lovelace', 'ada@example.com', 'GB')));
    expect((await store.customers.getById(id)).props.name).toBe('Ada Lovelace');
    await shredder.forget(id);
    expect((await store.customers.getById(id)).props).toEqual({ customerId: id, name: null, country: 'GB' });
    const { rows } = await client.query<{ row: string }>('SELECT t::text AS row FROM ddd_outbox t');
    expect(rows.length).toBe(1);
    expect(rows[0]?.row).not.toContain('Ada Lovelace');
  } finally {
    await client.close();
  }
}, 60_000);
