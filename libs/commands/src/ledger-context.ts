import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, ID_GENERATOR, LEDGER_CONFIG, type Clock, type IdGenerator } from '@lib/common';
import type { JsonObject } from '@lib/event-store';
import { isoInstant, type DecisionContext, type LedgerPolicy } from '@lib/ledger';
import type { DateTime } from 'luxon';
import type { CommandMeta } from './command-meta';

/**
 * Builds what the pure deciders need from the outside world: the clock, ids, actor and policy. A
 * plain class (Nest only reads its decorators): the simulator builds one with its own clock and ids.
 */
@Injectable()
export class LedgerContext {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEDGER_CONFIG) private readonly config: { readonly policy: LedgerPolicy },
    @Inject(ID_GENERATOR) readonly newId: IdGenerator,
  ) {}

  now(): DateTime {
    return this.clock.now();
  }

  get policy(): LedgerPolicy {
    return this.config.policy;
  }

  decisionContext(meta: CommandMeta): DecisionContext {
    return { now: this.clock.now(), newId: this.newId, actor: meta.actor, policy: this.policy };
  }

  /**
   * Metadata of every appended event (DESIGN.md §4). `$correlationId`/`$causationId` are
   * EventStoreDB's own names, so its `$by_correlation_id` projection works on our events too.
   */
  eventMetadata(meta: CommandMeta, schemaVersion: number): JsonObject {
    return {
      correlationId: meta.correlationId,
      causationId: meta.causationId,
      $correlationId: meta.correlationId,
      $causationId: meta.causationId,
      actor: { role: meta.actor.role, id: meta.actor.id },
      occurredAt: isoInstant(this.clock.now()),
      schemaVersion,
    };
  }
}
