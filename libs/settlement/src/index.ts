/**
 * libs/settlement: the daily close (R18, R19; docs/adr/0005). The day's stream and its commands,
 * the cancellation fence (reservations), the scan of the log, the close protocol, the due work of
 * the schedule, and the report files.
 */
export * from './cancellation-fence';
export * from './due-settlements';
export * from './sealed-digest-document';
export * from './settlement-calendar';
export * from './settlement-closer';
export * from './settlement-csv';
export * from './settlement-days';
export * from './settlement-document';
export * from './settlement-files';
export * from './settlement-log-scan';
export * from './settlement-rows';
export * from './settlement-services.module';
export * from './settlement-xlsx';
