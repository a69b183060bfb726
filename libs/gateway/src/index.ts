export * from './payment-gateway.port';
export * from './sandbox-payment-gateway';
export * from './cancel-within';
