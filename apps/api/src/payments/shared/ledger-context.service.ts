import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, LEDGER_CONFIG, type Clock, type LedgerConfig } from '@lib/common';
import type { JsonObject } from '@lib/event-store';
import { isoInstant, type DecisionContext } from '@lib/ledger';
import type { CommandMeta } from './command-meta';

/** Builds what the pure deciders need from the outside world: the clock, ids, actor and policy. */
@Injectable()
export class LedgerContext {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  now() {
    return this.clock.now();
  }

  get policy() {
    return this.config.policy;
  }

  decisionContext(meta: CommandMeta): DecisionContext {
    return {
      now: this.clock.now(),
      newId: randomUUID,
      actor: meta.actor,
      policy: this.config.policy,
    };
  }

  /**
   * Metadata of every appended event (DESIGN.md §4). `$correlationId`/`$causationId` are
   * EventStoreDB's own names, so its `$by_correlation_id` projection works on our events too.
   */
  eventMetadata(
    meta: CommandMeta,
    schemaVersion: number,
    occurredAt = this.clock.now(),
  ): JsonObject {
    return {
      correlationId: meta.correlationId,
      causationId: meta.causationId,
      $correlationId: meta.correlationId,
      $causationId: meta.causationId,
      actor: { role: meta.actor.role, id: meta.actor.id },
      occurredAt: isoInstant(occurredAt),
      schemaVersion,
    };
  }
}
