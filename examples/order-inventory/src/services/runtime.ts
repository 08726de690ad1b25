import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import type { MessagePublisher } from 'tactical-ddd';
import type { EventDelivery } from '../app/delivery.js';
import type { Stores } from '../app/stores.js';
import type { HttpEnv } from '../shared/http.js';
import type { InboxStats } from './messaging.js';

/** A service process's running parts. */
export interface RunningService {
  readonly name: string;
  readonly port: number;
  readonly url: string;
  /** Stops HTTP, the relay, the consumer, the publisher and the database, in that order. */
  stop(): Promise<void>;
}

/** Serves a Hono app on 127.0.0.1 (port 0: a free one) and resolves once it listens. */
export async function listen(http: Hono<HttpEnv>, port: number): Promise<{ port: number; close: () => Promise<void> }> {
  const server = serve({ fetch: http.fetch, port, hostname: '127.0.0.1' }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('listening', () => resolve());
    server.once('error', reject);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** What a bounded-context service is made of. */
export interface ServiceParts {
  readonly name: string;
  readonly http: Hono<HttpEnv>;
  readonly port: number;
  readonly stores: Stores;
  readonly stats: InboxStats;
  readonly consumer: { start(): Promise<void>; stop(): Promise<void> };
  /** The partitions each of the service's partitioned consumers reads now, for `GET /health`. */
  readonly partitions?: () => readonly (readonly number[])[];
  readonly delivery: EventDelivery;
  readonly publisher: MessagePublisher & { close(): Promise<void> };
}

/**
 * Starts a service: its consumer first (declaring its queue, so nothing published to it is
 * dropped), then its relay, then HTTP with `GET /health` (the inbox's counts, and the partitions
 * each consumer reads).
 */
export async function startService(parts: ServiceParts): Promise<RunningService> {
  const { name, http, stores, stats, consumer, delivery, publisher } = parts;
  http.get('/health', (c) =>
    c.json({
      service: name,
      status: 'ok',
      store: stores.kind,
      inbox: stats,
      ...(parts.partitions === undefined ? {} : { partitions: parts.partitions() }),
    }),
  );
  try {
    await consumer.start();
    delivery.start();
  } catch (error) {
    await delivery.stop();
    await publisher.close().catch(() => undefined);
    await stores.close();
    throw error;
  }
  const server = await listen(http, parts.port);
  return {
    name,
    port: server.port,
    url: `http://127.0.0.1:${server.port}`,
    stop: async () => {
      await server.close();
      await delivery.stop();
      await consumer.stop();
      await publisher.close();
      await stores.close();
    },
  };
}
