import type { EventStore } from '@lib/event-store';
import {
  ALL_PROJECTIONS,
  ProjectionRunner,
  type ReadModelDatabase,
  type RebuildReport,
} from '@lib/projections';
import { count, progressBar, type CliIo } from '../cli-io';

/** Replays the whole log into every read model of `db`, with a bar on a terminal. */
export async function rebuildInto(
  store: EventStore,
  db: ReadModelDatabase,
  io: CliIo,
  json: boolean,
): Promise<RebuildReport> {
  const runner = new ProjectionRunner({ store, db, projections: ALL_PROJECTIONS });
  let progress: ReturnType<typeof progressBar> | null = null;
  try {
    return await runner.rebuild({
      onProgress: ({ position, end, eventsDone }) => {
        if (end === null) return;
        progress ??= progressBar(io, json, 'replay', Number(end.commit));
        progress.update(Number(position?.commit ?? 0n), `${count(eventsDone)} events`);
      },
    });
  } finally {
    (progress as ReturnType<typeof progressBar> | null)?.stop();
  }
}
