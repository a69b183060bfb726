/** Limits of the settlement close, with their units, in one place (STYLE.md "Names are a contract"). */
export const SETTLEMENT_LIMITS = Object.freeze({
  /**
   * How long a cancellation's reservation on its day's settlement holds the close back (R19). It
   * must outlast the PG cancellation call, including the gateway adapter's own timeout; after it
   * the close stops waiting and names the reservation as abandoned.
   */
  cancellationLeaseSeconds: 120,
});
