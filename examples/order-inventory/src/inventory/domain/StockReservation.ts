import { InvariantViolationError } from 'tactical-ddd';
import { type EventHandlers, EventSourcedAggregate } from 'tactical-ddd/event-sourcing';
import { type ReservationEvent, StockReleased, StockReservationFailed, StockReserved } from './events.js';
import type { ProductId, ReservationId } from './ids.js';

export interface ReservationLine {
  productId: ProductId;
  quantity: number;
}

export interface Shortage {
  productId: ProductId;
  requested: number;
  available: number;
}

export interface StockReservationState {
  status: 'new' | 'reserved' | 'failed' | 'released';
  lines: ReservationLine[];
  shortages: Shortage[];
}

/**
 * The outcome of one request for stock, all or nothing: reserved (every line set aside), failed
 * (with the shortages; nothing set aside), later released. It makes `ReserveStock` idempotent (a
 * second request for the same reservation finds it) and tells `ReleaseStock` what to give back.
 */
export class StockReservation extends EventSourcedAggregate<ReservationId, StockReservationState, ReservationEvent> {
  static blank(id: ReservationId): StockReservation {
    return new StockReservation(id, { status: 'new', lines: [], shortages: [] });
  }

  static restore(id: ReservationId, state: StockReservationState): StockReservation {
    return new StockReservation(id, state);
  }

  protected readonly when: EventHandlers<StockReservationState, ReservationEvent> = {
    StockReserved: (state, { payload }) => {
      state.status = 'reserved';
      state.lines = payload.lines.map((line) => ({ ...line }));
    },
    StockReservationFailed: (state, { payload }) => {
      state.status = 'failed';
      state.lines = payload.lines.map((line) => ({ ...line }));
      state.shortages = payload.shortages.map((shortage) => ({ ...shortage }));
    },
    StockReleased: (state) => {
      state.status = 'released';
    },
  };

  get status(): StockReservationState['status'] {
    return this.state.status;
  }

  get lines(): readonly ReservationLine[] {
    return this.state.lines;
  }

  get shortages(): readonly Shortage[] {
    return this.state.shortages;
  }

  /** Records that every line was set aside (the `StockAllocator` did it on the products). */
  succeed(lines: readonly ReservationLine[]): void {
    this.requireNew();
    this.raise(StockReserved({ lines: [...lines] }));
  }

  /** Records that the request could not be served. */
  fail(lines: readonly ReservationLine[], shortages: readonly Shortage[]): void {
    this.requireNew();
    this.raise(StockReservationFailed({ lines: [...lines], shortages: [...shortages] }));
  }

  /** Gives the units back; `false` when there is nothing to release (failed, or released already). */
  release(): boolean {
    if (this.state.status !== 'reserved') return false;
    this.raise(StockReleased({ lines: this.state.lines.map((line) => ({ ...line })) }));
    return true;
  }

  private requireNew(): void {
    if (this.state.status !== 'new') {
      throw new InvariantViolationError(
        'reservation.decided',
        `Reservation ${this.id} is already ${this.state.status}`,
      );
    }
  }
}
