/** A setting is missing or malformed: the service refuses to start, saying which and why. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
