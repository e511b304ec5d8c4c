import type { ValidationPipeOptions } from '@nestjs/common';
import { TransformationType } from 'class-transformer';
import { defaultMetadataStorage as transformerStorage } from 'class-transformer/cjs/storage';
import {
  ARRAY_MAX_SIZE,
  ARRAY_MIN_SIZE,
  IS_ARRAY,
  IS_EMAIL,
  IS_IN,
  IS_INT,
  IS_IP,
  IS_NOT_EMPTY,
  IS_NUMBER,
  IS_OBJECT,
  IS_PHONE_NUMBER,
  IS_STRING,
  MATCHES,
  MAX,
  MAX_LENGTH,
  MIN,
  MIN_LENGTH,
  type ValidationArguments,
  getMetadataStorage,
} from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { integerFromText } from './validators';

/**
 * What `ValidationFastPath.prove` answers when it could not show a value valid: the full validation must run
 * (it then gives the answer, error or not, exactly as before). See docs/adr/0019-validation-fast-path.md.
 */
export const NOT_PROVEN: unique symbol = Symbol('not proven');
type NotProven = typeof NOT_PROVEN;

/**
 * Constraints whose check is a pure function of the value and the decorator's constraints: calling them
 * once, in any order, with the built object decides exactly what class-validator decides. Any other
 * constraint (a new built-in, a project decorator not listed, one reading other members) sends its class
 * to the full path until it is listed here after that has been checked.
 */
const PURE_CONSTRAINTS = new Set<string>([
  IS_STRING,
  MIN_LENGTH,
  MAX_LENGTH,
  IS_IN,
  IS_ARRAY,
  ARRAY_MIN_SIZE,
  ARRAY_MAX_SIZE,
  IS_NUMBER,
  IS_INT,
  MIN,
  MAX,
  IS_EMAIL,
  IS_PHONE_NUMBER,
  IS_IP,
  IS_NOT_EMPTY,
  MATCHES,
  // not null, not an array: what IsNestedObject (common/validators.ts) adds to @ValidateNested
  IS_OBJECT,
  // common/validators.ts
  'isInstant',
  'isCalendarDate',
  'isLedgerId',
  'isCountryCode',
  'isSha256Hex',
]);

const CONDITIONAL = 'conditionalValidation';
const NESTED = 'nestedValidation';
const CUSTOM = 'customValidation';

/** Types class-transformer converts to, or builds, in its own way: never compiled as DTO classes. */
const BUILT_IN_TYPES: unknown[] = [Object, Array, Map, Set, Date, Buffer, Promise, RegExp, Error, Function, Symbol];
const CONVERSIONS = new Map<unknown, (value: unknown) => unknown>([
  [Number, (value) => Number(value)],
  [String, (value) => String(value)],
  [Boolean, (value) => Boolean(value)],
]);

type Instance = Record<string, unknown>;
type Condition = (object: object, value: unknown) => unknown;

interface Rule {
  readonly validate: (value: unknown, args: ValidationArguments) => unknown;
  readonly each: boolean;
  readonly constraints: unknown[];
}

interface PropertyPlan {
  readonly name: string;
  /** @IsOptional and @ValidateIf: the property is checked only when all of them hold */
  readonly conditions: Condition[];
  readonly rules: Rule[];
  /** @ValidateNested */
  readonly validatesNested: boolean;
  /** @Type(() => SomeDto): objects become instances of that class */
  readonly nested: ClassPlan | undefined;
  /** @Type(() => Number) and the like: primitives are converted as class-transformer converts them */
  readonly convert: ((value: unknown) => unknown) | undefined;
  /** class-transformer copies an array into a plain array (the declared type is an array, or unknown) */
  readonly arraysBecomeArrays: boolean;
  /** IntegerText (@Transform(integerFromText)): a text is converted by it; anything else is left to the full path */
  readonly textToInteger: boolean;
}

interface ClassPlan {
  readonly metatype: new () => Instance;
  readonly name: string;
  /** in class-validator's order */
  readonly properties: PropertyPlan[];
  readonly byName: Map<string, PropertyPlan>;
}

