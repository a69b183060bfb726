/**
 * libs/limits: every time limit, retry bound, cost and page size, with units in the names, and the
 * relations they must keep. Pure: no imports, so every library (the domain included) may use it.
 */
export * from './limits';
