import type { IsoInstant } from '../business-time';

/** The stream every process's test clock follows (DESIGN.md §5); only with LEDGER_TEST_CLOCK. */
export const TEST_CLOCK_STREAM = 'test-clock';

export type TestClockEvent = TestClockMoved;

export const TEST_CLOCK_EVENT_SCHEMA_VERSIONS = {
  TestClockMoved: 1,
} as const satisfies Record<TestClockEvent['type'], number>;

/** Someone with the admin key moved the test clock: every process's now is `now` from here. */
export interface TestClockMoved {
  readonly type: 'TestClockMoved';
  readonly data: { readonly now: IsoInstant; readonly from: IsoInstant };
}
