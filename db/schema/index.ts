export * from './application.ts';
export * from './audit.ts';
export * from './availability.ts';
export * from './creators.ts';
export * from './matching.ts';
export * from './sessions.ts';
export * from './tenancy.ts';
