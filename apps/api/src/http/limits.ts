const itemsPerPaymentMax = 1000;

/**
 * The limits of what the API accepts, in one place with their units (STYLE.md). Validation
 * decorators read them when the DTO classes load, so a change here is a change of the contract
 * (DESIGN.md §6): the OpenAPI document and the 400s follow it.
 */
export const REQUEST_LIMITS = {
  /** Largest request body; 1,000 items of the longest court name fit with room to spare. */
  bodyBytes: 1024 * 1024,
  /**
   * Deepest JSON nesting of a body. Our bodies are three levels deep; a limit keeps recursive
   * walkers (class-transformer, the validation pipe) far from the stack's end.
   */
  jsonDepth: 16,
  /**
   * Longest path parameter the router matches. Far above any valid id, so that an overlong id
   * reaches its pipe and gets a 400 naming the field; Node limits the whole request line to 16 KiB.
   */
  routeParamChars: 16 * 1024,
  /**
   * Most values (objects, arrays, strings, numbers, …) one body may hold; a body with more is a
   * 413. A full payment holds about three per item. Without it a megabyte of `[{},{},…]` would
   * cost class-transformer seconds of CPU before validation could refuse it.
   */
  jsonValuesMax: itemsPerPaymentMax * 10,
  /** R2: items per payment (configurable later; the domain enforces its own setting too). */
  itemsPerPaymentMax,
  /** Payment and item ids in paths. */
  resourceIdCharsMax: 64,
  idempotencyKeyCharsMax: 255,
  /** Time to receive a whole request (headers and body); answering may take longer. */
  requestReceiveMs: 30_000,
} as const;
