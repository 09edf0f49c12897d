export * from './auth/index.ts';
export * from './calendar/index.ts';
export * from './engine/index.ts';
export * from './errors.ts';
export * from './validators/index.ts';
