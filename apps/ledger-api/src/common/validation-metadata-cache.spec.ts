import { IsInt, IsString, MaxLength, validateSync } from 'class-validator';
import { cacheValidationMetadata } from './validation-metadata-cache';

function failedProperties(value: object): string[] {
  return validateSync(value, { whitelist: true, forbidNonWhitelisted: true }).map((error) => error.property);
}

describe('cacheValidationMetadata', () => {
  beforeAll(() => cacheValidationMetadata());

  it('validates as class-validator does, also for classes and rules defined after a first validation', () => {
    class Parent {
      @IsString()
      name!: unknown;
    }
    expect(failedProperties(Object.assign(new Parent(), { name: 1 }))).toEqual(['name']);
    expect(failedProperties(Object.assign(new Parent(), { name: 'a' }))).toEqual([]);

    // defined after Parent's rules were looked up (and remembered): must see its own and the inherited ones
    class Child extends Parent {
      @IsInt()
      count!: unknown;
    }
    expect(failedProperties(Object.assign(new Child(), { name: 1, count: 'x' })).sort()).toEqual(['count', 'name']);
    expect(failedProperties(Object.assign(new Child(), { name: 'a', count: 2, extra: true }))).toEqual(['extra']);
    // Parent itself is unchanged by its subclass
    expect(failedProperties(Object.assign(new Parent(), { name: 'a', count: 'x' }))).toEqual(['count']);
  });

  it('takes rules added to a class that was already validated', () => {
    class Late {
      @IsString()
      text!: unknown;
    }
    expect(failedProperties(Object.assign(new Late(), { text: 'abcdef' }))).toEqual([]);
    MaxLength(3)(Late.prototype, 'text');
    expect(failedProperties(Object.assign(new Late(), { text: 'abcdef' }))).toEqual(['text']);
  });
});
