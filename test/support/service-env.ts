/**
 * The environment of a service a long-running test starts (the chaos loop, the fuzzer): this
 * process's environment without any LEDGER_* setting or PORT (a developer's shell must not steer
 * the run), in test mode with the test clock on, a port the system picks, and the run's settings.
 */
export function testServiceEnv(settings: {
  readonly dataDir: string;
  readonly sandboxSlowMs: number;
}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('LEDGER_') && name !== 'PORT') env[name] = value;
  }
  return {
    ...env,
    NODE_ENV: 'test',
    PORT: '0',
    LEDGER_DATA_DIR: settings.dataDir,
    LEDGER_TEST_CLOCK: 'true',
    LEDGER_SANDBOX_SLOW_MS: String(settings.sandboxSlowMs),
  };
}
