export * from './menu.ts';
export * from './password.ts';
export * from './roles.ts';
export * from './scope.ts';
