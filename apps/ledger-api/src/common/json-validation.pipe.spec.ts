import 'reflect-metadata';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { TransformationType } from 'class-transformer';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
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
  IS_PHONE_NUMBER,
  IS_STRING,
  MATCHES,
  MAX,
  MAX_LENGTH,
  MIN,
  MIN_LENGTH,
  getMetadataStorage,
} from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import fc from 'fast-check';
import { ID_PATTERN } from '@cip/domain';
import { AccessController } from '../access/access.controller';
import { AccountsController } from '../accounts/accounts.controller';
import { FlagAccountDto } from '../accounts/dto/account-commands.dto';
import { OpenAccountDto } from '../accounts/dto/open-account.dto';
import { AuditController } from '../audit/audit.controller';
import { HealthController } from '../health/health.controller';
import { InvestigationsController } from '../investigations/investigations.controller';
import { MetricsController } from '../observability/metrics.controller';
import { ResellersController } from '../resellers/resellers.controller';
import { SpecialMeasuresController } from '../special-measures/special-measures.controller';
import { AccountParams, FlagParams } from './id-params.dto';
import { JsonValidationPipe, SERVICE_VALIDATION_OPTIONS } from './json-validation.pipe';
import { NOT_PROVEN, ValidationFastPath } from './validation-fast-path';
import { cacheValidationMetadata } from './validation-metadata-cache';
import { integerFromText } from './validators';

// The fast path must answer exactly as Nest's full ValidationPipe path answers, for every DTO class the
// pipe sees. Inputs are drawn from each class's own rules (mostly valid), then mutated (wrong types,
// missing and extra members, prototype keys, boundary lengths and sizes, nested garbage); the full path is
// the oracle.

const CONTROLLERS = [
  AccessController,
  AccountsController,
  AuditController,
  HealthController,
  InvestigationsController,
  MetricsController,
  ResellersController,
  SpecialMeasuresController,
];

type Metatype = new () => object;
interface Route {
  name: string;
  metadata: ArgumentMetadata & { metatype: Metatype };
}

const PARAMETER_TYPES: Record<string, ArgumentMetadata['type']> = { 3: 'body', 4: 'query', 5: 'param' };
const NOT_VALIDATED: unknown[] = [String, Boolean, Number, Array, Object, Buffer, Date, undefined];

/** Every (class, parameter type) the pipe validates, read from the controllers' route metadata. */
function validatedParameters(): Route[] {
  const found = new Map<string, Route>();
  for (const controller of CONTROLLERS) {
    for (const method of Object.getOwnPropertyNames(controller.prototype)) {
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<
        string,
        { index: number; data?: string }
      >;
      const types = (Reflect.getMetadata('design:paramtypes', controller.prototype, method) ?? []) as unknown[];
      for (const [key, argument] of Object.entries(args)) {
        const type = PARAMETER_TYPES[key.split(':')[0]];
        const metatype = types[argument.index];
        if (type === undefined || NOT_VALIDATED.includes(metatype) || argument.data !== undefined) continue;
        const name = `${(metatype as Metatype).name} (${type})`;
        found.set(name, { name, metadata: { type, metatype: metatype as Metatype, data: undefined } });
      }
    }
  }
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
}

// ---------------------------------------------------------------------------------------------------
// Inputs drawn from a class's rules

const ARRAY_RULES = new Set([IS_ARRAY, ARRAY_MIN_SIZE, ARRAY_MAX_SIZE]);
const arbitraries = new Map<unknown, fc.Arbitrary<Record<string, unknown>>>();
/** a required member left out of the body (fc.record only leaves out the members it does not require) */
const MISSING = Symbol('missing');

function rulesOf(metatype: Metatype): Record<string, ValidationMetadata[]> {
  const grouped: Record<string, ValidationMetadata[]> = {};
  for (const metadata of getMetadataStorage().getTargetValidationMetadatas(metatype, '', false, false, undefined)) {
    (grouped[metadata.propertyName] ??= []).push(metadata);
  }
  return grouped;
}

