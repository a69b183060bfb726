// One Jest configuration for every kind of test; the npm scripts pick a kind by file suffix:
// *.spec.ts (unit), *.int-spec.ts (store and infrastructure), *.e2e-spec.ts (HTTP through the app).
// A second project reruns the payment lifecycle end-to-end suites on the EventStoreDB adapter,
// against the wire-level test server of test/esdb (DESIGN.md §5: the same code on either store).
const shared = {
  rootDir: '.',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  // content-disposition 3 (under @fastify/static, which serves /docs) ships only as an ES module,
  // which Jest's CommonJS runtime cannot require on Node 20: compile it like our own code.
  transformIgnorePatterns: ['/node_modules/(?!content-disposition/)'],
  moduleNameMapper: {
    // Only a library's index: a deep import (`@lib/event-store/…`) does not resolve.
    '^@lib/([^/]+)$': '<rootDir>/libs/$1/src',
    '^@app/([^/]+)$': '<rootDir>/apps/$1/src',
  },
  // Every answer an end-to-end suite receives is checked against the app's OpenAPI document.
  setupFilesAfterEnv: ['<rootDir>/test/support/openapi/conformance.setup.ts'],
};

/** @type {import('jest').Config} */
module.exports = {
  maxWorkers: 2,
  testTimeout: 60000,
  projects: [
    {
      ...shared,
      displayName: 'sqlite',
      testMatch: ['<rootDir>/{apps,libs,test}/**/*.{spec,int-spec,e2e-spec}.ts'],
    },
    {
      ...shared,
      displayName: 'esdb',
      testMatch: ['<rootDir>/test/payments-*.e2e-spec.ts'],
      setupFilesAfterEnv: [...shared.setupFilesAfterEnv, '<rootDir>/test/esdb/esdb-e2e.setup.ts'],
    },
  ],
};
