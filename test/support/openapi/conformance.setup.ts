// Jest setup of every suite (jest.config.js): each end-to-end suite's answers are checked against
// the answering app's OpenAPI document (conformance.ts). Other suites make no HTTP requests and
// skip loading the validator.
if (/\.e2e-spec\.ts$/.test(expect.getState().testPath ?? '')) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('./conformance') as typeof import('./conformance')).checkResponsesAgainstOpenApi();
}

export {};
