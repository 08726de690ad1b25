import type { OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { OutboxRelay, RelayFailure } from '../cqrs/OutboxRelay.js';
import { type Buses, type DiscoveredProvider, registerHandlers } from './registerHandlers.js';

/** What the lifecycle reads its providers and their metadata with: Nest's `DiscoveryService` and `Reflector`. @internal */
export interface Discovery {
  getProviders(): readonly DiscoveredProvider[];
  read: Parameters<typeof registerHandlers>[1];
}

/**
 * Binds the module to the application's lifecycle: registers the marked handlers when the
 * modules are initialised, starts the relay once the application has started, and stops and
 * drains it when the application shuts down. @internal
 */
export class TacticalDddLifecycle implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private running = false;

  constructor(
    private readonly discovery: Discovery,
    private readonly buses: Buses,
    private readonly relay: OutboxRelay,
    private readonly startRelay: boolean,
    private readonly onError: (failure: RelayFailure) => void,
  ) {}

  /** Registers every handler provider on its bus. */
  onModuleInit(): void {
    registerHandlers(this.discovery.getProviders(), this.discovery.read, this.buses);
  }

  /** Starts the relay in the background. */
  onApplicationBootstrap(): void {
    if (!this.startRelay) return;
    this.relay.start();
    this.running = true;
  }

  /**
   * Stops the relay, then publishes what is still due (events of requests that finished while the
   * server closed); a failure is reported to the relay's `onError` and the messages stay pending.
   */
  async onApplicationShutdown(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    await this.relay.stop();
    try {
      await this.relay.drain();
    } catch (error) {
      this.onError({ error });
    }
  }
}
