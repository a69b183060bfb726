/**
 * Every answer a test receives through supertest is checked against the OpenAPI document the
 * answering app serves itself (`/docs/openapi.json`): the document can never drift from the
 * answers again (issue 14). The check sits in supertest's own `assert` step, which every awaited
 * request and every `.end(callback)` passes through, so a drifting answer fails the test that
 * received it, with the route, the status and what the schema refused. Nothing to remember in a
 * test: the Jest setup of every suite installs it (conformance.setup.ts), and the shared helpers
 * install it again for runs that bypass that setup.
 */
import request from 'supertest';
import type { Response } from 'supertest';
import { OpenApiContract, type ReceivedResponse } from './openapi-contract';
import type { JsonObject } from './json-schema';

export const OPENAPI_DOCUMENT_PATH = '/docs/openapi.json';

type Done = (this: unknown, error: unknown, response?: Response) => void;

/** supertest's Test as this hook uses it: its target and its `assert` step (not in its typings). */
interface TestInternals {
  app: unknown;
  url: string;
  method: string;
  assert(error: unknown, response: Response | undefined, done?: Done): void;
}

const INSTALLED = Symbol.for('judgment-fee-ledger.openapi-conformance');
/** Marks the hook's own requests (the document, a worker's health), which are not checked. */
const UNCHECKED = new WeakSet<object>();

/** How to read an app's document without a request of the test's own (see `readDocumentWith`). */
export type DocumentSource = () => Promise<{ readonly status: number; readonly text: string }>;
const sourcesByServer = new WeakMap<object, DocumentSource>();

/** The contract of each app (its server object) or process (its origin), fetched once. */
const contractsByServer = new WeakMap<object, Promise<OpenApiContract | null>>();
const contractsByOrigin = new Map<string, Promise<OpenApiContract | null>>();

/** The answer broke the document: the test that received it fails with this. */
export class OpenApiDriftError extends Error {
  override readonly name = 'OpenApiDriftError';
  constructor(readonly violations: readonly string[]) {
    super(
      `The answer does not match the OpenAPI document (${OPENAPI_DOCUMENT_PATH}):\n` +
        violations.map((violation) => `  - ${violation}`).join('\n'),
    );
  }
}

/** Hooks supertest (idempotent): from now on every answer of this test file is checked. */
export function checkResponsesAgainstOpenApi(): void {
  const prototype = request.Test.prototype as unknown as TestInternals & Record<symbol, unknown>;
  if (prototype[INSTALLED] === true) return;
  const assert = prototype.assert;
  prototype.assert = function (this: TestInternals, error, response, done) {
    if (done === undefined || UNCHECKED.has(this)) {
      assert.call(this, error, response, done);
      return;
    }
    assert.call(this, error, response, (failed: unknown, received?: Response) => {
      // A failed expectation or no answer at all is the test's own failure: report that one.
      if (failed !== null || received === undefined) return done.call(this, failed, received);
      // Outside the promise, as supertest calls it: what the callback throws is not swallowed.
      const settle = (outcome: unknown) =>
        process.nextTick(() => done.call(this, outcome, received));
      violationsOf(this, received).then(
        (violations) => settle(violations.length === 0 ? null : new OpenApiDriftError(violations)),
        settle,
      );
    });
  };
  prototype[INSTALLED] = true;
}

/**
 * Reads the document of the app behind `server` with `source` (e.g. Fastify's `inject` from an
 * address of its own) instead of over HTTP from the test's address, where the read would count
 * against the test's per-address rate limit.
 */
export function readDocumentWith(server: object, source: DocumentSource): void {
  sourcesByServer.set(server, source);
}

/**
 * Forgets the document of a process at `url` (call it when the process stops): another process
 * may later listen on the same port with another configuration.
 */
export function forgetOpenApiContract(url: string): void {
  contractsByOrigin.delete(new URL(url).origin);
}

async function violationsOf(test: TestInternals, response: Response): Promise<string[]> {
  const contract = await contractOf(test.app);
  if (contract === null) return [];
  const path = new URL(test.url).pathname;
  // The document and the UI that shows it describe the API; they are not part of it.
  if (path === '/docs' || path.startsWith('/docs/')) return [];
  return contract.violations(receivedOf(test.method, path, response));
}

function receivedOf(method: string, path: string, response: Response): ReceivedResponse {
  const raw: unknown = response.text ?? response.body;
  const text = typeof raw === 'string' ? raw : Buffer.isBuffer(raw) ? raw.toString('utf8') : '';
  return {
    method,
    path,
    status: response.status,
    headers: response.headers,
    text,
  };
}

function contractOf(app: unknown): Promise<OpenApiContract | null> {
  if (typeof app === 'string') {
    const origin = new URL(app).origin;
    let contract = contractsByOrigin.get(origin);
    if (contract === undefined) {
      contract = fetchContract(app);
      contractsByOrigin.set(origin, contract);
    }
    return contract;
  }
  if (typeof app !== 'object' || app === null) {
    return Promise.reject(new TypeError('supertest was given a target this check cannot read'));
  }
  let contract = contractsByServer.get(app);
  if (contract === undefined) {
    contract = fetchContract(app);
    contractsByServer.set(app, contract);
  }
  return contract;
}

/** The app's own document; `null` only for a worker, which serves no API to describe. */
async function fetchContract(app: object | string): Promise<OpenApiContract | null> {
  const get = (path: string) => {
    const test = request(app as string).get(path);
    UNCHECKED.add(test);
    return test;
  };
  const source = typeof app === 'string' ? undefined : sourcesByServer.get(app);
  const document = source === undefined ? await get(OPENAPI_DOCUMENT_PATH) : await source();
  if (document.status === 200) return new OpenApiContract(JSON.parse(document.text) as JsonObject);
  if (document.status === 404) {
    const health = await get('/health');
    if ((health.body as { role?: unknown } | undefined)?.role === 'worker') return null;
  }
  throw new Error(
    `Cannot check the answer against the OpenAPI document: GET ${OPENAPI_DOCUMENT_PATH} ` +
      `answered ${document.status}`,
  );
}
