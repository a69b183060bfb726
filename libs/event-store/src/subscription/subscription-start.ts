import { END, START, type SubscribeToAllOptions } from '../event-store.port';

/** The position a subscription starts after (exclusive), given the last stored position. */
export function subscriptionStart(
  fromPosition: SubscribeToAllOptions['fromPosition'],
  lastPosition: bigint,
): bigint {
  if (fromPosition === undefined || fromPosition === START) return 0n;
  if (fromPosition === END) return lastPosition;
  return fromPosition.commit;
}
