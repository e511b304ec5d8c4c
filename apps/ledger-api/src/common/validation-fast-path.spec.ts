import 'reflect-metadata';
import { runInNewContext } from 'node:vm';
import { type ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { Exclude, Expose, Transform, Type } from 'class-transformer';
import {
  Allow,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
  registerDecorator,
} from 'class-validator';
import { JsonValidationPipe, SERVICE_VALIDATION_OPTIONS } from './json-validation.pipe';
import { NOT_PROVEN, ValidationFastPath } from './validation-fast-path';
import { cacheValidationMetadata } from './validation-metadata-cache';
import { IsNestedObject, IsNestedObjectList } from './validators';

// What the fast path declines to model, and the corner cases it does model. The properties over every DTO
// class of the API are in json-validation.pipe.spec.ts.

function registered(
  name: string,
  validate: (value: unknown) => boolean | Promise<boolean>,
  async = false,
): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name,
      async,
      target: target.constructor,
      propertyName: propertyName as string,
      validator: { validate },
    });
}

// --- classes the fast path leaves to the full path

class UnlistedConstraint {
  @IsBoolean()
  enabled!: boolean;
}
class UnlistedProjectDecorator {
  @registered('isEven', (value) => typeof value === 'number' && value % 2 === 0)
  count!: number;
}
class AsyncRule {
  @registered('isString', (value) => Promise.resolve(typeof value === 'string'), true)
  name!: string;
}
class GroupedRule {
  @IsString({ groups: ['admin'] })
  name!: string;
}
class PerRuleCondition {
  @IsString({ validateIf: (_object, value) => value !== '' })
  name!: string;
}
class Defined {
  @IsDefined()
  name!: string;
}
class Allowed {
  @Allow()
  anything!: unknown;
}
class Renamed {
  @Expose({ name: 'label' })
  @IsString()
  name!: string;
}
class Trimmed {
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MaxLength(3)
  name!: string;
}
@Exclude()
class ExcludedByDefault {
  @IsString()
  name!: string;
}
class Leaf {
  @IsString()
  name!: string;
}
class NestedWithoutType {
  @ValidateNested()
  leaf!: Leaf;
}
class TypeDependingOnValue {
  @ValidateNested()
  @Type((options) => (options?.object ? Leaf : Leaf))
  leaf!: Leaf;
}
class WithAccessor {
  @IsString()
  get name(): string {
    return 'fixed';
  }
}
class WithObjectDefault {
  @IsArray()
  @IsString({ each: true })
  tags: string[] = [];
}
class Recursive {
  @IsOptional()
  @ValidateNested()
  @Type(() => Recursive)
  child?: Recursive;
}
class GlobalPattern {
  @Matches(/^a+$/g)
  name!: string;
}
class NestsUnsupported {
  @ValidateNested()
  @Type(() => UnlistedConstraint)
  inner!: UnlistedConstraint;
}

/** an object as find-my-way's route parameters and fast-querystring's query objects are built */
const NULL_OBJECT_PROTOTYPE = Object.create(null) as object;
const nullObject = (members: object): object => Object.assign(Object.create(NULL_OBJECT_PROTOTYPE) as object, members);

// --- classes the fast path models

class WithPrimitiveDefault {
  @IsIn(['low', 'high'])
  level: string = 'low';
}
class Page {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  size!: number;
}
class Channel {
  @IsIn(['direct', 'reseller'])
  kind!: string;

  @ValidateIf((channel: Channel) => channel.kind === 'reseller' || channel.resellerId !== undefined)
  @IsString()
  resellerId?: string;
}
class Base {
  @IsString()
  @MaxLength(2)
  code!: string;
}
class Derived extends Base {
  // overrides the inherited customValidation rules of `code` (class-validator keeps the subclass's only)
  @IsString()
  @MaxLength(4)
  declare code: string;

  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => Channel)
  channels?: Channel[];
}
/** objects that must be objects (@IsObject beside @ValidateNested): a missing one or an array is refused */
class Placement {
  @IsNestedObject(() => Channel)
  channel!: Channel;