function classArbitrary(metatype: Metatype): fc.Arbitrary<Record<string, unknown>> {
  let arbitrary = arbitraries.get(metatype);
  if (arbitrary) return arbitrary;
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  const requiredKeys: string[] = [];
  for (const [name, metadatas] of Object.entries(rulesOf(metatype))) {
    const member = memberArbitrary(metatype, name, metadatas);
    if (metadatas.some((metadata) => metadata.type === 'conditionalValidation')) {
      model[name] = fc.oneof({ arbitrary: member, weight: 6 }, fc.constant(null), fc.constant(undefined));
    } else {
      // a required object member is sometimes missing, which @ValidateNested alone lets through
      const nested = metadatas.some((metadata) => metadata.type === 'nestedValidation');
      model[name] = nested ? fc.oneof({ arbitrary: member, weight: 12 }, fc.constant(MISSING)) : member;
      requiredKeys.push(name);
    }
  }
  arbitrary = fc
    .record(model, { requiredKeys })
    .map((value) => Object.fromEntries(Object.entries(value).filter(([, member]) => member !== MISSING)));
  arbitraries.set(metatype, arbitrary);
  return arbitrary;
}

function memberArbitrary(metatype: Metatype, name: string, metadatas: ValidationMetadata[]): fc.Arbitrary<unknown> {
  const custom = new Map(
    metadatas
      .filter((metadata) => metadata.type === 'customValidation')
      .map((metadata) => [String(metadata.name), metadata]),
  );
  const typeMetadata = defaultMetadataStorage.findTypeMetadata(metatype, name);
  const target = typeMetadata?.typeFunction() as unknown;
  const nested = metadatas.some((metadata) => metadata.type === 'nestedValidation');
  const object = fc.constant(null).chain(() => classArbitrary(target as Metatype));
  // query and path integers: @Type(() => Number) or IntegerText's conversion (validators.ts)
  const fromText =
    target === Number ||
    defaultMetadataStorage
      .findTransformMetadatas(metatype, name, TransformationType.PLAIN_TO_CLASS)
      .some((transform) => transform.transformFn === integerFromText);
  const item: fc.Arbitrary<unknown> = nested ? orNotAnObject(object) : leafArbitrary(custom, fromText);
  const isList = custom.has(IS_ARRAY) || (nested && typeMetadata?.reflectedType === Array);
  if (!isList) return item;
  const constraint = (rule: string) => custom.get(rule)?.constraints[0] as number | undefined;
  const minLength = constraint(ARRAY_MIN_SIZE) ?? 0;
  const maxLength = Math.min(constraint(ARRAY_MAX_SIZE) ?? 5, minLength + 3);
  const list = fc.array(item, { minLength, maxLength });
  // a list of objects sent as one object
  return nested ? fc.oneof({ arbitrary: list, weight: 12 }, object) : list;
}

/**
 * Where an object is expected (a member, or an item of a list), sometimes what @ValidateNested alone lets
 * through or answers itself: an array (empty, or holding the object), null, a text.
 */
function orNotAnObject(object: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: object, weight: 12 },
    fc.constant([]),
    object.map((value) => [value]),
    fc.constantFrom(null, 'x'),
  );
}

const instant = fc
  .date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2999-12-31T23:59:59Z'), noInvalidDate: true })
  .map((date) => date.toISOString());
const LEAVES: Record<string, fc.Arbitrary<unknown>> = {
  isLedgerId: fc.oneof(
    { arbitrary: fc.stringMatching(ID_PATTERN), weight: 12 },
    fc.constantFrom('a'.repeat(128), 'a'.repeat(129), '_x', ''),
  ),
  isInstant: fc.oneof(
    { arbitrary: instant, weight: 10 },
    { arbitrary: instant.map((text) => `${text.slice(0, 19)}+01:00`), weight: 2 },
    fc.constantFrom('2026-02-30T00:00:00Z', '2026-12-01T04:19Z', '2026-12-01T04:19:46.123456789-05:30', '2026-12-01'),
  ),
  isCalendarDate: fc.oneof(
    { arbitrary: instant.map((text) => text.slice(0, 10)), weight: 12 },
    fc.constantFrom('2026-02-30', '1980-4-30', '1980-04-30T00:00:00Z'),
  ),
  isCountryCode: fc.oneof({ arbitrary: fc.stringMatching(/^[A-Z]{2}$/), weight: 12 }, fc.constantFrom('de', 'DEU', '')),
  isSha256Hex: fc.oneof(
    { arbitrary: fc.stringMatching(/^[0-9a-f]{64}$/), weight: 12 },
    fc.constantFrom('A'.repeat(64), 'a'.repeat(63)),
  ),
  [IS_EMAIL]: fc.oneof(
    { arbitrary: fc.constantFrom('erika@example.org', 'a.b+c@sub.example.com'), weight: 12 },
    fc.emailAddress(),
    fc.constantFrom('no-at-sign', 'x@y', `${'a'.repeat(310)}@example.org`),
  ),
  [IS_PHONE_NUMBER]: fc.oneof(
    { arbitrary: fc.constantFrom('+4930123456', '+14155552671', '+49 30 123456'), weight: 12 },
    fc.constantFrom('+1', '030123456', ' +4930123456'),
  ),
  [IS_IP]: fc.oneof(
    { arbitrary: fc.ipV4(), weight: 6 },
    { arbitrary: fc.ipV6(), weight: 6 },
    fc.constantFrom('256.1.1.1', 'not-an-ip', '::1', '203.0.113.7'),
  ),
};

