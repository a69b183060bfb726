import { Registry, collectDefaultMetrics } from 'prom-client';

let processRegistry: Registry | undefined;

/**
 * Node's default metrics (event-loop lag, GC, heap, CPU, handles, file descriptors) shown in
 * `registry` too. They are collected once per process, not once per app: they describe the
 * process, and each collection starts an event-loop monitor and a GC observer that cannot be
 * stopped again, which a test file that starts many apps would pile up. Every app's registry shows
 * the same metric objects.
 */
export function showProcessMetricsIn(registry: Registry): void {
  if (processRegistry === undefined) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  for (const { name } of processRegistry.getMetricsAsArray()) {
    const metric = processRegistry.getSingleMetric(name);
    if (metric !== undefined) registry.registerMetric(metric);
  }
}
