/**
 * libs/metrics: the process's Prometheus metrics (prom-client), in a registry per app. Libraries
 * record into `LedgerMetrics`; apps/api serves it at `GET /metrics`.
 */
export * from './ledger-metrics';