function leafArbitrary(custom: Map<string, ValidationMetadata>, fromText: boolean): fc.Arbitrary<unknown> {
  const names = [...custom.keys()].filter((rule) => !ARRAY_RULES.has(rule));
  const constraint = (rule: string) => custom.get(rule)?.constraints[0] as unknown;
  const known = names.filter((rule) => LEAVES[rule] !== undefined);
  if (known.length > 0) return LEAVES[known[0]];
  if (custom.has(IS_IN)) {
    return fc.oneof(
      { arbitrary: fc.constantFrom(...(constraint(IS_IN) as unknown[])), weight: 12 },
      fc.constant('other'),
    );
  }
  if (custom.has(MATCHES)) {
    return fc.oneof({ arbitrary: fc.stringMatching(constraint(MATCHES) as RegExp), weight: 12 }, fc.string());
  }
  if (custom.has(IS_INT) || custom.has(IS_NUMBER)) {
    const min = (constraint(MIN) as number | undefined) ?? -5;
    const max = (constraint(MAX) as number | undefined) ?? 5000;
    const numbers = fc.oneof(
      { arbitrary: fc.integer({ min, max }), weight: 12 },
      fc.double({ min, max, noNaN: true }),
      fc.constantFrom(min, max, min - 1, max + 1, min - 0.5, max + 0.5),
    );
    // query and path values are text that @Type(() => Number) or IntegerText converts
    const oddTexts = fc.constantFrom('', 'x', '1e3', ' 7', '0x10', '-0', '007', '99999999999999999999999');
    return fromText ? fc.oneof(numbers.map(String), oddTexts) : numbers;
  }
  if (custom.has(IS_STRING)) {
    const minLength = (constraint(MIN_LENGTH) as number | undefined) ?? (custom.has(IS_NOT_EMPTY) ? 1 : 0);
    const maxLength = (constraint(MAX_LENGTH) as number | undefined) ?? 40;
    const boundaries = [maxLength, maxLength + 1, minLength].concat(minLength > 0 ? [minLength - 1] : []);
    return fc.oneof(
      { arbitrary: fc.string({ minLength, maxLength: Math.min(maxLength, minLength + 24) }), weight: 24 },
      fc.constantFrom(...boundaries).map((length) => 'x'.repeat(length)),
    );
  }
  throw new Error(`no inputs known for rules ${names.join(', ')}: add them to this spec`);
}

// ---------------------------------------------------------------------------------------------------
// Mutations

type Path = (string | number)[];
type Mutation =
  | { kind: 'replace'; at: number; garbage: unknown }
  | { kind: 'remove'; at: number }
  | { kind: 'add'; at: number; key: string; garbage: unknown }
  | { kind: 'resize'; at: number; length: number };

const garbage: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, undefined, '', 'x', ' ', 0, -1, 1.5, 101, true, false, [], {}, [null], [''], ['x'], [{}], {
    a: 1,
  }),
  fc.jsonValue({ maxDepth: 2 }),
  fc.string(),
  fc.double(),
);
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'then'];
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), garbage }),
  fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('add' as const),
    at: fc.nat(),
    key: fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), fc.string({ maxLength: 8 })),
    garbage,
  }),
  fc.record({
    kind: fc.constant('resize' as const),
    at: fc.nat(),
    length: fc.constantFrom(0, 1, 2, 5, 50, 51, 100, 101, 128, 129, 200, 201, 250, 251, 320, 321, 500, 501, 1001),
  }),
);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** a copy with the same own members (also `__proto__`), prototypes and undefined values */
function copy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copy);
  if (!isObject(value)) return value;
  const result = Object.create(Object.getPrototypeOf(value) as object | null) as Record<string, unknown>;
  for (const key of Object.keys(value)) define(result, key, copy(value[key]));
  return result;
}

