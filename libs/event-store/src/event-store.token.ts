/** Nest injection token of the application's one `EventStore`. */
export const EVENT_STORE = Symbol('EventStore');