/** Options under which a proof means what the pipe's full path would decide; any other sets it off. */
const OPTIONS_PROVEN_UNDER: Record<string, (value: unknown) => boolean> = {
  whitelist: (value) => value === true,
  forbidNonWhitelisted: (value) => value === true,
  transform: (value) => value === true,
  forbidUnknownValues: (value) => value === false,
  // these only shape the error answer, which the fast path never gives, or choose which parameters are
  // validated at all (the pipe asks its own toValidate() before trying the fast path)
  validationError: () => true,
  stopAtFirstError: () => true,
  exceptionFactory: () => true,
  errorHttpStatusCode: () => true,
  disableErrorMessages: () => true,
  dismissDefaultMessages: () => true,
  enableDebugMessages: () => true,
  errorFormat: () => true,
  maxErrorMessagesLength: () => true,
  validateCustomDecorators: () => true,
};

/**
 * Proves a plain value (a JSON body, route parameters or a query object) valid for a DTO class without
 * class-transformer and class-validator's general machinery, and builds the same instances they would.
 *
 * Per class, once: class-validator's rules and class-transformer's @Type metadata are read into a plan;
 * a class with anything the plan does not model (an unknown constraint or validation type, groups, async
 * or per-rule conditions, @Expose/@Exclude/@Transform, discriminators, accessors or methods named like a
 * property, a constructor that sets objects, a cycle of classes) gets no plan and always takes the full path.
 * Per value: the instance is built as `plainToInstance` builds it (`new Class()`, then each member in the
 * value's order), then every rule is run on the built object as class-validator runs it (same conditions,
 * same constraint instances, same arguments). Anything outside the plan (an unknown member, a prototype
 * key, an object or array where class-transformer would copy rather than build, a sparse array, an
 * object that is not a plain one) answers NOT_PROVEN, and so does any rule that fails: the full path then
 * answers, so every error response is the one it always was.
 */
export class ValidationFastPath {
  private readonly plans = new Map<unknown, ClassPlan | null>();
  private plannedAt = -1;

  /** A fast path for a pipe built with these options, or undefined when a proof would not mean validity. */
  static forOptions(options: ValidationPipeOptions | undefined): ValidationFastPath | undefined {
    if (!options || options.whitelist !== true || options.forbidNonWhitelisted !== true || options.transform !== true) {
      return undefined;
    }
    for (const [key, value] of Object.entries(options)) {
      if (value === undefined) continue;
      const accepts = Object.hasOwn(OPTIONS_PROVEN_UNDER, key) ? OPTIONS_PROVEN_UNDER[key] : undefined;
      if (!accepts || !accepts(value)) return undefined;
    }
    watchMetadata();
    return new ValidationFastPath();
  }

  private constructor() {}

  /**
   * The instance the full path would return for `value` validated as `metatype`, or NOT_PROVEN.
   * A nil value is validated as an empty object, as the pipe does.
   */
  prove(value: unknown, metatype: unknown): object | NotProven {
    const plan = this.planFor(metatype);
    if (plan === undefined) return NOT_PROVEN;
    try {
      const instance = build(plan, value ?? {});
      return instance !== NOT_PROVEN && check(plan, instance) ? instance : NOT_PROVEN;
    } catch {
      // a condition or constructor that throws: the full path meets it too and answers as it always did
      return NOT_PROVEN;
    }
  }

  /** Whether valid values of this class can be proven at all (false: it always takes the full path). */
  supports(metatype: unknown): boolean {
    return this.planFor(metatype) !== undefined;
  }

  private planFor(metatype: unknown): ClassPlan | undefined {
    if (this.plannedAt !== metadataGeneration) {
      // a decorator ran after the plans were made (classes defined late, e.g. in tests): plan again
      this.plans.clear();
      this.plannedAt = metadataGeneration;
    }
    const known = this.plans.get(metatype);
    if (known !== undefined) return known ?? undefined;
    return planClass(metatype, this.plans, new Set());
  }
}

// ---------------------------------------------------------------------------------------------------
// Per value

function build(plan: ClassPlan, plain: unknown): Instance | NotProven {
  if (!isPlainObject(plain)) return NOT_PROVEN;
  const instance = new plan.metatype();
  for (const key of Object.keys(plain)) {
    const property = plan.byName.get(key);
    // whitelist + forbidNonWhitelisted: an unknown member is an error (a prototype key never has a rule)
    if (property === undefined) return NOT_PROVEN;
    const value = buildMember(property, plain[key]);
    if (value === NOT_PROVEN) return NOT_PROVEN;
    instance[key] = value;
  }
  return instance;
}

