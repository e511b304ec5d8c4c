// class-transformer keeps its @Type/@Expose/@Exclude/@Transform metadata in one object that its package
// entry does not export; Nest's mapped types read it from the same path. Its declaration ships beside the
// other types of the package, under another path.
declare module 'class-transformer/cjs/storage' {
  export { defaultMetadataStorage } from 'class-transformer/types/storage';
}
