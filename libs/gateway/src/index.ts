export * from './payment-gateway.port';
export * from './cancel-within';
export * from './sandbox/sandbox-pg';
export * from './pg-tracing';
export * from './metered-payment-gateway';