function buildMember(property: PropertyPlan, value: unknown): unknown {
  if (property.textToInteger) return typeof value === 'string' ? integerFromText({ value }) : NOT_PROVEN;
  if (!Array.isArray(value)) return buildItem(property, value);
  if (!property.arraysBecomeArrays || Object.getPrototypeOf(value) !== Array.prototype) return NOT_PROVEN;
  const items = value as unknown[];
  const built: unknown[] = [];
  for (let index = 0; index < items.length; index++) {
    // class-transformer skips the gaps of a sparse array (the built array is shorter)
    if (!(index in items)) return NOT_PROVEN;
    const item = buildItem(property, items[index]);
    if (item === NOT_PROVEN) return NOT_PROVEN;
    built.push(item);
  }
  return built;
}

function buildItem(property: PropertyPlan, value: unknown): unknown {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return property.convert ? property.convert(value) : value;
    case 'undefined':
      return value;
    case 'object':
      if (value === null) return value;
      // an array in an array, or an object without @Type: class-transformer copies those, not modelled
      if (Array.isArray(value) || property.nested === undefined) return NOT_PROVEN;
      return build(property.nested, value);
    case 'function':
    case 'symbol':
    case 'bigint':
      return NOT_PROVEN;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as object | null;
  if (prototype !== Object.prototype && prototype !== null && !isEmptyNullObject(prototype)) return false;
  // class-transformer turns an object with a `then` method into a promise
  return typeof (value as { then?: unknown }).then !== 'function';
}

/**
 * Fastify's router and query parser hand over objects whose prototype is an empty object without a
 * prototype (find-my-way's NullObject, fast-querystring's Empty). Such a prototype (or another realm's
 * Object.prototype, whose members are not enumerable) adds nothing class-transformer or the pipe's
 * prototype-key stripping would read: no enumerable member, no Date, Map, Set or Buffer behind it.
 */
function isEmptyNullObject(prototype: object): boolean {
  if (Object.getPrototypeOf(prototype) !== null) return false;
  for (const _ in prototype) return false;
  return true;
}

function check(plan: ClassPlan, instance: Instance): boolean {
  for (const property of plan.properties) {
    const value = instance[property.name];
    let validated = true;
    // class-validator calls every condition, then skips the property when one of them is false
    for (const condition of property.conditions) if (!condition(instance, value)) validated = false;
    if (!validated) continue;
    for (const rule of property.rules) {
      const args: ValidationArguments = {
        targetName: plan.name,
        property: property.name,
        object: instance,
        value,
        constraints: rule.constraints,
      };
      if (rule.each && Array.isArray(value)) {
        for (const item of value as unknown[]) if (!accepted(rule.validate(item, args))) return false;
      } else if (!accepted(rule.validate(value, args))) {
        return false;
      }
    }
    if (property.validatesNested && value !== undefined && !checkNested(property, value)) return false;
  }
  return true;
}

/** class-validator takes any truthy answer for valid, and awaits a promise (not modelled) */
function accepted(result: unknown): boolean {
  if (result === true) return true;
  if (!result) return false;
  return typeof (result as { then?: unknown }).then !== 'function';
}

/** @ValidateNested as class-validator applies it, with or without `each`: items of arrays, undefined passes */
function checkNested(property: PropertyPlan, value: unknown): boolean {
  if (Array.isArray(value)) {
    for (const item of value as unknown[]) if (item !== undefined && !checkNested(property, item)) return false;
    return true;
  }
  const nested = property.nested;
  if (nested === undefined || typeof value !== 'object' || value === null) return false;
  // every object here was built by build() from the property's @Type class
  return (value as Instance).constructor === nested.metatype && check(nested, value as Instance);
}

// ---------------------------------------------------------------------------------------------------
// Per class

