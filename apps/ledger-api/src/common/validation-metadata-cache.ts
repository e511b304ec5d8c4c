import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

type Storage = ReturnType<typeof getMetadataStorage> & {
  groupByPropertyName(metadata: ValidationMetadata[]): Record<string, ValidationMetadata[]>;
};

let installed = false;

/**
 * Makes class-validator look up each DTO class's rules once instead of on every validation.
 *
 * Why: class-validator (0.15) rebuilds a class's rule list on every `validate()` call, testing the class
 * against every other decorated class for inheritance, then groups the list by property; with this
 * service's ~70 DTO classes that was the largest single cost of validating a command body (see
 * docs/adr/0016-api-hot-path-performance.md). The rules of a class only change when a decorator runs, i.e. while
 * classes are being defined, so both lookups are remembered per arguments and forgotten whenever a rule is
 * added. The results are class-validator's own arrays, which it only reads. Installed once per process.
 */
export function cacheValidationMetadata(): void {
  if (installed) return;
  installed = true;
  const storage = getMetadataStorage() as Storage;
  const targetMetadatas = storage.getTargetValidationMetadatas.bind(storage);
  const groupByPropertyName = storage.groupByPropertyName.bind(storage);
  const addValidationMetadata = storage.addValidationMetadata.bind(storage);
  let byTarget = new Map<unknown, Map<string, ValidationMetadata[]>>();
  let grouped = new WeakMap<ValidationMetadata[], Record<string, ValidationMetadata[]>>();

  storage.addValidationMetadata = (metadata: ValidationMetadata) => {
    byTarget = new Map();
    grouped = new WeakMap();
    addValidationMetadata(metadata);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    // validation groups are not used by this service; calls with groups go to class-validator as they are
    if (groups !== undefined && groups.length > 0) {
      return targetMetadatas(target, schema, always, strictGroups, groups);
    }
    let cached = byTarget.get(target);
    if (!cached) byTarget.set(target, (cached = new Map<string, ValidationMetadata[]>()));
    const key = `${schema}\u0000${always}\u0000${strictGroups}`;
    let metadatas = cached.get(key);
    if (!metadatas) cached.set(key, (metadatas = targetMetadatas(target, schema, always, strictGroups, groups)));
    return metadatas;
  };
  storage.groupByPropertyName = (metadatas: ValidationMetadata[]) => {
    let result = grouped.get(metadatas);
    if (!result) grouped.set(metadatas, (result = groupByPropertyName(metadatas)));
    return result;
  };
}
