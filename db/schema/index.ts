export * from './audit.ts';
export * from './creators.ts';
export * from './tenancy.ts';
