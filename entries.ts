/**
 * The package's entry points: subpath → source file. `tsup.config.ts` builds them, and a test
 * checks that `package.json#exports` and `.size-limit.json` list exactly these.
 */
export const entries = {
  '.': 'src/index.ts',
  './address': 'src/address/index.ts',
  './money': 'src/money/index.ts',
  './cqrs': 'src/cqrs/index.ts',
  './event-sourcing': 'src/event-sourcing/index.ts',
  './testing': 'src/testing/index.ts',
  './testing/vitest': 'src/testing/vitest/index.ts',
  './specification': 'src/specification/index.ts',
  './postgres': 'src/postgres/index.ts',
  './rabbitmq': 'src/rabbitmq/index.ts',
  './redis': 'src/redis/index.ts',
  './nestjs': 'src/nestjs/index.ts',
  './opentelemetry': 'src/opentelemetry/index.ts',
  './http': 'src/http/index.ts',
  './nats': 'src/nats/index.ts',
} as const satisfies Record<string, string>;
