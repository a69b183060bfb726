export * from './payment-gateway.port';
export * from './cancel-within';
export * from './sandbox/sandbox-pg';
