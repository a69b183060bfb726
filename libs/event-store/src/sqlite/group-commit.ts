import type { PreparedEvent } from '../append-input';
import type { AppendResult, ExpectedRevision } from '../event-store.port';

export interface AppendRequest {
  readonly streamId: string;
  readonly events: readonly PreparedEvent[];
  readonly expectedRevision: ExpectedRevision;
}

export type AppendOutcome =
  | { readonly ok: true; readonly result: AppendResult }
  | { readonly ok: false; readonly error: unknown };

/**
 * Commits a batch in one transaction and returns one outcome per request, in order; throws when
 * the transaction as a whole failed (then nothing of the batch was written).
 */
export type CommitBatch = (requests: readonly AppendRequest[]) => AppendOutcome[];

interface Pending {
  readonly request: AppendRequest;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit: appends that arrive in the same event-loop turn wait for one `setImmediate` and
 * share one transaction, hence one fsync. A commit costs the same for 1 append or 100, so under
 * concurrent load throughput grows with the number of callers while each caller still waits for
 * its own durable commit. Callers settle only after the commit (or its failure).
 */
export class GroupCommit {
  private queue: Pending[] = [];
  private scheduled = false;

  constructor(private readonly commitBatch: CommitBatch) {}

  submit(request: AppendRequest): Promise<AppendResult> {
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.schedule();
    });
  }

  /** Commits whatever is queued, now. */
  flush(): void {
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    let outcomes: AppendOutcome[];
    try {
      outcomes = this.commitBatch(batch.map((pending) => pending.request));
    } catch (error) {
      for (const pending of batch) pending.reject(error);
      return;
    }
    batch.forEach((pending, i) => {
      const outcome = outcomes[i];
      if (outcome === undefined) pending.reject(new Error('Invariant: one outcome per append'));
      else if (outcome.ok) pending.resolve(outcome.result);
      else pending.reject(outcome.error);
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }
}
