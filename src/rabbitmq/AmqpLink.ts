import { type ChannelModel, type ConfirmChannel, connect } from 'amqplib';

interface Open {
  readonly model: ChannelModel;
  readonly channel: ConfirmChannel;
}

/**
 * One AMQP connection with one confirm channel, opened on first use and opened again after it
 * was lost (a broker restart, a closed socket): `setup` declares the topology on every new
 * channel. @internal
 */
export class AmqpLink {
  private current: Promise<Open> | undefined;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly setup: (channel: ConfirmChannel) => Promise<void>,
    private readonly onLost: (error: unknown) => void = () => undefined,
  ) {}

  /** The open channel, connecting first if needed. */
  async channel(): Promise<ConfirmChannel> {
    if (this.closed) throw new Error('The AMQP link is closed');
    if (this.current === undefined) {
      const opening = this.open();
      this.current = opening;
      opening.catch(() => {
        if (this.current === opening) this.current = undefined;
      });
    }
    return (await this.current).channel;
  }

  /**
   * A new confirm channel on the open connection (connecting first if needed), for work that needs
   * a channel of its own; it closes with the connection.
   */
  async createChannel(): Promise<ConfirmChannel> {
    await this.channel();
    const current = this.current;
    if (current === undefined) throw new Error('The AMQP connection was lost');
    const channel = await (await current).model.createConfirmChannel();
    channel.on('error', () => undefined);
    return channel;
  }

  /** Closes the connection for good. */
  async close(): Promise<void> {
    this.closed = true;
    const current = this.current;
    this.current = undefined;
    if (current === undefined) return;
    try {
      await (await current).model.close();
    } catch {
      // Already gone: nothing to close.
    }
  }

  private async open(): Promise<Open> {
    const model = await connect(this.url);
    if (this.closed) {
      await model.close().catch(() => undefined);
      throw new Error('The AMQP link is closed');
    }
    let lost = false;
    const opening = this.current;
    const onClose = (error?: unknown): void => {
      if (lost) return;
      lost = true;
      if (this.current === opening) this.current = undefined;
      model.close().catch(() => undefined);
      if (!this.closed) this.onLost(error ?? new Error('AMQP connection closed'));
    };
    // Errors come with a 'close' that follows: handle the loss there.
    model.on('error', () => undefined);
    model.on('close', onClose);
    try {
      const channel = await model.createConfirmChannel();
      channel.on('error', () => undefined);
      channel.on('close', () => onClose(new Error('AMQP channel closed')));
      await this.setup(channel);
      return { model, channel };
    } catch (error) {
      lost = true;
      await model.close().catch(() => undefined);
      throw error;
    }
  }
}
