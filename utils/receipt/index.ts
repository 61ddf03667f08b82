export * from './types';
export * from './labels';
export * from './reasons';
export * from './amount';
export * from './canonical';
export * from './merge';
export * from './validate';
export * from './schema';
