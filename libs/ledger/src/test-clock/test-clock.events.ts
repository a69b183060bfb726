import type { IsoInstant } from '../business-time';

/** The stream every process's test clock follows (DESIGN.md §5); only with LEDGER_TEST_CLOCK. */
export const TEST_CLOCK_STREAM = 'test-clock';

export type TestClockEvent = TestClockMoved | TestClockDueWorkRan;

export const TEST_CLOCK_EVENT_SCHEMA_VERSIONS = {
  TestClockMoved: 1,
  TestClockDueWorkRan: 1,
} as const satisfies Record<TestClockEvent['type'], number>;

/** Someone with the admin key moved the test clock: every process's now is `now` from here. */
export interface TestClockMoved {
  readonly type: 'TestClockMoved';
  readonly data: { readonly now: IsoInstant; readonly from: IsoInstant };
}

/**
 * What the process that moved the clock ran before answering (DESIGN.md §6): the answer of the
 * move, kept so a retry with the same Idempotency-Key gets it again (docs/adr/0011). Ids only.
 */
export interface TestClockDueWorkRan {
  readonly type: 'TestClockDueWorkRan';
  readonly data: {
    readonly now: IsoInstant;
    readonly ran: {
      readonly transfersExpired: readonly string[];
      readonly cancellationsReconciled: readonly string[];
      readonly approvalsVoided: readonly string[];
      readonly settlementsClosed: readonly string[];
    };
  };
}
