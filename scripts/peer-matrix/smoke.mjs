// Smoke test of the installed package with the peer versions of this project (ESM): every
// optional peer is loaded and used through the adapter that needs it, against real servers.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect as connectNats } from '@nats-io/transport-node';
import * as common from '@nestjs/common';
import * as core from '@nestjs/core';
import { connect } from 'amqplib';
import { Redis } from 'ioredis';
import * as root from 'tactical-ddd';
import { DomainError, defineId, NotFoundError, ValidationError } from 'tactical-ddd';
import * as cqrs from 'tactical-ddd/cqrs';
import { CommandBus, defineCommand } from 'tactical-ddd/cqrs';
import { toProblem } from 'tactical-ddd/http';
import { Money } from 'tactical-ddd/money';
import { NatsPublisher } from 'tactical-ddd/nats';
import * as nestjs from 'tactical-ddd/nestjs';
import { openTelemetry, traceContextOf, traceMetadata } from 'tactical-ddd/opentelemetry';
import { connectPg, migrate, openPGlite } from 'tactical-ddd/postgres';
import { RabbitMQPublisher } from 'tactical-ddd/rabbitmq';
import { RedisStreamPublisher } from 'tactical-ddd/redis';
import * as z from 'zod';
import nestSmoke from './nestSmoke.cjs';

const unique = `peer-matrix-${randomUUID().slice(0, 8)}`;
const event = () => ({
  id: randomUUID(),
  type: 'ItemShipped',
  schemaVersion: 1,
  aggregateId: 'warehouse-1',
  aggregateVersion: 1,
  occurredAt: new Date().toISOString(),
  payload: { sku: 'ABC-123', quantity: 2 },
  metadata: { correlationId: unique },
});

// zod (the one required peer): ids and their validation errors.
const OrderId = defineId('Order');
assert.match(OrderId.create(), /^[0-9a-f-]{36}$/);
assert.throws(
  () => OrderId.parse('nope'),
  (e) => e instanceof ValidationError && e instanceof DomainError,
);
assert.equal(Money.of('19.99', 'USD').add(Money.of('0.01', 'USD')).toJSON().amount, '20.00');

// @electric-sql/pglite: migrations and a round trip.
const pglite = await openPGlite();
try {
  await migrate(pglite);
  const { rows } = await pglite.query('SELECT 1 + 1 AS two');
  assert.equal(Number(rows[0].two), 2);
} finally {
  await pglite.close();
}

// pg: migrations into a schema of its own, dropped afterwards.
const pg = await connectPg(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
try {
  const schema = unique.replaceAll('-', '_');
  await migrate(pg, { schema });
  const { rows } = await pg.query(`SELECT count(*) AS n FROM pg_tables WHERE schemaname = $1`, [schema]);
  assert.ok(Number(rows[0].n) > 0);
  await pg.query(`DROP SCHEMA "${schema}" CASCADE`);
} finally {
  await pg.close();
}

// ioredis: the publisher appends the envelope to a stream.
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
try {
  const sent = event();
  await new RedisStreamPublisher({ redis, stream: unique }).publish(sent);
  const entries = await redis.xrange(unique, '-', '+');
  assert.equal(entries.length, 1);
  assert.ok(entries[0][1].join(' ').includes(sent.id));
} finally {
  await redis.del(unique);
  redis.disconnect();
}

// amqplib: the publisher's confirmed message reaches a queue bound to its exchange.
const url = process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const connection = await connect(url);
const channel = await connection.createChannel();
const publisher = new RabbitMQPublisher({ url, exchange: unique });
try {
  await channel.assertExchange(unique, 'topic', { durable: true });
  await channel.assertQueue(unique, { exclusive: true });
  await channel.bindQueue(unique, unique, '#');
  const sent = event();
  await publisher.publish(sent);
  let message = false;
  for (let i = 0; i < 100 && message === false; i++) {
    message = await channel.get(unique, { noAck: true });
    if (message === false) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.ok(message, 'the message reached the queue');
  assert.ok(message.content.toString().includes(sent.id));
} finally {
  await publisher.close();
  await channel.deleteExchange(unique);
  await connection.close();
}

// @nats-io/transport-node and @nats-io/jetstream: the publisher stores the envelope in a stream,
// with the event id as Nats-Msg-Id.
const nats = await connectNats({ servers: process.env.NATS_URL ?? '127.0.0.1:4222' });
const jsm = await jetstreamManager(nats);
try {
  const sent = event();
  await new NatsPublisher({ connection: nats, stream: unique }).publish(sent);
  const stored = await jsm.streams.getMessage(unique, { seq: 1 });
  assert.equal(stored.header.get('Nats-Msg-Id'), sent.id);
  assert.ok(stored.string().includes(sent.id));
} finally {
  await jsm.streams.delete(unique).catch(() => false);
  await nats.close();
}

// @opentelemetry/api (no SDK registered: its no-op tracer): the observer hands the caller's trace
// context on to the handler, and the W3C trace context round-trips through metadata.
const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
assert.equal(traceMetadata(traceContextOf({ traceparent })).traceparent, traceparent);
const Ping = defineCommand('Ping', z.object({}));
const bus = new CommandBus({ observer: openTelemetry() }).register(
  Ping,
  (_command, context) => context.metadata.traceparent,
);
assert.equal(await bus.dispatch(Ping({}), { metadata: { traceparent } }), traceparent);
assert.equal(toProblem(new NotFoundError('Order', 'o-1')).status, 404);

// @nestjs/common and @nestjs/core: the module boots, dispatches, relays and refuses duplicates.
const nest = await nestSmoke({ common, core, root, cqrs, nestjs });

console.log(`smoke (ESM): zod, pglite, pg, ioredis, amqplib, nats, @opentelemetry/api, ${nest} ok`);