function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function pathsOf(value: unknown, path: Path = [], paths: Path[] = []): Path[] {
  paths.push(path);
  if (Array.isArray(value)) value.forEach((item, index) => pathsOf(item, [...path, index], paths));
  else if (isObject(value)) for (const key of Object.keys(value)) pathsOf(value[key], [...path, key], paths);
  return paths;
}

function mutate(value: unknown, change: Mutation): unknown {
  const paths = pathsOf(value);
  const path = paths[change.at % paths.length];
  const parent = path.slice(0, -1).reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], value);
  const last = path[path.length - 1];
  const at = path.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], value);
  const put = (replacement: unknown) => {
    if (path.length === 0) return replacement;
    if (Array.isArray(parent)) parent[last as number] = replacement;
    else define(parent as Record<string, unknown>, String(last), replacement);
    return value;
  };
  switch (change.kind) {
    case 'replace':
      return put(copy(change.garbage));
    case 'remove':
      if (path.length === 0) return undefined;
      if (Array.isArray(parent)) parent.splice(last as number, 1);
      else delete (parent as Record<string, unknown>)[last];
      return value;
    case 'add':
      if (Array.isArray(at)) at.push(copy(change.garbage));
      else if (isObject(at)) define(at, change.key, copy(change.garbage));
      return value;
    case 'resize':
      if (typeof at === 'string') return put(at.padEnd(change.length, 'y').slice(0, change.length));
      if (Array.isArray(at)) {
        return put(
          Array.from({ length: change.length }, (_, index) => copy(at.length > 0 ? at[index % at.length] : 'x')),
        );
      }
      return value;
  }
}

/** the prototype of the objects Fastify's router and query parser hand over (find-my-way's NullObject) */
const NULL_OBJECT_PROTOTYPE = Object.create(null) as object;

function asNullObject(value: unknown): unknown {
  if (!isObject(value) || Array.isArray(value)) return value;
  const result = Object.create(NULL_OBJECT_PROTOTYPE) as Record<string, unknown>;
  for (const key of Object.keys(value)) define(result, key, value[key]);
  return result;
}

function input(metatype: Metatype, type: ArgumentMetadata['type']): fc.Arbitrary<unknown> {
  return fc
    .tuple(classArbitrary(metatype), fc.array(mutation, { maxLength: 3 }), fc.boolean())
    .map(([valid, changes, fromRouter]) => {
      const value = changes.reduce<unknown>((value, change) => mutate(value, change), copy(valid));
      // route parameters and query objects always come so; bodies never do (JSON.parse), but may as well
      return type !== 'body' || fromRouter ? asNullObject(value) : value;
    });
}

// ---------------------------------------------------------------------------------------------------
// Comparing answers

/** same prototypes at every level, same own members in the same order, same values */
function expectSameInstances(actual: unknown, expected: unknown, path = '$'): void {
  if (!isObject(expected) || !isObject(actual)) {
    if (!Object.is(actual, expected)) throw new Error(`${path}: ${String(actual)} is not ${String(expected)}`);
    return;
  }
  if (Object.getPrototypeOf(actual) !== Object.getPrototypeOf(expected)) {
    throw new Error(`${path}: a ${actual.constructor?.name} is not a ${expected.constructor?.name}`);
  }
  expect(Object.keys(actual)).toEqual(Object.keys(expected));
  for (const key of Object.keys(expected)) expectSameInstances(actual[key], expected[key], `${path}.${key}`);
}

type Outcome = { value: unknown } | { error: unknown };

async function outcome(answer: Promise<unknown>): Promise<Outcome> {
  try {
    return { value: await answer };
  } catch (error) {
    return { error };
  }
}

/** everything a caller of the pipe can read of an error: its class, message and members (the problem body) */
function describeError(error: unknown) {
  const http = error as { getStatus?: () => number; getResponse?: () => unknown; message?: string };
  return {
    kind: (error as object | null)?.constructor?.name,
    message: http.message,
    members: isObject(error) ? { ...error } : error,
    status: http.getStatus?.(),
    response: http.getResponse?.(),
  };
}

function expectSameOutcome(actual: Outcome, expected: Outcome): void {
  if ('error' in expected) {
    expect('error' in actual ? describeError(actual.error) : actual).toStrictEqual(describeError(expected.error));
  } else {
    expect('value' in actual).toBe(true);
    expectSameInstances((actual as { value: unknown }).value, expected.value);
  }
}

// ---------------------------------------------------------------------------------------------------

