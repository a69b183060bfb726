import { Injectable, Logger } from '@nestjs/common';
import { LedgerContext, RefusedError, type CommandMeta } from '@lib/commands';
import { invariant, type BusinessDate, type ReservationOutcome } from '@lib/ledger';
import { SettlementDays } from './settlement-days';

export interface CancellationReservationTicket {
  readonly date: BusinessDate;
  readonly reservationId: string;
  readonly paymentId: string;
}

/**
 * R19 across the midnight race (docs/adr/0005): before the PG is asked to cancel a payment, the
 * cancellation reserves its place on the settlement stream of the day the payment completed, with
 * the expected revision. Either the reservation lands before the close starts, and the close waits
 * for its release (so the report counts what the PG answered), or the close started first, and the
 * cancellation is refused SETTLED before anything reaches the PG.
 */
@Injectable()
export class CancellationFence {
  private readonly logger = new Logger(CancellationFence.name);

  constructor(
    private readonly days: SettlementDays,
    private readonly ledger: LedgerContext,
  ) {}

  /** Takes the reservation, or throws CANCEL_NOT_ALLOWED (SETTLED). */
  async reserve(
    date: BusinessDate,
    paymentId: string,
    meta: CommandMeta,
  ): Promise<CancellationReservationTicket> {
    const reservationId = this.ledger.newId();
    const { refusal } = await this.days.run(
      { type: 'ReserveCancellation', data: { date, reservationId, paymentId } },
      meta,
    );
    if (refusal !== undefined) {
      invariant(
        refusal.code === 'CANCEL_NOT_ALLOWED',
        `A reservation cannot be refused with ${refusal.code}`,
      );
      throw new RefusedError(refusal);
    }
    return { date, reservationId, paymentId };
  }

  /**
   * Ends the reservation AFTER the outcome is recorded on the payment, so a close that sees the
   * release also sees the outcome in `$all`. Never throws: a release that cannot be written only
   * holds the close back until the reservation's lease ends.
   */
  async release(
    ticket: CancellationReservationTicket,
    outcome: ReservationOutcome,
    meta: CommandMeta,
  ): Promise<void> {
    try {
      const { state } = await this.days.run(
        {
          type: 'ReleaseCancellation',
          data: { date: ticket.date, reservationId: ticket.reservationId, outcome },
        },
        meta,
      );
      const abandoned = state.closed?.abandonedReservations.some(
        (lapsed) => lapsed.reservationId === ticket.reservationId,
      );
      if (abandoned === true && outcome !== 'NOT_CANCELLED') {
        // The lease ran out before the PG answered and the day closed without this outcome: the
        // report may now disagree with the payment (docs/adr/0005, residual risk). Reconcile it.
        this.logger.error(
          `Settlement ${ticket.date} closed while the cancellation of payment ${ticket.paymentId} ` +
            `was at the PG (reservation ${ticket.reservationId}, outcome ${outcome})`,
        );
      }
    } catch (error) {
      this.logger.error(
        `Could not release reservation ${ticket.reservationId} of ${ticket.date}; the close waits ` +
          `for its lease`,
        error instanceof Error ? error.stack : String(error),
      );
    }
  }
}
