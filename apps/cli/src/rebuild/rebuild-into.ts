import type { EventStore } from '@lib/event-store';
import {
  ALL_PROJECTIONS,
  ProjectionRunner,
  rebuildReadModelFile,
  type RebuildOptions,
  type ReadModelDatabase,
  type RebuildReport,
} from '@lib/projections';
import { count, progressBar, type CliIo } from '../cli-io';

/** Replays the whole log into every read model of `db`, with a bar on a terminal. */
export function rebuildInto(
  store: EventStore,
  db: ReadModelDatabase,
  io: CliIo,
  json: boolean,
): Promise<RebuildReport> {
  const runner = new ProjectionRunner({ store, db, projections: ALL_PROJECTIONS });
  return withProgress(io, json, (options) => runner.rebuild(options));
}

/**
 * Rebuilds the read-model file `file` through a scratch file swapped in at the end (see
 * `rebuildReadModelFile`), with a bar on a terminal.
 */
export function rebuildFile(
  store: EventStore,
  file: string,
  io: CliIo,
  json: boolean,
): Promise<RebuildReport> {
  return withProgress(io, json, (options) =>
    rebuildReadModelFile({ store, file, projections: ALL_PROJECTIONS, ...options }),
  );
}

async function withProgress(
  io: CliIo,
  json: boolean,
  rebuild: (options: RebuildOptions) => Promise<RebuildReport>,
): Promise<RebuildReport> {
  let progress: ReturnType<typeof progressBar> | null = null;
  try {
    return await rebuild({
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
