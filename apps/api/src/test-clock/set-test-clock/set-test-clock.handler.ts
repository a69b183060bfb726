import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { TestClockStream } from '@lib/infrastructure';
import { isoInstant, parseIsoInstant } from '@lib/ledger';
import { DueWork } from '@lib/payments';
import { validationFailed } from '../../http';
import type { TestClockMovedView } from '../shared/test-clock.representation';
import { SetTestClockCommand } from './set-test-clock.command';

/**
 * Moves the test clock (DESIGN.md §6) of every process, forward only, then runs whatever became due
 * in this process before answering, so the caller sees a world in which the scheduled work has
 * already happened. `ran` lists what this process did; a worker that saw the move may have done
 * some of it first.
 */
@CommandHandler(SetTestClockCommand)
export class SetTestClockHandler implements ICommandHandler<
  SetTestClockCommand,
  TestClockMovedView
> {
  constructor(
    private readonly clock: TestClockStream,
    private readonly due: DueWork,
  ) {}

  async execute({ now, meta }: SetTestClockCommand): Promise<TestClockMovedView> {
    const next = parseIsoInstant(now);
    if (next === null)
      throw validationFailed([{ field: 'now', message: '시각이 올바르지 않습니다.' }]);
    const moved = await this.clock.move(isoInstant(next), meta);
    if (moved.answered !== null) {
      const { ran } = moved.answered;
      return {
        now: moved.answered.now,
        ran: {
          transfersExpired: [...ran.transfersExpired],
          cancellationsReconciled: [...ran.cancellationsReconciled],
          approvalsVoided: [...ran.approvalsVoided],
          settlementsClosed: [...ran.settlementsClosed],
        },
      };
    }
    const ran = await this.due.runAll(meta);
    const answer = { now: isoInstant(moved.now), ran };
    await this.clock.recordDueWork(answer, meta);
    return answer;
  }
}
