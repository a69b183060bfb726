import { randomUUID } from 'node:crypto';
import type { CommandMeta } from '../../payments/shared/command-meta';

/** The metadata of work the service gives itself (the scheduler, the test clock's due work). */
export function systemMeta(by: string): CommandMeta {
  const id = randomUUID();
  return { actor: { role: 'system', id: by }, correlationId: id, causationId: id };
}
