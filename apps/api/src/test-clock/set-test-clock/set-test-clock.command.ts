import { Command } from '@nestjs/cqrs';
import type { CommandMeta } from '@lib/commands';
import type { TestClockMovedView } from '../shared/test-clock.representation';

export class SetTestClockCommand extends Command<TestClockMovedView> {
  constructor(
    readonly now: string,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
