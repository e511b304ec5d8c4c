export * from './sqlite-key-store';
export * from './key-files';
