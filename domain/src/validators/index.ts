export * from './division-code.ts';
export * from './id-card.ts';
export * from './mask.ts';
export * from './phone.ts';
export * from './schemas.ts';
export * from './text.ts';
export * from './uscc.ts';