describe('JsonValidationPipe fast path', () => {
  const routes = validatedParameters();
  let pipe: JsonValidationPipe;
  let fastPath: ValidationFastPath;
  /** Nest's full path on the same pipe: what the pipe did before the fast path */
  const fullPath = (value: unknown, metadata: ArgumentMetadata) =>
    ValidationPipe.prototype.transform.call(pipe, value, metadata) as Promise<unknown>;

  beforeAll(() => {
    cacheValidationMetadata();
    pipe = new JsonValidationPipe(SERVICE_VALIDATION_OPTIONS);
    fastPath = ValidationFastPath.forOptions(SERVICE_VALIDATION_OPTIONS)!;
  });

  it('covers every controller, and every class of the command routes can be proven', () => {
    const controllerFiles = readdirSync(join(__dirname, '..'), { recursive: true, encoding: 'utf8' }).filter((file) =>
      file.endsWith('.controller.ts'),
    );
    expect(controllerFiles).toHaveLength(CONTROLLERS.length);
    const names = routes.map((route) => route.name);
    expect(names).toEqual(
      expect.arrayContaining(['FlagAccountDto (body)', 'OpenAccountDto (body)', 'AccountParams (param)']),
    );
    // the bulk access route takes an untyped body, which the pipe leaves to access-record.validation.ts
    expect(names.filter((name) => name.startsWith('AccessRecord'))).toEqual([]);
    expect(routes.filter((route) => !fastPath.supports(route.metadata.metatype)).map((route) => route.name)).toEqual(
      [],
    );
  });

  it("answers the hot routes' valid values itself, with the instances the full path builds", async () => {
    const flag = {
      flagId: 'f1',
      category: 'malicious-activity',
      indicators: ['c2-beacon'],
      severity: 'high',
      source: 'b',
    };
    const open = {
      accountId: 'acct_1',
      customer: {
        kind: 'individual',
        name: 'Erika Mustermann',
        address: { lines: ['Hauptstrasse 1'], city: 'Berlin', country: 'DE' },
        country: 'DE',
      },
      contact: { email: 'erika@example.org', phone: '+4930123456' },
      paymentMeans: [{ paymentMeansId: 'pm_1', method: 'card', identifier: '4111111111111111' }],
      channel: { kind: 'reseller', resellerId: 'r1' },
      usPersonStatus: 'foreign',
      beneficialOwners: [
        {
          ownerId: 'o1',
          name: 'Max',
          address: { lines: ['x'], city: 'y', country: 'DE' },
          ownershipPct: 30,
          controlBasis: null,
          usPersonStatus: 'us',
        },
      ],
    };
    const cases: [unknown, ArgumentMetadata & { metatype: Metatype }][] = [
      [flag, { type: 'body', metatype: FlagAccountDto }],
      [open, { type: 'body', metatype: OpenAccountDto }],
      // as Fastify's router hands route parameters over
      [asNullObject({ accountId: 'acct_1' }), { type: 'param', metatype: AccountParams }],
      [asNullObject({ accountId: 'acct_1', flagId: 'f1' }), { type: 'param', metatype: FlagParams }],
    ];
    for (const [value, metadata] of cases) {
      const proven = fastPath.prove(copy(value), metadata.metatype);
      expect(proven).toBeInstanceOf(metadata.metatype);
      expectSameInstances(proven, await fullPath(copy(value), metadata));
      expectSameInstances(await pipe.transform(copy(value), metadata), proven);
    }
  });

  describe.each(routes.map((route) => [route.name, route] as const))('%s', (_name, route) => {
    it('proves only what the full path accepts, and the pipe answers as the full path does', async () => {
      let proven = 0;
      await fc.assert(
        fc.asyncProperty(input(route.metadata.metatype, route.metadata.type), async (value) => {
          const answer = fastPath.prove(copy(value), route.metadata.metatype);
          const forPipe = copy(value);
          const forFullPath = copy(value);
          const expected = await outcome(fullPath(forFullPath, route.metadata));
          if (answer !== NOT_PROVEN) {
            proven++;
            expect('value' in expected).toBe(true);
            expectSameInstances(answer, (expected as { value: unknown }).value);
          }
          expectSameOutcome(await outcome(pipe.transform(forPipe, route.metadata)), expected);
          // and what the pipe left of its input (prototype keys are stripped in place) is alike too
          expectSameInstances(forPipe, forFullPath);
        }),
        { numRuns: 250 },
      );
      // the inputs are drawn valid before they are mutated: some must have been proven
      expect(proven).toBeGreaterThan(0);
    });
  });
});