function planClass(metatype: unknown, plans: Map<unknown, ClassPlan | null>, inProgress: Set<unknown>) {
  const known = plans.get(metatype);
  if (known !== undefined) return known ?? undefined;
  // a class that (through others) nests itself: not modelled
  if (inProgress.has(metatype)) return undefined;
  inProgress.add(metatype);
  const plan = typeof metatype === 'function' ? makeClassPlan(metatype as AnyClass, plans, inProgress) : undefined;
  inProgress.delete(metatype);
  plans.set(metatype, plan ?? null);
  return plan;
}

/** a class as class-validator and class-transformer see one: something with a prototype */
type AnyClass = abstract new (...args: never[]) => unknown;

function makeClassPlan(
  metatype: AnyClass,
  plans: Map<unknown, ClassPlan | null>,
  inProgress: Set<unknown>,
): ClassPlan | undefined {
  const prototype = metatype.prototype as unknown;
  if (typeof prototype !== 'object' || prototype === null || BUILT_IN_TYPES.includes(metatype)) return undefined;
  // @Expose/@Exclude change which members class-transformer copies, and under which names
  if (
    transformerStorage.getStrategy(metatype) !== 'none' ||
    transformerStorage.getExposedMetadatas(metatype).length > 0 ||
    transformerStorage.getExcludedMetadatas(metatype).length > 0
  ) {
    return undefined;
  }
  // the rules class-validator applies without groups (inherited ones included, overridden ones not)
  const grouped: Record<string, ValidationMetadata[]> = Object.create(null) as Record<string, ValidationMetadata[]>;
  for (const metadata of getMetadataStorage().getTargetValidationMetadatas(metatype, '', false, false, undefined)) {
    (grouped[metadata.propertyName] ??= []).push(metadata);
  }
  const properties: PropertyPlan[] = [];
  for (const name of Object.keys(grouped)) {
    const property = makePropertyPlan(metatype, name, grouped[name], plans, inProgress);
    if (property === undefined) return undefined;
    properties.push(property);
  }
  const byName = new Map(properties.map((property) => [property.name, property]));
  if (!constructsOnlyRuledPrimitives(metatype as new () => object, prototype, byName)) return undefined;
  return { metatype: metatype as new () => Instance, name: metatype.name, properties, byName };
}

/**
 * The members the constructor sets (class fields, initialisers) are validated and whitelisted like the
 * value's own: each must have rules, and hold a primitive (an object there would not have been built here).
 */
function constructsOnlyRuledPrimitives(
  metatype: new () => object,
  prototype: object,
  byName: Map<string, PropertyPlan>,
): boolean {
  let sample: object;
  try {
    sample = new metatype();
  } catch {
    return false;
  }
  if (Object.getPrototypeOf(sample) !== prototype || (sample as Instance).constructor !== metatype) return false;
  for (const key of Reflect.ownKeys(sample)) {
    const descriptor = Object.getOwnPropertyDescriptor(sample, key);
    if (typeof key !== 'string' || !byName.has(key) || !descriptor || !descriptor.writable) return false;
    if (!descriptor.enumerable || !('value' in descriptor)) return false;
    const value: unknown = descriptor.value;
    if ((typeof value === 'object' && value !== null) || typeof value === 'function') return false;
  }
  return true;
}

