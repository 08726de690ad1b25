// The same package from CommonJS: every entry point but the vitest-based test kit loads with
// require(), and the PGlite adapter loads its peer from there too.
const assert = require('node:assert/strict');
const core = require('tactical-ddd');
const entries = [
  'address',
  'cqrs',
  'event-sourcing',
  'money',
  'specification',
  'postgres',
  'rabbitmq',
  'redis',
  'nats',
];
for (const entry of entries) assert.ok(Object.keys(require(`tactical-ddd/${entry}`)).length > 0, entry);
const { openPGlite } = require('tactical-ddd/postgres');
const { CurrencyMismatchError, Money } = require('tactical-ddd/money');

(async () => {
  assert.throws(
    () => Money.of('1', 'USD').add(Money.of('1', 'EUR')),
    (e) => e instanceof CurrencyMismatchError && e instanceof core.DomainError,
  );
  const client = await openPGlite();
  const { rows } = await client.query('SELECT 40 + 2 AS answer');
  assert.equal(Number(rows[0].answer), 42);
  await client.close();
  console.log('smoke (CJS): every entry point, pglite ok');
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
