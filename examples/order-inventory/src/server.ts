import { serve } from '@hono/node-server';
import { type AppOptions, createApp } from './app/createApp.js';
import { openStores, storeChoiceFrom } from './app/stores.js';

/** Starts the API: `npm start -- --db pglite --port 3000`. */
export async function startServer(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  options: Omit<AppOptions, 'stores'> = {},
) {
  const portFlag = argv.indexOf('--port');
  const port = Number(portFlag >= 0 ? argv[portFlag + 1] : (env.PORT ?? 3000));
  if (!Number.isSafeInteger(port) || port < 0) throw new Error(`--port takes a port number, not ${port}`);
  const choice = storeChoiceFrom(argv, env);
  const stores = await openStores(choice);
  const app = createApp({ ...options, stores });
  app.delivery.start();
  const server = serve({ fetch: app.http.fetch, port, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const stop = async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await app.delivery.stop();
    await stores.close();
  };
  return { app, server, stop, choice, port };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { stop, choice, port } = await startServer(process.argv.slice(2), process.env);
  console.log(`Order & Inventory API on http://127.0.0.1:${port} (store: ${choice.kind})`);
  console.log('Try: curl -s http://127.0.0.1:%d/products', port);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void stop().then(() => process.exit(0));
    });
  }
}
