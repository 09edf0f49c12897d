export * from './division-code.ts';
export * from './id-card.ts';
export * from './mask.ts';
export * from './phone.ts';
export * from './uscc.ts';
