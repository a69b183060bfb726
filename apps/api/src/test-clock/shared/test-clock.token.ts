import type { FactoryProvider } from '@nestjs/common';
import { CLOCK, ManualClock, type Clock } from '@lib/common';

/** The application's clock as the ManualClock it must be when LEDGER_TEST_CLOCK=true. */
export const TEST_CLOCK = Symbol('TestClock');

export const testClockProvider: FactoryProvider<ManualClock> = {
  provide: TEST_CLOCK,
  inject: [CLOCK],
  useFactory: (clock: Clock): ManualClock => {
    // Said at start-up: the composition root chooses a ManualClock whenever the test clock is on.
    if (!(clock instanceof ManualClock)) {
      throw new Error('LEDGER_TEST_CLOCK=true needs a ManualClock as the application clock');
    }
    return clock;
  },
};
