import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { ManualClock } from '@lib/common';
import { isoInstant, parseIsoInstant } from '@lib/ledger';
import { ProblemException, validationFailed } from '../../http';
import { DueWork } from '../shared/due-work.service';
import { TEST_CLOCK } from '../shared/test-clock.token';
import type { TestClockMovedView } from '../shared/test-clock.representation';
import { SetTestClockCommand } from './set-test-clock.command';

/**
 * Moves the test clock (DESIGN.md §6), forward only, then runs whatever became due before
 * answering, so the caller sees a world in which the scheduled work has already happened.
 */
@CommandHandler(SetTestClockCommand)
export class SetTestClockHandler implements ICommandHandler<
  SetTestClockCommand,
  TestClockMovedView
> {
  constructor(
    @Inject(TEST_CLOCK) private readonly clock: ManualClock,
    private readonly due: DueWork,
  ) {}

  async execute({ now }: SetTestClockCommand): Promise<TestClockMovedView> {
    const next = parseIsoInstant(now);
    if (next === null)
      throw validationFailed([{ field: 'now', message: '시각이 올바르지 않습니다.' }]);
    const current = this.clock.now();
    if (next.toMillis() < current.toMillis()) {
      // 409, not 400: the request is well formed; it conflicts with where the clock stands.
      throw new ProblemException(409, {
        code: 'CLOCK_MOVES_FORWARD_ONLY',
        title: 'The test clock only moves forward',
        message: `테스트 시계는 앞으로만 움직일 수 있습니다. 현재 시각: ${isoInstant(current)}`,
        detail: `${isoInstant(next)} is before the clock's current ${isoInstant(current)}.`,
      });
    }
    this.clock.set(next);
    const ran = await this.due.runAll();
    return { now: isoInstant(this.clock.now()), ran };
  }
}
