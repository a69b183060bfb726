/** The auditors' log (`GET /v1/audit/events`, DESIGN.md §6) as the audit suites read it. */
import type { TestApp } from './test-app';

export interface AuditEventBody {
  position: string;
  stream: string;
  revision: string;
  type: string;
  data: unknown;
  metadata: Record<string, unknown>;
  /** The store's recording time (transaction time), ISO 8601 UTC. */
  createdAt: string;
}

export interface AuditPageBody {
  events: AuditEventBody[];
  next: string | null;
}

/** The whole log, page by page, as the auditor reads it. */
export async function readAuditLog(t: TestApp): Promise<AuditEventBody[]> {
  const events: AuditEventBody[] = [];
  let after: string | null = null;
  do {
    const query: string = after === null ? '?limit=1000' : `?limit=1000&after=${after}`;
    const page = (await t.get('auditor', `/v1/audit/events${query}`).expect(200))
      .body as AuditPageBody;
    events.push(...page.events);
    after = page.next;
  } while (after !== null);
  return events;
}
