import { EventEmitter } from 'node:events';
import type { RecordedEvent, SubscribeToAllOptions, Subscription } from '../event-store.port';
import { CatchUpSubscription } from './catch-up-subscription';
import { subscriptionStart } from './subscription-start';

/**
 * The open catch-up subscriptions of one embedded store: each is woken when the store commits,
 * and all end when the store closes. Both embedded adapters keep theirs here.
 */
export class LiveSubscriptions {
  private readonly appended = new EventEmitter().setMaxListeners(0);
  private readonly open = new Set<Subscription>();

  /** Opens a subscription reading `readAfter`, starting after `fromPosition` (exclusive). */
  subscribe(
    readAfter: (position: bigint, limit: number) => readonly RecordedEvent[],
    settings: {
      readonly fromPosition: SubscribeToAllOptions['fromPosition'];
      readonly lastPosition: bigint;
      readonly batchSize: number;
      readonly pollIntervalMs: number | undefined;
    },
  ): Subscription {
    const subscription: Subscription = new CatchUpSubscription(
      {
        readAfter,
        onAppend: (listener) => {
          this.appended.on('appended', listener);
          return () => this.appended.off('appended', listener);
        },
      },
      {
        startAfter: subscriptionStart(settings.fromPosition, settings.lastPosition),
        caughtUpAt: settings.lastPosition,
        batchSize: settings.batchSize,
        pollIntervalMs: settings.pollIntervalMs,
        onEnd: () => this.open.delete(subscription),
      },
    );
    this.open.add(subscription);
    return subscription;
  }

  /** Wakes every subscription waiting for new events: call after each commit. */
  notifyAppended(): void {
    this.appended.emit('appended');
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.open].map((subscription) => subscription.unsubscribe()));
  }
}
