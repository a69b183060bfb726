import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { systemMetaCausedByEvent } from '@lib/commands';
import {
  EVENT_STORE,
  END,
  START,
  type EventStore,
  type Position,
  type RecordedEvent,
} from '@lib/event-store';
import { LIMITS } from '@lib/limits';
import { ATTR_CORRELATION_ID, ATTR_EVENT_TYPE, ATTR_PAYMENT_ID, inSpan } from '@lib/observability';
import { PaymentFollowUps, PaymentStore, followUpTriggerOf } from '@lib/payments';
import {
  Backoff,
  PositionWaiters,
  ReadModels,
  SagaCheckpoints,
  hasReached,
  type BackoffSettings,
} from '@lib/projections';

/** The reactor's checkpoint row and the system actor of what it appends. */
export const FOLLOW_UP_REACTOR_NAME = 'payment-follow-ups';
/** Delays between retries of one event, and between resubscriptions after a store error. */
const FOLLOW_UP_RETRY_BACKOFF: BackoffSettings = {
  initialMs: LIMITS.followUps.retryInitialMs,
  maxMs: LIMITS.followUps.retryMaxMs,
};

export class FollowUpReactorStoppedError extends Error {
  constructor() {
    super('The payment follow-up reactor stopped');
    this.name = 'FollowUpReactorStoppedError';
  }
}

/**
 * The durable half of PaymentFollowUps (docs/adr/0006): follows `$all` from a stored checkpoint
 * and, after each PaymentCompleted, PaymentFailed or PaymentCancelled, loads the payment and runs
 * the follow-ups (R6 guard release, R12 view transfer). The commands also run them inline; this
 * catches whatever a crash between a payment's event and its follow-up left undone.
 *
 * At least once: the checkpoint is saved after an event's follow-ups are appended, so a crash in
 * between repeats them, which changes nothing (both are idempotent). Events are handled one at a
 * time, in log order; a failing one is retried with bounded backoff and holds the later ones back
 * rather than being skipped, because skipping would be the very loss this exists to prevent.
 */
@Injectable()
export class PaymentFollowUpReactor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(PaymentFollowUpReactor.name);
  private readonly waiters = new PositionWaiters();
  private readonly resubscribe = new Backoff(FOLLOW_UP_RETRY_BACKOFF);
  private readonly retry = new Backoff(FOLLOW_UP_RETRY_BACKOFF);
  private checkpoints: SagaCheckpoints | undefined;
  /** Every event up to here is handled (or needed nothing); saved only after handled ones. */
  private position: Position | null = null;
  private stopped = true;
  private loop: Promise<void> | undefined;
  private unsubscribe: (() => Promise<void>) | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModels: ReadModels,
    private readonly payments: PaymentStore,
    private readonly followUps: PaymentFollowUps,
  ) {}

  /** After every onModuleInit: the read-model file (which holds the checkpoint) is open. */
  onApplicationBootstrap(): void {
    this.checkpoints ??= new SagaCheckpoints(this.readModels.db);
    this.position = this.checkpoints.read(FOLLOW_UP_REACTOR_NAME);
    this.stopped = false;
    this.loop = this.supervise();
  }

  /** Before the read models (a deeper module) and the event store close: ends the current event. */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.resubscribe.cancel();
    this.retry.cancel();
    await this.unsubscribe?.();
    await this.loop;
    this.waiters.rejectAll(new FollowUpReactorStoppedError());
  }

  /**
   * Resolves once the reactor has handled everything the log held when this was called (tests,
   * and anyone who must see the follow-ups of earlier outcomes). Rejects after `timeoutMs`.
   */
  async catchUpWithLog(timeoutMs: number = LIMITS.followUps.waitTimeoutMs): Promise<void> {
    const [last] = await this.store.readAll({
      fromPosition: END,
      direction: 'backwards',
      maxCount: 1,
    });
    if (last === undefined || hasReached(this.position, last.position)) return;
    if (this.stopped) throw new FollowUpReactorStoppedError();
    await this.waiters.wait(last.position, timeoutMs, () => this.position);
  }

  private async supervise(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.follow();
      } catch (error) {
        if (!this.stopped) this.logger.warn(`Follow-up subscription failed: ${String(error)}`);
      }
      if (!this.stopped) await this.resubscribe.wait();
    }
  }

  /** One subscription from the last position, until it ends or the reactor stops. */
  private async follow(): Promise<void> {
    const subscription = this.store.subscribeToAll({ fromPosition: this.position ?? START });
    this.unsubscribe = () => subscription.unsubscribe();
    try {
      if (this.stopped) return;
      for await (const event of subscription) {
        if (!(await this.handle(event))) return;
        this.position = event.position;
        this.waiters.release(this.position);
        this.resubscribe.reset();
      }
    } finally {
      await subscription.unsubscribe();
    }
  }

  /** Runs the follow-ups of one event until they succeed; false when stopped first. */
  private async handle(event: RecordedEvent): Promise<boolean> {
    const paymentId = followUpTriggerOf(event);
    if (paymentId === null) return true;
    const meta = systemMetaCausedByEvent(event, FOLLOW_UP_REACTOR_NAME);
    for (;;) {
      try {
        // A trace of its own per attempt, tied to the request that caused the event by its flow.
        await inSpan(
          `reactor ${FOLLOW_UP_REACTOR_NAME}`,
          {
            [ATTR_CORRELATION_ID]: meta.correlationId,
            [ATTR_PAYMENT_ID]: paymentId,
            [ATTR_EVENT_TYPE]: event.type,
          },
          async () => {
            const payment = await this.payments.load(paymentId);
            await this.followUps.after(payment, meta);
          },
          { root: true },
        );
        this.checkpoints?.save(FOLLOW_UP_REACTOR_NAME, event.position);
        this.retry.reset();
        return true;
      } catch (error) {
        if (this.stopped) return false;
        this.logger.error(
          `Follow-ups of ${event.type} of payment ${paymentId} failed; retrying`,
          error instanceof Error ? error.stack : String(error),
        );
        await this.retry.wait();
        if (this.stopped) return false;
      }
    }
  }
}
