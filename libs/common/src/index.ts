export * from './clock';
export * from './config';
export * from './ids';
export * from './policy-config';
export * from './scheduler';
export * from './csv';
