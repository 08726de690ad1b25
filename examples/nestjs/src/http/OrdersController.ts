import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ValidationError } from 'tactical-ddd';
import { CommandBus, type DispatchOptions, QueryBus } from 'tactical-ddd/cqrs';
import { ConfirmOrder, GetOrder, type OrderView, PlaceOrder } from '../ordering/application/messages.js';
import type { OrderId } from '../ordering/domain/Order.js';

const CORRELATION_ID = /^[\w.:-]{1,128}$/;

/**
 * Makes a command or query from untrusted input: the definition validates it at run time, so a
 * bad one is a `ValidationError` naming the field (`lines.0.quantity`), answered with a 400.
 */
const fromInput = <TMessage>(definition: (payload: never) => TMessage, input: unknown): TMessage =>
  (definition as (payload: unknown) => TMessage)(input);

/** The request's `x-correlation-id` (checked), stamped on every event the command causes. */
function correlation(header: string | undefined): DispatchOptions {
  if (header === undefined) return {};
  if (!CORRELATION_ID.test(header)) {
    throw ValidationError.of(
      'request',
      'x-correlation-id',
      'invalid_format',
      'x-correlation-id is 1 to 128 letters, digits, and . _ : -',
    );
  }
  return { metadata: { correlationId: header } };
}

/**
 * The HTTP edge: parses the untrusted body into a command (a `ValidationError`, answered 400,
 * names the field), dispatches it, and returns the result. No domain logic lives here.
 */
@Controller('orders')
export class OrdersController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(QueryBus) private readonly queries: QueryBus,
  ) {}

  @Post()
  @HttpCode(201)
  async place(@Body() body: unknown, @Headers('x-correlation-id') correlationId?: string): Promise<{ id: OrderId }> {
    const command = fromInput(PlaceOrder, body);
    return { id: await this.commands.dispatch(command, correlation(correlationId)) };
  }

  @Post(':id/confirm')
  @HttpCode(204)
  async confirm(@Param('id') id: string, @Headers('x-correlation-id') correlationId?: string): Promise<void> {
    const command = fromInput(ConfirmOrder, { orderId: id });
    await this.commands.dispatch(command, correlation(correlationId));
  }

  @Get(':id')
  get(@Param('id') id: string): Promise<OrderView> {
    return this.queries.dispatch(fromInput(GetOrder, { orderId: id }));
  }
}
