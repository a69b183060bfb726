/**
 * Histogram buckets, in seconds. Few on purpose: each bucket is a series per label set, and the
 * HTTP histogram has a label set per method, route and status that has answered (about 160 after
 * the fuzzer's run, whose process must show at most 2,000 series: test/fuzz). Seven buckets keep
 * the p99 of a route within one bucket's span; beyond the last, histogram_quantile reports it.
 */

/** An answer: most take milliseconds; a guest look-up's hash ~0.2 s; a cancellation waits for the PG. */
export const HTTP_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 2.5];

/** A call to the PG: tens of milliseconds to its deadline and beyond. */
export const PG_CALL_SECONDS = [0.01, 0.05, 0.1, 0.5, 1, 2.5, 10];

/** A settlement close (one series): one scan of the day's slice of the log, then the files. */
export const SETTLEMENT_CLOSE_SECONDS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
