import type { DateTime } from 'luxon';
import type { Clock } from '@lib/common';
import { invariant, parseIsoInstant } from '@lib/ledger';
import { validationFailed } from '../../http';
import { AS_OF_MESSAGE } from './as-of.dto';

/**
 * The instant an as-of route was asked about. It must have passed: the state at an instant still
 * to come could change before it arrives, and an auditor's answer must not.
 */
export function asOfInstant(asOf: string, clock: Clock): DateTime {
  const instant = parseIsoInstant(asOf);
  if (instant === null) throw validationFailed([{ field: 'asOf', message: AS_OF_MESSAGE }]);
  if (instant.toMillis() > clock.now().toMillis()) {
    throw validationFailed([
      {
        field: 'asOf',
        message: 'asOf는 현재 시각보다 늦을 수 없습니다. 지나간 시각을 보내 주세요.',
      },
    ]);
  }
  return instant;
}

/** `asOf` as the answers write it: UTC with milliseconds, the form of an event's `createdAt`. */
export function asOfText(asOf: DateTime): string {
  const text = asOf.toUTC().toISO({ suppressMilliseconds: false });
  invariant(text !== null, 'A valid DateTime has an ISO form');
  return text;
}