  @IsOptional()
  @IsNestedObjectList(() => Channel, { maxItems: 2 })
  channels?: Channel[];
}

describe('ValidationFastPath', () => {
  let pipe: JsonValidationPipe;
  let fastPath: ValidationFastPath;
  const body = (metatype: new () => object): ArgumentMetadata => ({ type: 'body', metatype });
  const fullPath = (value: unknown, metadata: ArgumentMetadata) =>
    ValidationPipe.prototype.transform.call(pipe, value, metadata) as Promise<unknown>;
  const settle = (answer: Promise<unknown>) =>
    answer.then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );

  beforeAll(() => {
    cacheValidationMetadata();
    pipe = new JsonValidationPipe(SERVICE_VALIDATION_OPTIONS);
    fastPath = ValidationFastPath.forOptions(SERVICE_VALIDATION_OPTIONS)!;
  });

  it('is on only for options under which a proof means the full path would accept', () => {
    expect(ValidationFastPath.forOptions(SERVICE_VALIDATION_OPTIONS)).toBeDefined();
    expect(
      ValidationFastPath.forOptions({ ...SERVICE_VALIDATION_OPTIONS, errorHttpStatusCode: 422, groups: undefined }),
    ).toBeDefined();
    for (const changed of [
      { whitelist: false },
      { forbidNonWhitelisted: false },
      { transform: false },
      { groups: ['admin'] },
      { always: true },
      { strictGroups: true },
      { skipMissingProperties: true },
      { skipNullProperties: true },
      { skipUndefinedProperties: true },
      { forbidUnknownValues: true },
      { transformOptions: { enableImplicitConversion: true } },
      { expectedType: Leaf },
      { someFutureOption: true },
    ]) {
      expect(ValidationFastPath.forOptions({ ...SERVICE_VALIDATION_OPTIONS, ...changed })).toBeUndefined();
    }
    expect(ValidationFastPath.forOptions(undefined)).toBeUndefined();
  });

  it.each([
    ['an unlisted built-in constraint', UnlistedConstraint, { enabled: true }],
    ['an unlisted registered decorator', UnlistedProjectDecorator, { count: 2 }],
    ['an async constraint, even under a listed name', AsyncRule, { name: 'a' }],
    ['a rule with groups', GroupedRule, { name: 'a' }],
    ['a rule with its own validateIf', PerRuleCondition, { name: '' }],
    ['@IsDefined', Defined, { name: 'a' }],
    ['@Allow', Allowed, { anything: { deep: [1] } }],
    ['@Expose with another name', Renamed, { label: 'a' }],
    ['@Transform', Trimmed, { name: '  abc  ' }],
    ['a class excluded by default', ExcludedByDefault, { name: 'a' }],
    ['@ValidateNested without @Type', NestedWithoutType, { leaf: { name: 'a' } }],
    ['a @Type that looks at the value', TypeDependingOnValue, { leaf: { name: 'a' } }],
    ['an accessor named like a property', WithAccessor, { name: 'a' }],
    ['an initialiser that sets an object', WithObjectDefault, {}],
    ['a class that nests itself', Recursive, { child: {} }],
    ['a global regular expression', GlobalPattern, { name: 'aa' }],
    ['a nested class it leaves to the full path', NestsUnsupported, { inner: { enabled: true } }],
  ])('leaves %s to the full path, which answers as before', async (_what, metatype, value) => {
    expect(fastPath.supports(metatype)).toBe(false);
    expect(fastPath.prove(structuredClone(value), metatype)).toBe(NOT_PROVEN);
    const expected = await settle(fullPath(structuredClone(value), body(metatype)));
    expect(await settle(pipe.transform(structuredClone(value), body(metatype)))).toStrictEqual(expected);
  });

  it.each([
    ['a primitive initialiser for a missing member', WithPrimitiveDefault, () => ({})],
    ['an empty body (undefined)', WithPrimitiveDefault, () => undefined],
    ['an empty body (null)', WithPrimitiveDefault, () => null],
    ['a query value converted by @Type(() => Number)', Page, () => nullObject({ size: '7' })],
    ['a condition on another member (not met)', Channel, () => ({ kind: 'direct' })],
    ['a condition on another member (met)', Channel, () => ({ kind: 'reseller', resellerId: 'r1' })],
    ['inherited rules a subclass overrides', Derived, () => ({ code: 'abcd' })],
    [
      'nested arrays of instances',
      Derived,
      () => ({ code: 'ab', channels: [{ kind: 'direct' }, { kind: 'reseller', resellerId: 'r' }] }),
    ],
    ['an optional member sent as null', Derived, () => ({ code: 'ab', channels: null })],
    ['an object that must be an object', Placement, () => ({ channel: { kind: 'direct' } })],
    [
      'a list of objects that must be objects',
      Placement,
      () => ({ channel: { kind: 'direct' }, channels: [{ kind: 'reseller', resellerId: 'r' }, { kind: 'direct' }] }),
    ],
    ['a list of objects sent as null', Placement, () => ({ channel: { kind: 'direct' }, channels: null })],
    ["route parameters as Fastify's router hands them", Channel, () => nullObject({ kind: 'direct' })],
    ['an object of another realm', Channel, () => runInNewContext('({ kind: "direct" })') as unknown],
  ])('proves %s, answering what the full path answers', async (_what, metatype, make) => {
    const proven = fastPath.prove(make(), metatype);
    const expected = await fullPath(make(), body(metatype));
    expect(proven).toBeInstanceOf(metatype);
    expect(proven).toStrictEqual(expected);
    expect(await pipe.transform(make(), body(metatype))).toStrictEqual(expected);
  });

  it.each([
    ['a condition that is met and a rule that fails', Channel, () => ({ kind: 'reseller' })],
    ['the overriding limit exceeded', Derived, () => ({ code: 'abcde' })],
    ['an unknown member', Channel, () => ({ kind: 'direct', extra: 1 })],
    ['a prototype key', Channel, () => JSON.parse('{"kind":"direct","__proto__":{"kind":"x"}}') as unknown],
    ['an array body', Channel, () => [{ kind: 'direct' }]],
    ['a text body', Channel, () => 'direct'],
    ['a nested array where an object is expected', Derived, () => ({ code: 'ab', channels: [[{ kind: 'direct' }]] })],
    ['an object that must be an object left out', Placement, () => ({})],
    ['an object that must be an object sent as an array', Placement, () => ({ channel: [] })],
    ['an object that must be an object sent as null', Placement, () => ({ channel: null })],
    ['an array in a list of objects', Placement, () => ({ channel: { kind: 'direct' }, channels: [[]] })],
    [
      'a list of objects sent as one object',
      Placement,
      () => ({ channel: { kind: 'direct' }, channels: { kind: 'direct' } }),
    ],
    ['a value that is not a plain object', Channel, () => Object.assign(new Date(0), { kind: 'direct' })],
    ['a text that @Type(() => Number) makes NaN', Page, () => ({ size: 'seven' })],
  ])('does not prove %s; the pipe answers as the full path', async (_what, metatype, make) => {
    expect(fastPath.prove(make(), metatype)).toBe(NOT_PROVEN);
    const expected = await settle(fullPath(make(), body(metatype)));
    expect(await settle(pipe.transform(make(), body(metatype)))).toStrictEqual(expected);
  });

  it('follows rules added to a class after its first proof', () => {
    class Late {
      @IsString()
      text!: string;
    }
    expect(fastPath.prove({ text: 'abcdef' }, Late)).toBeInstanceOf(Late);
    MaxLength(3)(Late.prototype, 'text');
    expect(fastPath.prove({ text: 'abcdef' }, Late)).toBe(NOT_PROVEN);
    expect(fastPath.prove({ text: 'abc' }, Late)).toBeInstanceOf(Late);
  });
});
