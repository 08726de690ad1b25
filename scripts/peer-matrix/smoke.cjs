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
  'nestjs',
  'opentelemetry',
  'http',
  'nats',
];
for (const entry of entries) assert.ok(Object.keys(require(`tactical-ddd/${entry}`)).length > 0, entry);
const { openPGlite } = require('tactical-ddd/postgres');
const { CurrencyMismatchError, Money } = require('tactical-ddd/money');
const { toProblem } = require('tactical-ddd/http');
const { traceContextOf, traceMetadata } = require('tactical-ddd/opentelemetry');

(async () => {
  assert.throws(
    () => Money.of('1', 'USD').add(Money.of('1', 'EUR')),
    (e) => e instanceof CurrencyMismatchError && e instanceof core.DomainError,
  );
  assert.equal(toProblem(new CurrencyMismatchError('add', 'USD', 'EUR')).status, 422);
  assert.equal(toProblem(new Error('secret')).detail.includes('secret'), false);
  const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00';
  assert.equal(traceMetadata(traceContextOf({ traceparent })).traceparent, traceparent);
  const client = await openPGlite();
  const { rows } = await client.query('SELECT 40 + 2 AS answer');
  assert.equal(Number(rows[0].answer), 42);
  await client.close();
  const nest = await require('./nestSmoke.cjs')({
    common: require('@nestjs/common'),
    core: require('@nestjs/core'),
    root: core,
    cqrs: require('tactical-ddd/cqrs'),
    nestjs: require('tactical-ddd/nestjs'),
  });
  console.log(`smoke (CJS): every entry point, pglite, ${nest} ok`);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