function makePropertyPlan(
  metatype: AnyClass,
  name: string,
  metadatas: ValidationMetadata[],
  plans: Map<unknown, ClassPlan | null>,
  inProgress: Set<unknown>,
): PropertyPlan | undefined {
  // class-transformer skips prototype keys and members that are methods or read-only accessors
  if (name === '__proto__' || name === 'constructor' || name === 'prototype' || name in metatype.prototype) {
    return undefined;
  }
  // of @Transform, only IntegerText's conversion, alone and without options, is known here
  const transforms = transformerStorage.findTransformMetadatas(metatype, name, TransformationType.PLAIN_TO_CLASS);
  const textToInteger = transforms.length > 0;
  if (
    textToInteger &&
    (transforms.length !== 1 ||
      transforms[0].transformFn !== integerFromText ||
      Object.keys(transforms[0].options ?? {}).length > 0)
  ) {
    return undefined;
  }
  const conditions: Condition[] = [];
  const rules: Rule[] = [];
  let validatesNested = false;
  for (const metadata of metadatas) {
    if ((metadata.groups && metadata.groups.length > 0) || metadata.validateIf !== undefined) return undefined;
    if (metadata.type === CONDITIONAL) {
      const condition = metadata.constraints?.[0] as unknown;
      if (typeof condition !== 'function') return undefined;
      conditions.push(condition as Condition);
    } else if (metadata.type === NESTED) {
      validatesNested = true;
    } else if (metadata.type === CUSTOM) {
      const ruleList = rulesOf(metadata);
      if (ruleList === undefined) return undefined;
      rules.push(...ruleList);
    } else {
      // @IsDefined, @Allow, @ValidatePromise, or a type this plan does not know
      return undefined;
    }
  }

  const type = transformerStorage.findTypeMetadata(metatype, name);
  let nested: ClassPlan | undefined;
  let convert: ((value: unknown) => unknown) | undefined;
  let arraysBecomeArrays = true;
  if (type !== undefined) {
    if (type.options?.discriminator || type.reflectedType === Map) return undefined;
    // `() => SomeDto` names one type for every value; a function that looks at the value might not
    if (typeof type.typeFunction !== 'function' || type.typeFunction.length !== 0) return undefined;
    const target: unknown = type.typeFunction();
    convert = CONVERSIONS.get(target);
    if (convert === undefined) {
      if (typeof target !== 'function' || BUILT_IN_TYPES.includes(target)) return undefined;
      nested = planClass(target, plans, inProgress);
      if (nested === undefined) return undefined;
    }
    // class-transformer builds an array value into a new instance of the declared type when it has `push`
    const declared: unknown = type.reflectedType;
    arraysBecomeArrays = declared === undefined || declared === Array;
  }
  if (validatesNested && nested === undefined) return undefined;
  if (textToInteger && (type !== undefined || validatesNested)) return undefined;
  return { name, conditions, rules, validatesNested, nested, convert, arraysBecomeArrays, textToInteger };
}

function rulesOf(metadata: ValidationMetadata): Rule[] | undefined {
  if (typeof metadata.constraintCls !== 'function') return undefined;
  const implementations = getMetadataStorage().getTargetValidatorConstraints(metadata.constraintCls);
  if (implementations.length === 0) return undefined;
  const rules: Rule[] = [];
  for (const implementation of implementations) {
    if (implementation.async || implementation.name !== metadata.name || !PURE_CONSTRAINTS.has(implementation.name)) {
      return undefined;
    }
    if (implementation.name === MATCHES && !isStatelessPattern(metadata.constraints?.[0])) return undefined;
    // resolved once: class-validator's default container hands out one instance per constraint class
    const instance = implementation.instance as { validate?: unknown };
    if (typeof instance?.validate !== 'function') return undefined;
    const validate = instance.validate as Rule['validate'];
    rules.push({
      validate: (value, args) => validate.call(instance, value, args),
      each: Boolean(metadata.each),
      constraints: metadata.constraints,
    });
  }
  return rules;
}

/** a global or sticky expression keeps state between tests (lastIndex): checking twice could differ */
function isStatelessPattern(pattern: unknown): boolean {
  return typeof pattern === 'string' || (pattern instanceof RegExp && !pattern.global && !pattern.sticky);
}

// ---------------------------------------------------------------------------------------------------
// Plans follow the metadata: a decorator that runs after a plan was made (a class defined later, a rule
// added to a class at run time) makes every plan be made again.

let metadataGeneration = 0;
let watching = false;

function watchMetadata(): void {
  if (watching) return;
  watching = true;
  const validatorStorage = getMetadataStorage();
  countCalls(validatorStorage, 'addValidationMetadata');
  countCalls(validatorStorage, 'addConstraintMetadata');
  countCalls(transformerStorage, 'addTypeMetadata');
  countCalls(transformerStorage, 'addTransformMetadata');
  countCalls(transformerStorage, 'addExposeMetadata');
  countCalls(transformerStorage, 'addExcludeMetadata');
  countCalls(transformerStorage, 'clear');
}

function countCalls<T extends object>(target: T, method: keyof T & string): void {
  const original = target[method] as (...args: unknown[]) => unknown;
  Object.defineProperty(target, method, {
    configurable: true,
    writable: true,
    value: (...args: unknown[]) => {
      metadataGeneration++;
      return original.apply(target, args);
    },
  });
}
